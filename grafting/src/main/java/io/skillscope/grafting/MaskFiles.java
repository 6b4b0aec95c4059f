package io.skillscope.grafting;

import com.google.gson.JsonObject;
import io.skillscope.core.checkpoint.DType;
import io.skillscope.core.checkpoint.HostTensor;
import io.skillscope.core.checkpoint.SafetensorsWriter;
import io.skillscope.core.checkpoint.TensorInfo;
import io.skillscope.core.checkpoint.TensorSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@link Mask} on disk: a folder with {@code mask.safetensors} (one U8 tensor of 0/1 per included
 * tensor, same shape; the attributes as {@code attr.*} metadata, format {@value #FORMAT}) and
 * {@code result.json} (sparsity, counts per tensor and per layer, attributes, any extra fields,
 * provenance). {@link #load} reads back exactly what {@link #save(Mask, Path, JsonObject)} wrote.
 */
public final class MaskFiles {
    /** File name of the tensors in a saved mask folder. */
    public static final String TENSORS_FILE = "mask.safetensors";
    /** File name of the summary in a saved mask folder. */
    public static final String RESULT_FILE = "result.json";
    /** Format tag stored in the safetensors metadata. */
    public static final String FORMAT = "skillscope-mask/1";

    private MaskFiles() {}

    /**
     * The summary written to {@code result.json}: sparsity, counts, per-tensor and per-layer counts,
     * attributes.
     *
     * @param mask the mask
     * @return a fresh JSON object
     */
    public static JsonObject summary(Mask mask) {
        JsonObject j = new JsonObject();
        j.addProperty("sparsity", mask.sparsity());
        j.addProperty("n_selected", mask.cardinality());
        j.addProperty("n_included", mask.included());
        j.addProperty("n_tensors", mask.names().size());
        JsonObject perTensor = new JsonObject();
        for (String name : mask.names()) {
            JsonObject t = new JsonObject();
            t.addProperty("selected", mask.bits(name).cardinality());
            t.addProperty("numel", Mask.numel(name, mask.shape(name)));
            perTensor.add(name, t);
        }
        j.add("per_tensor", perTensor);
        JsonObject perLayer = new JsonObject();
        mask.perLayer().forEach((l, n) -> perLayer.addProperty(l < 0 ? "other" : Integer.toString(l), n));
        j.add("per_layer", perLayer);
        JsonObject attrs = new JsonObject();
        mask.attributes().forEach(attrs::addProperty);
        j.add("attributes", attrs);
        return j;
    }

    /**
     * Writes the mask folder: {@code mask.safetensors} and {@code result.json}, each atomically.
     *
     * @param mask the mask
     * @param folder the folder (created when missing)
     */
    public static void save(Mask mask, Path folder) {
        save(mask, folder, new JsonObject());
    }

    /**
     * Writes the mask folder with extra top-level fields in {@code result.json} (metrics, settings).
     *
     * @param mask the mask
     * @param folder the folder (created when missing)
     * @param extra fields added to the summary (they win over summary fields of the same name)
     */
    public static void save(Mask mask, Path folder, JsonObject extra) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", FORMAT);
        mask.attributes().forEach((k, v) -> meta.put("attr." + k, v));
        SafetensorsWriter.Builder b =
                SafetensorsWriter.builder(folder.resolve(TENSORS_FILE)).optMetadata(meta);
        for (String name : mask.names()) {
            b.addTensor(name, DType.U8, mask.shape(name));
        }
        try (SafetensorsWriter.Output out = b.open()) {
            for (String name : mask.names()) {
                byte[] u8 = new byte[mask.numel(name)];
                BitSet set = mask.bits(name);
                for (int i = set.nextSetBit(0); i >= 0; i = set.nextSetBit(i + 1)) {
                    u8[i] = 1;
                }
                out.write(name, HostTensor.ofU8(u8, mask.shape(name)));
            }
            out.commit();
        }
        JsonObject json = summary(mask);
        extra.entrySet().forEach(e -> json.add(e.getKey(), e.getValue()));
        json.add("provenance", io.skillscope.core.Json.environment());
        io.skillscope.core.Json.write(folder.resolve(RESULT_FILE), json);
    }

    /**
     * Reads a mask folder written by {@link #save(Mask, Path, JsonObject)} (or a bare {@code mask.safetensors} file).
     *
     * @param folderOrFile the folder or the safetensors file
     * @return the mask, equal bit for bit to the one saved, with its attributes
     * @throws GraftingException if a tensor is not U8 or holds a value other than 0 and 1
     */
    public static Mask load(Path folderOrFile) {
        Path file = Files.isDirectory(folderOrFile) ? folderOrFile.resolve(TENSORS_FILE) : folderOrFile;
        try (TensorSource src = TensorSource.open(file)) {
            Mask.Builder b = Mask.builder();
            for (String name : src.names()) {
                TensorInfo info = src.info(name);
                if (info.dtype() != DType.U8 && info.dtype() != DType.BOOL) {
                    throw new GraftingException(
                            file + ": mask tensor " + name + " is " + info.dtype() + "; masks are stored as U8 0/1");
                }
                byte[] v = src.readStored(name).asType(DType.U8).toU8();
                BitSet set = new BitSet(v.length);
                for (int i = 0; i < v.length; i++) {
                    if (v[i] == 1) {
                        set.set(i);
                    } else if (v[i] != 0) {
                        throw new GraftingException(file + ": mask tensor " + name + " holds " + (v[i] & 0xff)
                                + " at index " + i + "; only 0 and 1 are allowed");
                    }
                }
                b.put(name, info.shape(), set);
            }
            src.metadata().forEach((k, v) -> {
                if (k.startsWith("attr.")) {
                    b.attribute(k.substring(5), v);
                }
            });
            return b.build();
        }
    }
}
