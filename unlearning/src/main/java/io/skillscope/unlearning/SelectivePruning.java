package io.skillscope.unlearning;

import ai.djl.ndarray.NDArray;
import com.google.gson.JsonObject;
import io.skillscope.core.SkillscopeException;
import io.skillscope.core.checkpoint.HostTensor;
import io.skillscope.core.checkpoint.TensorSource;
import io.skillscope.core.hooks.HookFilter;
import io.skillscope.core.hooks.HookSession;
import io.skillscope.core.hooks.HookSite;
import io.skillscope.core.model.Transformer;
import io.skillscope.probes.NeuronStats;
import io.skillscope.probes.PositionMode;
import io.skillscope.probes.Probe;
import io.skillscope.probes.ProbeDataset;
import io.skillscope.probes.ProbeSettings;
import io.skillscope.probes.TokenCodec;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Selective Pruning (Pochinkov and Schoots 2024), the baseline of docs/methods.md §2: importance of a
 * feed-forward neuron = mean |act| on the forget set ÷ mean |act| on the retain set at
 * {@code blocks.*.mlp.hook_post} (every token; 1e-8 added to the denominator as the published code
 * does); the top p% over all layers are zeroed at inference.
 */
public final class SelectivePruning implements Unlearner {
    /** The hook the importance is measured and the neurons are zeroed at. */
    public static final HookFilter HOOKS = HookFilter.allLayers(HookSite.MLP_POST);

    /**
     * @param percent share of all feed-forward neurons to zero, in percent
     * @param batchSize rows per probe pass
     */
    public record Settings(double percent, int batchSize) implements Unlearning.Options {
        public Settings {
            if (!(percent > 0 && percent <= 100) || batchSize < 1) {
                throw new IllegalArgumentException(
                        "SelectivePruning.Settings: percent in (0, 100] and batchSize >= 1, got " + percent + ", "
                                + batchSize);
            }
        }

        /** p% of neurons, 32 rows per pass. */
        public static Settings of(double percent) {
            return new Settings(percent, 32);
        }

        /** {@link Unlearning}'s defaults: 1.5% of neurons, 64 rows per pass. */
        public static Settings defaults() {
            return new Settings(1.5, 64);
        }

        public Settings withPercent(double p) {
            return new Settings(p, batchSize);
        }

        public Settings withBatchSize(int b) {
            return new Settings(percent, b);
        }
    }

    private final Map<String, int[]> pruned;
    private final Map<String, double[]> importance; // of the pruned neurons
    private final Settings settings;
    private final double threshold;
    private final Map<String, String> inputs;

    private SelectivePruning(
            Map<String, int[]> pruned,
            Map<String, double[]> importance,
            Settings settings,
            double threshold,
            Map<String, String> inputs) {
        this.pruned = new LinkedHashMap<>(pruned);
        this.importance = new LinkedHashMap<>(importance);
        this.settings = settings;
        this.threshold = threshold;
        this.inputs = new LinkedHashMap<>(inputs);
    }

    /** Probes mean |act| of both sets and selects the top-p% importance ratios. */
    public static SelectivePruning fit(Transformer model, ProbeDataset forget, ProbeDataset retain, Settings s) {
        String hash = model.parameters().sha256();
        ProbeSettings ps =
                ProbeSettings.of(PositionMode.ALL, HOOKS).withAbsolute(true).withBatchSize(s.batchSize());
        Map<String, NeuronStats> f = Probe.run(model, forget, ps, hash).stats();
        Map<String, NeuronStats> r = Probe.run(model, retain, ps, hash).stats();
        Map<String, String> inputs = new LinkedHashMap<>();
        inputs.put("forget", forget.name());
        inputs.put("forget_sha256", forget.sha256());
        inputs.put("retain", retain.name());
        inputs.put("retain_sha256", retain.sha256());
        inputs.put("model_sha256", hash);
        return fromStats(f, r, s, inputs);
    }

    /** Selection from |act| statistics already computed. */
    public static SelectivePruning fromStats(
            Map<String, NeuronStats> forgetAbs,
            Map<String, NeuronStats> retainAbs,
            Settings s,
            Map<String, String> inputs) {
        Map<String, double[]> ratio = new LinkedHashMap<>();
        for (Map.Entry<String, NeuronStats> e : forgetAbs.entrySet()) {
            NeuronStats r = retainAbs.get(e.getKey());
            if (r == null) {
                throw new SkillscopeException("retain statistics lack hook " + e.getKey());
            }
            double[] mf = e.getValue().mean();
            double[] mr = r.mean();
            double[] q = new double[mf.length];
            for (int i = 0; i < q.length; i++) {
                q[i] = mf[i] / (mr[i] + 1e-8);
            }
            ratio.put(e.getKey(), q);
        }
        double thr = Selection.threshold(ratio, s.percent());
        Map<String, int[]> chosen = Selection.atOrAbove(ratio, thr);
        Map<String, double[]> imp = new LinkedHashMap<>();
        chosen.forEach((h, idx) -> {
            double[] q = ratio.get(h);
            double[] v = new double[idx.length];
            for (int i = 0; i < idx.length; i++) {
                v[i] = q[idx[i]];
            }
            imp.put(h, v);
        });
        return new SelectivePruning(chosen, imp, s, thr, inputs);
    }

