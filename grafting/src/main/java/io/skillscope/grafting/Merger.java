package io.skillscope.grafting;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.skillscope.core.checkpoint.Hashing;
import io.skillscope.core.checkpoint.TensorSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Merges several fine-tuned models relative to θ_pre, θ = θ_pre + λ τ_m with τ_t = θ_t − θ_pre and τ_m
 * from {@link MergeMethod}: task arithmetic (Ilharco et al. 2023), TIES (Yadav et al. 2023), DARE
 * (Yu et al. 2024). Streams tensor by tensor: for one tensor name it holds θ_pre and the task vectors
 * of that tensor only (task arithmetic accumulates, so one model tensor at a time), never whole models.
 * Arithmetic is in double, so one model at λ = 1 reproduces it bit for bit.
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

    /** θ_pre + λ τ_m for one tensor, reading the models' tensors one at a time where the method allows. */
    static float[] mergeTensor(String name, TensorSource pre, List<TensorSource> models, MergeConfig config) {
        float[] base = pre.readFloats(name);
        int n = base.length;
        double[] merged;
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
                merged = new double[n];
                for (int t = 0; t < models.size(); t++) {
                    double w = config.weight(t);
                    int[] at = {0};
                    models.get(t).streamFloats(name, (v, count) -> {
                        for (int i = 0; i < count; i++, at[0]++) {
                            merged[at[0]] += w * ((double) v[i] - base[at[0]]);
                        }
                    });
                }
            }
            case DARE_SUM -> {
                merged = new double[n];
                for (int t = 0; t < models.size(); t++) {
                    double[] tau = taskVector(name, base, models.get(t), t, config);
                    for (int i = 0; i < n; i++) {
                        merged[i] += tau[i];
                    }
                }
            }
            case TIES, DARE_TIES -> {
                double[][] taus = new double[models.size()][];
                for (int t = 0; t < taus.length; t++) {
                    taus[t] = MergeMath.trim(taskVector(name, base, models.get(t), t, config), config.density());
                }
                merged = MergeMath.disjointMean(taus, MergeMath.electSign(taus));
            }
            default -> throw new IllegalStateException(config.method().name());
        }
        for (int i = 0; i < n; i++) {
            base[i] = (float) (base[i] + config.lambda() * merged[i]);
        }
        return base;
    }

    /** w_t (θ_t − θ_pre) for one tensor, DARE-dropped when the method says so. */
    private static double[] taskVector(String name, float[] base, TensorSource model, int t, MergeConfig config) {
        float[] theta = model.readFloats(name);
        double w = config.weight(t);
        double[] tau = new double[base.length];
        for (int i = 0; i < tau.length; i++) {
            tau[i] = w * ((double) theta[i] - base[i]);
        }
        if (config.method() == MergeMethod.DARE_SUM || config.method() == MergeMethod.DARE_TIES) {
            MergeMath.dropAndRescale(
                    tau, MergeMath.dareKeep(config.seed(), t, name, tau.length, config.keep()), config.keep());
        }
        return tau;
    }
}
