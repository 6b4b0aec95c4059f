package io.skillscope.grafting;

import com.google.gson.JsonObject;
import io.skillscope.core.checkpoint.AtomicFiles;
import io.skillscope.core.checkpoint.DType;
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
import java.util.function.ObjIntConsumer;

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
     * Computes one tensor's float32 values and hands them to a sink chunk by chunk, in row-major order,
     * {@code values[0..count)} per call (the array may be reused after the call).
     */
    @FunctionalInterface
    interface TensorValues {
        /**
         * @param name the tensor
         * @param sink receives its values, every element once, in order
         */
        void produce(String name, ObjIntConsumer<float[]> sink);
    }

    /**
     * Writes {@code file} with every tensor of {@code template}: those in {@code computed} get the floats
     * {@code compute} hands over (stored in the template's dtype, chunk by chunk), the others are copied
     * byte for byte. Tensors are produced and written one at a time, each in chunks.
     */
    static void writeTensors(
            Path file,
            TensorSource template,
            Set<String> computed,
            TensorValues compute,
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
                    out.writeFloats(name, sink -> compute.produce(name, sink));
                } else {
                    out.copyFrom(name, template, name);
                }
            }
            out.commit();
        }
    }

    /** Writes float32 tensors one at a time, each in chunks ({@code compute} is called once per name, in order). */
    static void writeFloatTensors(
            Path file, Map<String, long[]> shapes, TensorValues compute, Map<String, String> metadata) {
        SafetensorsWriter.Builder b = SafetensorsWriter.builder(file).optMetadata(metadata);
        shapes.forEach((name, shape) -> b.addTensor(name, DType.F32, shape));
        try (SafetensorsWriter.Output out = b.open()) {
            for (String name : new java.util.TreeMap<>(shapes).keySet()) {
                out.writeFloats(name, sink -> compute.produce(name, sink));
            }
            out.commit();
        }
    }

    /**
     * Hands {@code sink} the chunks of an element-wise operation on one tensor of several checkpoints:
     * for every chunk, {@code op} gets each input's float32 chunk (the first may be overwritten with the
     * result and returned), the index of the chunk's first element and its length, and returns the
     * values to write.
     */
    static void elementwise(
            String name, List<TensorSource> inputs, int chunk, ChunkOp op, ObjIntConsumer<float[]> sink) {
        TensorChunks[] in = new TensorChunks[inputs.size()];
        for (int j = 0; j < in.length; j++) {
            in[j] = new TensorChunks(inputs.get(j), name, chunk);
        }
        float[][] values = new float[in.length][];
        for (int c = 0; c < in[0].chunks(); c++) {
            for (int j = 0; j < in.length; j++) {
                values[j] = in[j].read(c);
            }
            int len = in[0].length(c);
            sink.accept(op.apply(values, in[0].first(c), len), len);
        }
    }

    /** One chunk of an element-wise operation ({@link #elementwise}). */
    @FunctionalInterface
    interface ChunkOp {
        /**
         * @param values each input's chunk, {@code [0, length)} valid
         * @param first the index of the chunk's first element in the tensor
         * @param length the chunk's length
         * @return the result, {@code [0, length)}
         */
        float[] apply(float[][] values, long first, int length);
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