    /** Pruned neuron indices by hook. */
    public Map<String, int[]> pruned() {
        return java.util.Collections.unmodifiableMap(pruned);
    }

    /** Number of pruned neurons. */
    public int selected() {
        return pruned.values().stream().mapToInt(a -> a.length).sum();
    }

    /** A session that zeroes the pruned neurons; close it to restore the model. */
    public HookSession install(Transformer model) {
        HookSession session = model.hooks();
        for (Map.Entry<String, int[]> e : pruned.entrySet()) {
            if (e.getValue().length == 0) {
                continue;
            }
            int[] idx = e.getValue();
            session.replace(e.getKey(), (x, ctx) -> {
                int f = (int) x.getShape().get(x.getShape().dimension() - 1);
                float[] keep = new float[f];
                java.util.Arrays.fill(keep, 1f);
                for (int i : idx) {
                    keep[i] = 0f;
                }
                NDArray mask = ctx.manager().create(keep); // [F]
                return x.mul(mask); // [B, T, F]
            });
        }
        return session;
    }

    @Override
    public String method() {
        return "prune";
    }

    @Override
    public List<Answer> answer(
            Transformer model, TokenCodec codec, List<String> prompts, int maxNewTokens, int batchSize) {
        try (HookSession s = install(model)) {
            return Generations.answer(model, codec, prompts, maxNewTokens, batchSize);
        }
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("percent", settings.percent());
        d.put("threshold", threshold);
        d.put("selected", selected());
        Map<String, Integer> per = new LinkedHashMap<>();
        pruned.forEach((h, idx) -> per.put(h, idx.length));
        d.put("selected_per_layer", per);
        d.put("inputs", inputs);
        return d;
    }

    /** Writes {@code result.json} and {@code neurons.safetensors} (per hook: index, importance). */
    @Override
    public void save(Path dir) {
        Map<String, HostTensor> t = new LinkedHashMap<>();
        pruned.forEach((h, idx) -> {
            t.put(h + ".index", HostTensor.ofI64(Artifacts.longs(idx), idx.length));
            t.put(h + ".importance", HostTensor.ofDoubles(importance.get(h), idx.length));
        });
        JsonObject o = new JsonObject();
        o.addProperty("method", method());
        o.add("settings", Artifacts.GSON.toJsonTree(settings));
        o.add("summary", Artifacts.GSON.toJsonTree(describe()));
        o.add("hooks", Artifacts.GSON.toJsonTree(pruned.keySet()));
        Artifacts.write(dir, o, "neurons.safetensors", t);
    }

    /** Reads a folder written by {@link #save}. */
    public static SelectivePruning load(Path dir) {
        JsonObject o = Artifacts.read(dir, "prune");
        Settings s = Artifacts.GSON.fromJson(Artifacts.field(o, "settings", dir), Settings.class);
        JsonObject summary = Artifacts.field(o, "summary", dir).getAsJsonObject();
        Map<String, String> inputs = new LinkedHashMap<>();
        summary.getAsJsonObject("inputs")
                .entrySet()
                .forEach(e -> inputs.put(e.getKey(), e.getValue().getAsString()));
        Map<String, int[]> pruned = new LinkedHashMap<>();
        Map<String, double[]> imp = new LinkedHashMap<>();
        try (TensorSource src = TensorSource.open(dir.resolve("neurons.safetensors"))) {
            for (var h : Artifacts.field(o, "hooks", dir).getAsJsonArray()) {
                String hook = h.getAsString();
                pruned.put(hook, Artifacts.ints(src.read(hook + ".index").toI64()));
                imp.put(hook, src.read(hook + ".importance").toDoubles());
            }
        }
        return new SelectivePruning(pruned, imp, s, summary.get("threshold").getAsDouble(), inputs);
    }

    @Override
    public String toString() {
        return String.format(
                "SelectivePruning[%s%% -> %d neurons over %d layers, ratio >= %.4g]",
                settings.percent(), selected(), pruned.size(), threshold);
    }
}
