package io.skillscope.grafting;

import com.google.gson.JsonObject;
import io.skillscope.core.checkpoint.Hashing;
import io.skillscope.core.checkpoint.TensorSource;
import io.skillscope.core.model.ParameterStore;
import io.skillscope.core.model.Transformer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A skill vector v = θ_a − θ_b, tensor by tensor (PaST, 2026: v = θ_rl − θ_sft; a task vector when b
 * is θ_pre). Stored as a folder with {@code vector.safetensors} (float32) and {@code result.json}
 * (inputs, their hashes, norms); built and applied streaming, one tensor at a time, so two large
 * checkpoints are never in memory together.
 *
 * <pre>{@code
 * SkillVector v;
 * try (TensorSource rl = TensorSource.open(rlDir); TensorSource sft = TensorSource.open(sftDir)) {
 *     v = SkillVector.between(rl, sft, vecDir);
 * }
 * try (TensorSource target = TensorSource.open(targetSftDir)) {
 *     v.addTo(target, 1.0, injectedDir); // θ_sft^target + λ v
 * }
 * }</pre>
 */
public final class SkillVector {
    /** File name of the tensors in a vector folder. */
    public static final String TENSORS_FILE = "vector.safetensors";

    private final Path folder;
    private final SortedSet<String> names;
    private final Map<String, long[]> shapes;

    private SkillVector(Path folder, SortedSet<String> names, Map<String, long[]> shapes) {
        this.folder = folder;
        this.names = names;
        this.shapes = shapes;
    }

    /**
     * Computes v = θ_a − θ_b for every tensor (both checkpoints must hold the same floating-point
     * tensors with the same shapes) and writes it to a new folder.
     *
     * @param a θ_a (e.g. the RL model)
     * @param b θ_b (e.g. the SFT model it started from)
     * @param out the folder to create
     * @return the vector, read lazily from {@code out}
     */
    public static SkillVector between(TensorSource a, TensorSource b, Path out) {
        Outputs.checkNotInput(out, a, b);
        if (!a.names().equals(b.names())) {
            SortedSet<String> onlyA = new TreeSet<>(a.names());
            onlyA.removeAll(b.names());
            SortedSet<String> onlyB = new TreeSet<>(b.names());
            onlyB.removeAll(a.names());
            throw new GraftingException("checkpoints hold different tensors: only in " + a.path() + ": " + onlyA
                    + "; only in " + b.path() + ": " + onlyB);
        }
        Map<String, long[]> shapes = new TreeMap<>();
        for (String name : a.names()) {
            shapes.put(name, Outputs.sameShape(name, a, b));
        }
        Outputs.createFolder(out);
        String hashA = Hashing.sha256(a);
        String hashB = Hashing.sha256(b);
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("skillscope.operation", "skill_vector");
        meta.put("skillscope.a_sha256", hashA);
        meta.put("skillscope.b_sha256", hashB);
        JsonObject norms = new JsonObject();
        double[] total = {0};
        Outputs.writeFloatTensors(
                out.resolve(TENSORS_FILE),
                shapes,
                (name, sink) -> {
                    double[] sq = {0};
                    Outputs.elementwise(
                            name,
                            List.of(a, b),
                            TensorChunks.DEFAULT_SIZE,
                            (v, first, length) -> {
                                float[] va = v[0]; // [chunk] θ_a, becomes v
                                float[] vb = v[1]; // [chunk] θ_b
                                for (int i = 0; i < length; i++) {
                                    va[i] = (float) ((double) va[i] - vb[i]);
                                    sq[0] += (double) va[i] * va[i];
                                }
                                return va;
                            },
                            sink);
                    norms.addProperty(name, Math.sqrt(sq[0]));
                    total[0] += sq[0];
                },
                meta);
        JsonObject result = new JsonObject();
        result.addProperty("operation", "skill_vector");
        result.addProperty("formula", "v = theta_a - theta_b");
        result.addProperty("a", a.path().toString());
        result.addProperty("a_sha256", hashA);
        result.addProperty("b", b.path().toString());
        result.addProperty("b_sha256", hashB);
        result.addProperty("n_tensors", shapes.size());
        result.addProperty("l2_norm", Math.sqrt(total[0]));
        result.add("l2_norm_per_tensor", norms);
        Outputs.writeResult(out, result);
        return load(out);
    }

