package io.skillscope.unlearning;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
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
import io.skillscope.probes.ProbeResult;
import io.skillscope.probes.ProbeSettings;
import io.skillscope.probes.TokenCodec;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Neuron Adjust (Li, Sun and Weng, NAACL 2025; docs/methods.md §2): shift the feed-forward pre-activations
 * that fire more on the forget set towards the retain set's distribution.
 *
 * <ol>
 *   <li>Probe the forget and the retain set at {@code blocks.*.mlp.hook_pre}, every token: per neuron
 *       mean μ and standard deviation σ (population, streaming).</li>
 *   <li>d_i = μ_forget,i − μ_retain,i pooled over all layers; select the neurons with d_i at or above
 *       the top-p% value (signed).</li>
 *   <li>At inference, for each selected neuron value x: p1 = N(x; μ_r, σ_r), p2 = N(x; μ_f, σ_f);
 *       x_raw = (x − μ_f)/σ_f · σ_r + μ_r; x' = 2μ_r − x_raw; x is replaced by x' when p1 ≤ p2 and
 *       u ≥ p1/(p1 + p2), with u ~ U(0, 1) drawn independently for every element.</li>
 * </ol>
 *
 * <p>The densities are compared in log space (p1/(p1+p2) = sigmoid(log p1 − log p2)), so far tails do
 * not underflow to 0/0; σ is floored at 1e-6. The uniforms are drawn on the host from a
 * {@link SplittableRandom} seeded at {@link #install}, {@code B·T·k} per hook call in layer order, and
 * copied to the device: the same seed and the same sequence of batches give the same outputs on
 * every device.
 *
 * <p>{@code paperCodeCompat} reproduces the published code: the variance is used where σ belongs,
 * σ_f is set to μ_f (signed, as the code's {@code std_forget = mean_forget} does), densities are
 * compared in linear space, and one u is drawn per hook call (the code's {@code torch.rand(len(data))}
 * gives a single value at batch size 1), shared by every element.
 */
public final class NeuronAdjust implements Unlearner {
    /** The hook Neuron Adjust reads and rewrites. */
    public static final HookFilter HOOKS = HookFilter.allLayers(HookSite.MLP_PRE);

    private static final double SIGMA_FLOOR = 1e-6;

    /**
     * @param percent share of all feed-forward neurons to adjust, in percent (the paper: 0.5, 1.5, 3)
     * @param seed seed of the per-element uniforms
     * @param paperCodeCompat reproduce the published code's behaviour (see the class comment)
     * @param withAnswers probe prompt and answer tokens (true) or prompts only
     * @param batchSize rows per probe pass
     */
    public record Settings(double percent, long seed, boolean paperCodeCompat, boolean withAnswers, int batchSize)
            implements Unlearning.Options {
        public Settings {
            if (!(percent > 0 && percent <= 100)) {
                throw new IllegalArgumentException("NeuronAdjust.Settings.percent must be in (0, 100], got " + percent);
            }
            if (batchSize < 1) {
                throw new IllegalArgumentException("NeuronAdjust.Settings.batchSize must be >= 1, got " + batchSize);
            }
        }

        /** p% of neurons, seed 0, intended method, prompts with answers, 32 rows per pass. */
        public static Settings of(double percent) {
            return new Settings(percent, 0, false, true, 32);
        }

        /** {@link Unlearning}'s defaults: 1.5% of neurons, seed 0, intended method, prompts with answers, 64 rows per pass. */
        public static Settings defaults() {
            return new Settings(1.5, 0, false, true, 64);
        }

        public Settings withPercent(double p) {
            return new Settings(p, seed, paperCodeCompat, withAnswers, batchSize);
        }

        public Settings withBatchSize(int b) {
            return new Settings(percent, seed, paperCodeCompat, withAnswers, b);
        }

        public Settings withSeed(long s) {
            return new Settings(percent, s, paperCodeCompat, withAnswers, batchSize);
        }

        public Settings withPaperCodeCompat(boolean on) {
            return new Settings(percent, seed, on, withAnswers, batchSize);
        }
    }

    /**
     * The selected neurons of one layer with their statistics (true means and population standard
     * deviations; {@code paperCodeCompat} changes only how they are used).
     */
    public record Layer(
            String hook,
            int[] index,
            double[] muForget,
            double[] stdForget,
            double[] muRetain,
            double[] stdRetain,
            double[] diff) {
        public Layer {
            int k = index.length;
            for (double[] a : new double[][] {muForget, stdForget, muRetain, stdRetain, diff}) {
                if (a.length != k) {
                    throw new IllegalArgumentException(
                            "layer " + hook + ": statistics of length " + a.length + " for " + k + " neurons");
                }
            }
        }

        public int size() {
            return index.length;
        }
    }

    private final Map<String, Layer> layers;
    private final Settings settings;
    private final double threshold;
    private final long totalNeurons;
    private final Map<String, String> inputs; // dataset names and hashes, model hash

    NeuronAdjust(
            Map<String, Layer> layers,
            Settings settings,
            double threshold,
            long totalNeurons,
            Map<String, String> inputs) {
        this.layers = new LinkedHashMap<>(layers);
        this.settings = settings;
        this.threshold = threshold;
        this.totalNeurons = totalNeurons;
        this.inputs = new LinkedHashMap<>(inputs);
    }

    /** Probes both sets at every layer's {@code mlp.hook_pre} and selects the top-p% neurons. */
    public static NeuronAdjust fit(Transformer model, ProbeDataset forget, ProbeDataset retain, Settings s) {
        String hash = model.parameters().sha256();
        ProbeSettings ps = ProbeSettings.of(PositionMode.ALL, HOOKS).withBatchSize(s.batchSize());
        ProbeResult f = Probe.run(model, forget, ps, hash);
        ProbeResult r = Probe.run(model, retain, ps, hash);
        Map<String, String> inputs = new LinkedHashMap<>();
        inputs.put("forget", forget.name());
        inputs.put("forget_sha256", forget.sha256());
        inputs.put("retain", retain.name());
        inputs.put("retain_sha256", retain.sha256());
        inputs.put("model_sha256", hash);
        return fromStats(f.stats(), r.stats(), s, inputs);
    }

    /** Selection from statistics already computed (forget and retain, by hook name). */
    public static NeuronAdjust fromStats(
            Map<String, NeuronStats> forget, Map<String, NeuronStats> retain, Settings s, Map<String, String> inputs) {
        Map<String, double[]> diff = new LinkedHashMap<>();
        long total = 0;
        for (Map.Entry<String, NeuronStats> e : forget.entrySet()) {
            NeuronStats r = retain.get(e.getKey());
            if (r == null) {
                throw new SkillscopeException("retain statistics lack hook " + e.getKey());
            }
            double[] mf = e.getValue().mean();
            double[] mr = r.mean();
            double[] d = new double[mf.length];
            for (int i = 0; i < d.length; i++) {
                d[i] = mf[i] - mr[i];
            }
            diff.put(e.getKey(), d);
            total += d.length;
        }
        double thr = Selection.threshold(diff, s.percent());
        Map<String, int[]> chosen = Selection.atOrAbove(diff, thr);
        Map<String, Layer> layers = new LinkedHashMap<>();
        for (Map.Entry<String, int[]> e : chosen.entrySet()) {
            int[] idx = e.getValue();
            NeuronStats f = forget.get(e.getKey());
            NeuronStats r = retain.get(e.getKey());
            layers.put(
                    e.getKey(),
                    new Layer(
                            e.getKey(),
                            idx,
                            pick(f.mean(), idx),
                            pick(f.std(), idx),
                            pick(r.mean(), idx),
                            pick(r.std(), idx),
                            pick(diff.get(e.getKey()), idx)));
        }
        return new NeuronAdjust(layers, s, thr, total, inputs);
    }

    private static double[] pick(double[] a, int[] idx) {
        double[] out = new double[idx.length];
        for (int i = 0; i < idx.length; i++) {
            out[i] = a[idx[i]];
        }
        return out;
    }

    /** The selected neurons by hook (layers with none included, with an empty selection). */
    public Map<String, Layer> layers() {
        return java.util.Collections.unmodifiableMap(layers);
    }

    public Settings settings() {
        return settings;
    }

    /** The d value at the top-p% cut. */
    public double threshold() {
        return threshold;
    }

    /** Number of selected neurons over all layers. */
    public int selected() {
        int n = 0;
        for (Layer l : layers.values()) {
            n += l.size();
        }
        return n;
    }

    /**
     * Opens a hook session on {@code model} that adjusts the selected neurons of every layer; close it
     * to remove the intervention. Each call starts a fresh random stream from the seed.
     */
    public HookSession install(Transformer model) {
        SplittableRandom rng = new SplittableRandom(settings.seed());
        HookSession session = model.hooks();
        try {
            for (Layer l : layers.values()) {
                if (l.size() == 0) {
                    continue;
                }
                session.replace(l.hook(), (x, ctx) -> adjust(x, l, rng, settings.paperCodeCompat()));
            }
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
        return session;
    }

    /** The replacement of one layer's activation {@code x [B, T, F]}; the result lives in x's manager. */
    static NDArray adjust(NDArray x, Layer l, SplittableRandom rng, boolean compat) {
        NDManager m = x.getManager();
        Shape shape = x.getShape();
        long b = shape.get(0);
        long t = shape.get(1);
        int k = l.size();
        NDArray idx = m.create(Artifacts.longs(l.index()), new Shape(1, 1, k)).broadcast(b, t, k); // [B, T, k]
        NDArray sel = x.gather(idx, 2); // [B, T, k]
        float[] u;
        if (compat) {
            u = new float[] {(float) rng.nextDouble()};
        } else {
            u = new float[Math.toIntExact(b * t * k)];
            for (int i = 0; i < u.length; i++) {
                u[i] = (float) rng.nextDouble();
            }
        }
        NDArray uArr = compat ? m.create(u, new Shape(1)) : m.create(u, new Shape(b, t, k)); // [B, T, k] or [1]
        NDArray adjusted = compat ? formulaCompat(sel, l, uArr) : formula(sel, l, uArr); // [B, T, k]
        return x.scatter(idx, adjusted, 2); // [B, T, F]
    }

    private static NDArray vec(NDManager m, double[] v, boolean floor) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) (floor ? Math.max(v[i], SIGMA_FLOOR) : v[i]);
        }
        return m.create(f); // [k]
    }

    /** The intended replacement, log-space densities, per-element u. */
    static NDArray formula(NDArray x, Layer l, NDArray u) {
        NDManager m = x.getManager();
        NDArray muF = vec(m, l.muForget(), false);
        NDArray sdF = vec(m, l.stdForget(), true);
        NDArray muR = vec(m, l.muRetain(), false);
        NDArray sdR = vec(m, l.stdRetain(), true);
        NDArray zr = x.sub(muR).div(sdR); // [B, T, k]
        NDArray zf = x.sub(muF).div(sdF); // [B, T, k]
        NDArray logP1 = zr.square().mul(-0.5).sub(sdR.log()); // log N(x; μr, σr) + const
        NDArray logP2 = zf.square().mul(-0.5).sub(sdF.log()); // log N(x; μf, σf) + const
        NDArray ratio = logP1.sub(logP2).getNDArrayInternal().sigmoid(); // p1/(p1+p2)
        NDArray replace = logP1.lte(logP2).logicalAnd(u.gte(ratio)); // [B, T, k] bool
        NDArray xPrime = muR.mul(2).sub(zf.mul(sdR).add(muR)); // 2μr − x_raw
        return NDArrays.where(replace, xPrime, x);
    }

    /** The published code: σ_r → variance, σ_f → μ_f, linear densities, one u. */
    static NDArray formulaCompat(NDArray x, Layer l, NDArray u) {
        NDManager m = x.getManager();
        double[] varR = new double[l.size()];
        for (int i = 0; i < varR.length; i++) {
            varR[i] = l.stdRetain()[i] * l.stdRetain()[i];
        }
        NDArray muF = vec(m, l.muForget(), false);
        NDArray sdF = muF; // std_forget = mean_forget
        NDArray muR = vec(m, l.muRetain(), false);
        NDArray sdR = vec(m, varR, false);
        double c = 1 / Math.sqrt(2 * Math.PI);
        NDArray zr = x.sub(muR).div(sdR); // [B, T, k]
        NDArray zf = x.sub(muF).div(sdF); // [B, T, k]
        NDArray p1 = zr.square().mul(-0.5).exp().div(sdR).mul(c);
        NDArray p2 = zf.square().mul(-0.5).exp().div(sdF).mul(c);
        NDArray replace = u.gte(p1.div(p1.add(p2))).logicalAnd(p1.lte(p2)); // [B, T, k] bool
        NDArray xPrime = muR.mul(2).sub(zf.mul(sdR).add(muR));
        return NDArrays.where(replace, xPrime, x);
    }

    /**
     * The replacement of one value on the host, in float64: the reference the device code is tested
     * against.
     */
    public static double adjusted(double x, double muF, double sdF, double muR, double sdR, double u, boolean compat) {
        if (compat) {
            double sr = sdR * sdR;
            double sf = muF;
            double p1 = Math.exp(-0.5 * Math.pow((x - muR) / sr, 2)) / (sr * Math.sqrt(2 * Math.PI));
            double p2 = Math.exp(-0.5 * Math.pow((x - muF) / sf, 2)) / (sf * Math.sqrt(2 * Math.PI));
            boolean replace = u >= p1 / (p1 + p2) && p1 <= p2;
            return replace ? 2 * muR - ((x - muF) / sf * sr + muR) : x;
        }
        double sf = Math.max(sdF, SIGMA_FLOOR);
        double sr = Math.max(sdR, SIGMA_FLOOR);
        double zr = (x - muR) / sr;
        double zf = (x - muF) / sf;
        double logP1 = -0.5 * zr * zr - Math.log(sr);
        double logP2 = -0.5 * zf * zf - Math.log(sf);
        double ratio = 1 / (1 + Math.exp(-(logP1 - logP2)));
        boolean replace = logP1 <= logP2 && u >= ratio;
        return replace ? 2 * muR - (zf * sr + muR) : x;
    }

    @Override
    public String method() {
        return "na";
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
        d.put("seed", settings.seed());
        d.put("paper_code_compat", settings.paperCodeCompat());
        d.put("with_answers", settings.withAnswers());
        d.put("threshold", threshold);
        d.put("selected", selected());
        d.put("total_neurons", totalNeurons);
        Map<String, Integer> per = new LinkedHashMap<>();
        layers.forEach((h, l) -> per.put(h, l.size()));
        d.put("selected_per_layer", per);
        d.put("inputs", inputs);
        return d;
    }

    /** Writes {@code result.json} and {@code neurons.safetensors} (per hook: index, means, stds, d). */
    @Override
    public void save(Path dir) {
        Map<String, HostTensor> t = new LinkedHashMap<>();
        for (Layer l : layers.values()) {
            int k = l.size();
            t.put(l.hook() + ".index", HostTensor.ofI64(Artifacts.longs(l.index()), k));
            t.put(l.hook() + ".mu_forget", HostTensor.ofDoubles(l.muForget(), k));
            t.put(l.hook() + ".std_forget", HostTensor.ofDoubles(l.stdForget(), k));
            t.put(l.hook() + ".mu_retain", HostTensor.ofDoubles(l.muRetain(), k));
            t.put(l.hook() + ".std_retain", HostTensor.ofDoubles(l.stdRetain(), k));
            t.put(l.hook() + ".diff", HostTensor.ofDoubles(l.diff(), k));
        }
        JsonObject o = new JsonObject();
        o.addProperty("method", method());
        o.add("settings", Artifacts.GSON.toJsonTree(settings));
        o.add("summary", Artifacts.GSON.toJsonTree(describe()));
        o.add("hooks", Artifacts.GSON.toJsonTree(layers.keySet()));
        Artifacts.write(dir, o, "neurons.safetensors", t);
    }

    /** Reads a folder written by {@link #save}. */
    public static NeuronAdjust load(Path dir) {
        JsonObject o = Artifacts.read(dir, "na");
        Settings s = Artifacts.GSON.fromJson(Artifacts.field(o, "settings", dir), Settings.class);
        JsonObject summary = Artifacts.field(o, "summary", dir).getAsJsonObject();
        Map<String, String> inputs = new LinkedHashMap<>();
        summary.getAsJsonObject("inputs")
                .entrySet()
                .forEach(e -> inputs.put(e.getKey(), e.getValue().getAsString()));
        Map<String, Layer> layers = new LinkedHashMap<>();
        try (TensorSource src = TensorSource.open(dir.resolve("neurons.safetensors"))) {
            for (var h : Artifacts.field(o, "hooks", dir).getAsJsonArray()) {
                String hook = h.getAsString();
                layers.put(
                        hook,
                        new Layer(
                                hook,
                                Artifacts.ints(src.read(hook + ".index").toI64()),
                                src.read(hook + ".mu_forget").toDoubles(),
                                src.read(hook + ".std_forget").toDoubles(),
                                src.read(hook + ".mu_retain").toDoubles(),
                                src.read(hook + ".std_retain").toDoubles(),
                                src.read(hook + ".diff").toDoubles()));
            }
        }
        return new NeuronAdjust(
                layers,
                s,
                summary.get("threshold").getAsDouble(),
                summary.get("total_neurons").getAsLong(),
                inputs);
    }

    @Override
    public String toString() {
        return String.format(
                "NeuronAdjust[%s%% -> %d of %d neurons over %d layers, threshold d >= %.4g, seed %d%s]",
                settings.percent(),
                selected(),
                totalNeurons,
                layers.size(),
                threshold,
                settings.seed(),
                settings.paperCodeCompat() ? ", paperCodeCompat" : "");
    }
}
