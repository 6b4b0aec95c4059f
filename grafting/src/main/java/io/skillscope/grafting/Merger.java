package io.skillscope.grafting;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.skillscope.core.checkpoint.Hashing;
import io.skillscope.core.checkpoint.TensorSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.ObjIntConsumer;

/**
 * Merges several fine-tuned models relative to θ_pre, θ = θ_pre + λ τ_m with τ_t = θ_t − θ_pre and τ_m
 * from {@link MergeMethod}: task arithmetic (Ilharco et al. 2023), TIES (Yadav et al. 2023), DARE
 * (Yu et al. 2024). Streams tensor by tensor, never whole models, and a tensor larger than a chunk
 * ({@link TensorChunks#DEFAULT_SIZE} elements, 32 MiB of float32) chunk by chunk: each input's chunk is
 * read from its byte range, merged, and written into its place in the output file, so the heap holds θ_pre's
 * and each model's float32 chunk and one float64 chunk (an accumulator, or the task vector a TIES pass
 * reads) whatever the size of the largest tensor (a 256,000 × 2,304 embedding included). TIES's trim is per
 * tensor, as in the paper: its threshold, the k-th largest |τ_t| over the whole tensor, is found exactly
 * by radix-selection passes over the chunks ({@link MergeMath#kthLargestAbs(MergeMath.Entries, long, long,
 * int)}), and DARE's drops are drawn entry by entry in index order ({@link MergeMath.DareDraws}), so a
 * chunked merge writes the same bytes as one of the whole tensor. Arithmetic is in double, so one model at
 * λ = 1 reproduces it bit for bit.
 *
 * <pre>{@code
 * try (TensorSource pre = TensorSource.open(base); TensorSource a = TensorSource.open(ftA);
 *      TensorSource b = TensorSource.open(ftB)) {
 *     Merger.merge(pre, List.of(a, b), MergeConfig.ties(0.2, 1.0), out);
 * }
 * }</pre>
 */
public final class Merger {
    private Merger() {}

    /**
     * Writes the merged model as a Hugging Face folder (config and tokenizer copied from θ_pre's folder;
     * provenance with every input's hash in {@code result.json}). Every floating-point tensor of θ_pre
     * is merged and must exist with the same shape in every model; other tensors are copied.
     *
     * @param pre θ_pre
     * @param models the fine-tuned models θ_t
     * @param config method and settings
     * @param out the folder to create
     * @return {@code out}
     */
    public static Path merge(TensorSource pre, List<TensorSource> models, MergeConfig config, Path out) {
        return merge(pre, models, config, out, TensorChunks.DEFAULT_SIZE);
    }