    /**
     * Opens a vector folder written by {@link #between}.
     *
     * @param folder the folder
     * @return the vector; tensors are read when used
     */
    public static SkillVector load(Path folder) {
        Path file = folder.resolve(TENSORS_FILE);
        if (!Files.isRegularFile(file)) {
            throw new GraftingException(folder + ": no " + TENSORS_FILE + "; not a skill vector folder");
        }
        try (TensorSource src = TensorSource.open(file)) {
            Map<String, long[]> shapes = new TreeMap<>();
            for (String n : src.names()) {
                shapes.put(n, src.info(n).shape());
            }
            return new SkillVector(folder, new TreeSet<>(src.names()), shapes);
        }
    }

    /** The folder the vector lives in. */
    public Path folder() {
        return folder;
    }

    /** The tensor names. */
    public SortedSet<String> names() {
        return java.util.Collections.unmodifiableSortedSet(names);
    }

    /** Opens the vector's tensors for lazy reading; close the source when done. */
    public TensorSource open() {
        return TensorSource.open(folder.resolve(TENSORS_FILE));
    }

    /**
     * Writes θ = θ_base + scale · v as a new Hugging Face folder (PaST injection: θ_sft^target + λ v).
     * Tensors of the base that the vector lacks are copied unchanged; config and tokenizer files are
     * copied from the base's folder.
     *
     * @param base θ_base
     * @param scale λ
     * @param out the folder to create
     * @return {@code out}
     */
    public Path addTo(TensorSource base, double scale, Path out) {
        try (TensorSource v = open()) {
            Outputs.checkNotInput(out, base, v);
            for (String name : names) {
                Outputs.sameShape(name, base, v);
            }
            String baseHash = Hashing.sha256(base);
            Outputs.createFolder(out);
            Map<String, String> meta = new LinkedHashMap<>();
            meta.put("format", "pt");
            meta.put("skillscope.operation", "add_skill_vector");
            meta.put("skillscope.base_sha256", baseHash);
            meta.put("skillscope.scale", Double.toString(scale));
            Outputs.writeTensors(
                    out.resolve("model.safetensors"),
                    base,
                    names,
                    (name, sink) -> Outputs.elementwise(
                            name,
                            List.of(base, v),
                            TensorChunks.DEFAULT_SIZE,
                            (x, first, length) -> add(x[0], x[1], length, scale),
                            sink),
                    meta);
            Outputs.copyCompanions(Outputs.folderOf(base), out);
            JsonObject result = new JsonObject();
            result.addProperty("operation", "add_skill_vector");
            result.addProperty("formula", "theta = theta_base + scale * v");
            result.addProperty("base", base.path().toString());
            result.addProperty("base_sha256", baseHash);
            result.addProperty("vector", folder.toString());
            result.addProperty("scale", scale);
            Outputs.writeResult(out, result);
            return out;
        }
    }

    /**
     * Adds scale · v to a loaded model's parameters in place.
     *
     * @param model the model; every vector tensor must be one of its parameters
     * @param scale λ
     */
    public void addTo(Transformer model, double scale) {
        ParameterStore params = model.parameters();
        try (TensorSource v = open()) {
            for (String name : names) {
                if (!params.contains(name)) {
                    throw new GraftingException("vector tensor " + name + " is not a parameter of " + model);
                }
                params.write(name, add(params.get(name).toFloatArray(), v.readFloats(name), scale));
            }
        }
    }

    /** base + scale · v, in double per element, written into {@code base}. */
    static float[] add(float[] base, float[] v, double scale) {
        if (base.length != v.length) {
            throw new GraftingException("base has " + base.length + " elements but the vector " + v.length);
        }
        return add(base, v, base.length, scale);
    }

    /** base + scale · v over the first {@code length} elements, written into {@code base}. */
    private static float[] add(float[] base, float[] v, int length, double scale) {
        for (int i = 0; i < length; i++) {
            base[i] = (float) (base[i] + scale * v[i]);
        }
        return base;
    }

    @Override
    public String toString() {
        long n = 0;
        for (long[] s : shapes.values()) {
            long k = 1;
            for (long d : s) {
                k *= d;
            }
            n += k;
        }
        return "SkillVector[" + names.size() + " tensors, " + n + " elements, " + folder + "]";
    }
}
