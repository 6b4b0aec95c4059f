package io.skillscope.grafting;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.skillscope.core.checkpoint.Hashing;
import io.skillscope.core.checkpoint.TensorSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Merges several fine-tuned models relative to θ_pre, θ = θ_pre + λ τ_m with τ_t = θ_t − θ_pre and τ_m
 * from {@link MergeMethod}: task arithmetic (Ilharco et al. 2023), TIES (Yadav et al. 2023), DARE
 * (Yu et al. 2024). Streams tensor by tensor, never whole models: for one tensor name, TIES holds θ_pre's
 * and each model's float32 tensor (4 bytes per entry each; task vectors are recomputed entry by entry,
 * never stored), task arithmetic θ_pre's tensor, one model's and a double accumulator. Arithmetic is in
 * double, so one model at λ = 1 reproduces it bit for bit. Task arithmetic streams each model's values
 * as they are read (one model needs no accumulator). {@code skillscope bench methods} measures the
 * peak: a TIES merge of two GPT-2-small-shaped fine-tunes stays 1.5× one model's weights above the JVM's
 * own (about five copies of the largest tensor, the embedding), down from about 7× when task vectors were
 * held as double arrays.
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
                out.resolve("model.safetensors"), pre, merged, name -> mergeTensor(name, pre, models, config), meta);
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
     * θ_pre + λ τ_m for one tensor. Never holds a task vector: τ_t,i = w_t (θ_t,i − θ_pre,i) (DARE:
     * dropped or divided by d) is recomputed from the float32 tensors where it is needed, in the same
     * double arithmetic as {@link MergeMath}, so the result is bit for bit that of {@link MergeMath#ties}
     * and of summing the task vectors. Task arithmetic and DARE-sum read one model at a time into a
     * double accumulator; TIES holds θ_pre and each model's tensor (4 bytes per entry each) and finds
     * each trim threshold by {@link MergeMath#kthLargestAbs}, without a copy.
     */
    static float[] mergeTensor(String name, TensorSource pre, List<TensorSource> models, MergeConfig config) {
        float[] base = pre.readFloats(name);
        int n = base.length;
        boolean dare = config.method() == MergeMethod.DARE_SUM || config.method() == MergeMethod.DARE_TIES;
        switch (config.method()) {
            case TASK_ARITHMETIC -> {
                // the fine-tuned values as they stream: no float32 copy of θ_t and no float64 task vector;
                // one model needs no accumulator at all (0 + τ is τ)
                if (models.size() == 1) {
                    double w = config.weight(0);
                    int[] at = {0};
                    models.get(0).streamFloats(name, (v, count) -> {
                        for (int i = 0; i < count; i++, at[0]++) {
                            double m = 0;
                            m += w * ((double) v[i] - base[at[0]]);
                            base[at[0]] = (float) (base[at[0]] + config.lambda() * m);
                        }
                    });
                    return base;
                }
                double[] merged = new double[n];
                for (int t = 0; t < models.size(); t++) {
                    double w = config.weight(t);
                    int[] at = {0};
                    models.get(t).streamFloats(name, (v, count) -> {
                        for (int i = 0; i < count; i++, at[0]++) {
                            merged[at[0]] += w * ((double) v[i] - base[at[0]]);
                        }
                    });
                }
                for (int i = 0; i < n; i++) {
                    base[i] = (float) (base[i] + config.lambda() * merged[i]);
                }
            }
            case DARE_SUM -> {
                double[] merged = new double[n];
                for (int t = 0; t < models.size(); t++) {
                    float[] theta = models.get(t).readFloats(name);
                    TaskVector tau = new TaskVector(
                            theta, base, config.weight(t), dareKept(dare, name, t, n, config), config.keep());
                    for (int i = 0; i < n; i++) {
                        merged[i] += tau.at(i);
                    }
                }
                for (int i = 0; i < n; i++) {
                    base[i] = (float) (base[i] + config.lambda() * merged[i]);
                }
            }
            case TIES, DARE_TIES -> {
                int m = models.size();
                TaskVector[] taus = new TaskVector[m];
                for (int t = 0; t < m; t++) {
                    taus[t] = new TaskVector(
                            models.get(t).readFloats(name),
                            base,
                            config.weight(t),
                            dareKept(dare, name, t, n, config),
                            config.keep());
                }
                MergeMath.Trim[] trims = new MergeMath.Trim[m];
                for (int t = 0; t < m; t++) {
                    trims[t] = MergeMath.Trim.of(taus[t]::at, n, config.density());
                }
                double[] trimmed = new double[m];
                for (int i = 0; i < n; i++) {
                    double s = 0;
                    for (int t = 0; t < m; t++) {
                        trimmed[t] = trims[t].apply(taus[t].at(i));
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
                    base[i] = (float) (base[i] + config.lambda() * out);
                }
            }
            default -> throw new IllegalStateException(config.method().name());
        }
        return base;
    }

    private static BitSet dareKept(boolean dare, String name, int t, int n, MergeConfig config) {
        return dare ? MergeMath.dareKeep(config.seed(), t, name, n, config.keep()) : null;
    }

    /**
     * w_t (θ_t − θ_pre) entry by entry, DARE-dropped and rescaled when {@code kept} is given: the values
     * of the arrays {@code taskVector} and {@link MergeMath#dropAndRescale} computed, without the array.
     * Reads θ_pre entry i, so it must be taken before entry i of θ_pre is overwritten.
     */
    private record TaskVector(float[] theta, float[] base, double weight, BitSet kept, double keep) {
        double at(int i) {
            double v = weight * ((double) theta[i] - base[i]);
            return kept == null ? v : kept.get(i) ? v / keep : 0;
        }
    }
}