    /** {@link #merge(TensorSource, List, MergeConfig, Path)} in chunks of {@code chunk} elements. */
    static Path merge(TensorSource pre, List<TensorSource> models, MergeConfig config, Path out, int chunk) {
        if (models.isEmpty()) {
            throw new GraftingException("a merge needs at least one model");
        }
        if (!config.weights().isEmpty() && config.weights().size() != models.size()) {
            throw new GraftingException("merge has " + models.size() + " models but "
                    + config.weights().size() + " weights");
        }
        List<TensorSource> all = new ArrayList<>(models);
        all.add(pre);
        Outputs.checkNotInput(out, all.toArray(new TensorSource[0]));
        Set<String> merged = new TreeSet<>();
        for (String name : pre.names()) {
            if (pre.info(name).dtype().isFloating()) {
                for (TensorSource m : models) {
                    Outputs.sameShape(name, pre, m);
                }
                merged.add(name);
            }
        }
        String preHash = Hashing.sha256(pre);
        JsonArray inputs = new JsonArray();
        for (TensorSource m : models) {
            JsonObject o = new JsonObject();
            o.addProperty("path", m.path().toString());
            o.addProperty("sha256", Hashing.sha256(m));
            inputs.add(o);
        }
        Outputs.createFolder(out);
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "pt");
        meta.put("skillscope.operation", "merge");
        meta.put("skillscope.method", config.method().name());
        meta.put("skillscope.pre_sha256", preHash);
        Outputs.writeTensors(
                out.resolve("model.safetensors"),
                pre,
                merged,
                (name, sink) -> mergeTensor(name, pre, models, config, chunk, sink),
                meta);
        Outputs.copyCompanions(Outputs.folderOf(pre), out);
        JsonObject result = new JsonObject();
        result.addProperty("operation", "merge");
        result.addProperty("formula", "theta = theta_pre + lambda * tau_m, tau_t = theta_t - theta_pre");
        result.addProperty("method", config.method().name());
        result.addProperty("lambda", config.lambda());
        JsonArray w = new JsonArray();
        for (int t = 0; t < models.size(); t++) {
            w.add(config.weight(t));
        }
        result.add("weights", w);
        result.addProperty("density", config.density());
        result.addProperty("keep", config.keep());
        result.addProperty("seed", config.seed());
        result.addProperty("pre", pre.path().toString());
        result.addProperty("pre_sha256", preHash);
        result.add("models", inputs);
        Outputs.writeResult(out, result);
        return out;
    }

    /**
     * θ_pre + λ τ_m for one tensor, handed to {@code sink} chunk by chunk. Never holds a task vector:
     * τ_t,i = w_t (θ_t,i − θ_pre,i) (DARE: dropped or divided by d) is recomputed from the float32 chunks
     * where it is needed, in the same double arithmetic as {@link MergeMath}, so the result is bit for bit
     * that of {@link MergeMath#ties} and of summing the task vectors, whatever the chunk. Task arithmetic
     * and DARE-sum make one pass, summing the models into a double chunk; TIES first finds each model's
     * trim ({@link MergeMath.Trim#of}: up to four passes over θ_pre's and that model's chunks), then makes
     * the merging pass with every model's chunk.
     */
    static void mergeTensor(
            String name,
            TensorSource pre,
            List<TensorSource> models,
            MergeConfig config,
            int chunk,
            ObjIntConsumer<float[]> sink) {
        TensorChunks base = new TensorChunks(pre, name, chunk);
        int m = models.size();
        TensorChunks[] theta = new TensorChunks[m];
        MergeMath.DareDraws[] draws = new MergeMath.DareDraws[m];
        boolean dare = config.method() == MergeMethod.DARE_SUM || config.method() == MergeMethod.DARE_TIES;
        for (int t = 0; t < m; t++) {
            theta[t] = new TensorChunks(models.get(t), name, chunk);
            draws[t] = dare ? new MergeMath.DareDraws(config.seed(), t, name, config.keep()) : null;
        }
        int width = (int) Math.min(chunk, Math.max(1, base.numel()));
        boolean[][] kept = new boolean[m][dare ? width : 0];
        switch (config.method()) {
            case TASK_ARITHMETIC, DARE_SUM -> {
                double[] merged = new double[width]; // [chunk]
                for (int c = 0; c < base.chunks(); c++) {
                    float[] b = base.read(c); // [chunk] θ_pre
                    int len = base.length(c);
                    Arrays.fill(merged, 0, len, 0);
                    for (int t = 0; t < m; t++) {
                        float[] v = theta[t].read(c); // [chunk] θ_t
                        double w = config.weight(t);
                        if (dare) {
                            draws[t].next(kept[t], len);
                        }
                        for (int i = 0; i < len; i++) {
                            merged[i] += tau(w, v[i], b[i], dare, kept[t], i, config.keep());
                        }
                    }
                    for (int i = 0; i < len; i++) {
                        b[i] = (float) (b[i] + config.lambda() * merged[i]);
                    }
                    sink.accept(b, len);
                }
            }
            case TIES, DARE_TIES -> {
                MergeMath.Trim[] trims = new MergeMath.Trim[m];
                double[] tau = new double[width]; // [chunk] τ_t of one pass
                for (int t = 0; t < m; t++) {
                    int model = t;
                    double w = config.weight(t);
                    MergeMath.Entries entries = pass -> {
                        if (dare) {
                            draws[model].restart();
                        }
                        for (int c = 0; c < base.chunks(); c++) {
                            float[] b = base.read(c);
                            float[] v = theta[model].read(c);
                            int len = base.length(c);
                            if (dare) {
                                draws[model].next(kept[model], len);
                            }
                            for (int i = 0; i < len; i++) {
                                tau[i] = tau(w, v[i], b[i], dare, kept[model], i, config.keep());
                            }
                            pass.accept(tau, len);
                        }
                    };
                    trims[t] = MergeMath.Trim.of(entries, base.numel(), config.density(), width / 2);
                }
                float[][] v = new float[m][];
                double[] trimmed = new double[m];
                for (int t = 0; t < m && dare; t++) {
                    draws[t].restart();
                }
                for (int c = 0; c < base.chunks(); c++) {
                    float[] b = base.read(c);
                    int len = base.length(c);
                    for (int t = 0; t < m; t++) {
                        v[t] = theta[t].read(c);
                        if (dare) {
                            draws[t].next(kept[t], len);
                        }
                    }
                    for (int i = 0; i < len; i++) {
                        double s = 0;
                        for (int t = 0; t < m; t++) {
                            trimmed[t] = trims[t].apply(
                                    tau(config.weight(t), v[t][i], b[i], dare, kept[t], i, config.keep()));
                            s += trimmed[t]; // MergeMath.electSign
                        }
                        byte sign = (byte) Math.signum(s);
                        double out = 0;
                        if (sign != 0) { // MergeMath.disjointMean
                            double sum = 0;
                            int count = 0;
                            for (int t = 0; t < m; t++) {
                                if (trimmed[t] != 0 && Math.signum(trimmed[t]) == sign) {
                                    sum += trimmed[t];
                                    count++;
                                }
                            }
                            out = count == 0 ? 0 : sum / count;
                        }
                        b[i] = (float) (b[i] + config.lambda() * out);
                    }
                    sink.accept(b, len);
                }
            }
            default -> throw new IllegalStateException(config.method().name());
        }
    }

    /**
     * τ_t,i = w_t (θ_t,i − θ_pre,i), and under DARE τ_t,i / d where entry i is kept, else 0: the values of
     * the arrays {@code taskVector} and {@link MergeMath#dropAndRescale} computed, without the array.
     */
    private static double tau(double w, float theta, float base, boolean dare, boolean[] kept, int i, double keep) {
        double v = w * ((double) theta - base);
        return !dare ? v : kept[i] ? v / keep : 0;
    }
}
