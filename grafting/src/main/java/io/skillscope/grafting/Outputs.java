package io.skillscope.grafting;

import com.google.gson.JsonObject;
import io.skillscope.core.checkpoint.AtomicFiles;
import io.skillscope.core.checkpoint.DType;
import io.skillscope.core.checkpoint.HostTensor;
import io.skillscope.core.checkpoint.SafetensorsWriter;
import io.skillscope.core.checkpoint.TensorInfo;
import io.skillscope.core.checkpoint.TensorSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** Streaming writes of weight-space results: one tensor in memory at a time, atomically per file. */
final class Outputs {
    /** The files besides the weights that make a Hugging Face folder usable; copied when present. */
    static final List<String> COMPANIONS = List.of(
            "config.json",
            "generation_config.json",
            "tokenizer.json",
            "tokenizer_config.json",
            "special_tokens_map.json");

    private Outputs() {}

    /** The folder a checkpoint lives in (the source itself when it is a folder). */
    static Path folderOf(TensorSource source) {
        Path p = source.path().toAbsolutePath().normalize();
        return Files.isDirectory(p) ? p : p.getParent();
    }

    /** Refuses to write into a folder an input was read from. */
    static void checkNotInput(Path out, TensorSource... inputs) {
        Path target = out.toAbsolutePath().normalize();
        for (TensorSource in : inputs) {
            if (folderOf(in).equals(target)) {
                throw new GraftingException("refusing to write into " + target + ": an input checkpoint lives there");
            }
        }
    }

    /**
     * Writes {@code file} with every tensor of {@code template}: those in {@code computed} get the floats
     * {@code compute} returns (stored in the template's dtype), the others are copied byte for byte.
     * Tensors are produced and written one at a time.
     */
    static void writeTensors(
            Path file,
            TensorSource template,
            Set<String> computed,
            Function<String, float[]> compute,
            Map<String, String> metadata) {
        SafetensorsWriter.Builder b = SafetensorsWriter.builder(file).optMetadata(metadata);
        for (String name : template.names()) {
            TensorInfo info = template.info(name);
            if (computed.contains(name) && !info.dtype().isFloating()) {
                throw new GraftingException(template.path() + ": tensor " + name + " is " + info.dtype()
                        + "; weight arithmetic needs a floating-point tensor");
            }
            b.addTensor(name, info.dtype(), info.shape());
        }
        try (SafetensorsWriter.Output out = b.open()) {
            for (String name : template.names()) {
                if (computed.contains(name)) {
                    TensorInfo info = template.info(name);
                    float[] values = compute.apply(name);
                    out.write(name, HostTensor.ofFloats(values, info.shape()).asType(info.dtype()));
                } else {
                    out.copyFrom(name, template, name);
                }
            }
            out.commit();
        }
    }

    /** Writes float32 tensors one at a time ({@code compute} is called once per name, in order). */
    static void writeFloatTensors(
            Path file, Map<String, long[]> shapes, Function<String, float[]> compute, Map<String, String> metadata) {
        SafetensorsWriter.Builder b = SafetensorsWriter.builder(file).optMetadata(metadata);
        shapes.forEach((name, shape) -> b.addTensor(name, DType.F32, shape));
        try (SafetensorsWriter.Output out = b.open()) {
            for (Map.Entry<String, long[]> e : new java.util.TreeMap<>(shapes).entrySet()) {
                out.write(e.getKey(), HostTensor.ofFloats(compute.apply(e.getKey()), e.getValue()));
            }
            out.commit();
        }
    }

    /** Copies config.json, tokenizer.json and the like from one folder to another, atomically each. */
    static void copyCompanions(Path from, Path to) {
        for (String f : COMPANIONS) {
            Path src = from.resolve(f);
            if (Files.isRegularFile(src)) {
                try {
                    byte[] bytes = Files.readAllBytes(src);
                    AtomicFiles.write(to.resolve(f), ch -> {
                        ByteBuffer buf = ByteBuffer.wrap(bytes);
                        while (buf.hasRemaining()) {
                            ch.write(buf);
                        }
                    });
                } catch (IOException e) {
                    throw new GraftingException(src + ": cannot copy (" + e + ")", e);
                }
            }
        }
    }

    /** Writes {@code result.json} with the environment's provenance added. */
    static void writeResult(Path folder, JsonObject result) {
        result.add("provenance", io.skillscope.core.Json.environment());
        io.skillscope.core.Json.write(folder.resolve("result.json"), result);
    }

    static void createFolder(Path folder) {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new GraftingException("cannot create " + folder + " (" + e + ")", e);
        }
    }

    /** Checks that a tensor exists in both sources with the same shape. */
    static long[] sameShape(String name, TensorSource a, TensorSource b) {
        if (!a.contains(name)) {
            throw new GraftingException(a.path() + ": no tensor '" + name + "'");
        }
        if (!b.contains(name)) {
            throw new GraftingException(b.path() + ": no tensor '" + name + "'");
        }
        long[] sa = a.info(name).shape();
        long[] sb = b.info(name).shape();
        if (!java.util.Arrays.equals(sa, sb)) {
            throw new GraftingException("tensor " + name + " has shape " + java.util.Arrays.toString(sa) + " in "
                    + a.path() + " but " + java.util.Arrays.toString(sb) + " in " + b.path());
        }
        return sa;
    }
}
