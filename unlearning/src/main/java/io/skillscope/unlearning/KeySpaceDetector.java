package io.skillscope.unlearning;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import io.skillscope.core.SkillscopeException;
import io.skillscope.core.checkpoint.HostTensor;
import io.skillscope.core.checkpoint.TensorSource;
import io.skillscope.core.hooks.HookFilter;
import io.skillscope.core.hooks.HookName;
import io.skillscope.core.hooks.HookSite;
import io.skillscope.core.hooks.HookSession;
import io.skillscope.core.model.TokenBatch;
import io.skillscope.core.model.Transformer;
import io.skillscope.probes.NeuronStats;
import io.skillscope.probes.PositionMode;
import io.skillscope.probes.Probe;
import io.skillscope.probes.ProbeDataset;
import io.skillscope.probes.ProbeSettings;
import io.skillscope.probes.TokenCodec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Key Space Detection (Li, Sun and Weng, NAACL 2025; METHODS.md §2): recognise the forget skill's
 * queries by their feed-forward key and abstain.
 *
 * <ol>
 *   <li>Probe the forget set's key {@code k} = {@code blocks.L.mlp.hook_post} at the last prompt token
 *       (L = the last layer by default; {@link Settings#site()} reads another activation instead): per
 *       dimension mean μ and sample standard deviation σ (ddof 1), streamed.</li>
 *   <li>k_max = max over probe vectors v and dimensions i of |v_i − μ_i| / σ_i, the smallest multiplier
 *       whose hypercube μ ± k_max·σ holds every probe vector; computed exactly from the streamed
 *       minimum and maximum: max_i max(max_i − μ_i, μ_i − min_i)/σ_i.</li>
 *   <li>At inference, at prefill (the last prompt token) and at every generated token, the key is
 *       inside μ ± h·k_max·σ in every dimension iff its score max_i |k_i − μ_i| / σ_i / k_max ≤ h; a
 *       query detected at any of these positions gets the refusal as its whole answer.</li>
 * </ol>
 *
 * <p>Dimensions whose σ is 0 on the forget set are left out of the cube (they would demand exact
 * equality of a float). Scores are computed on the device in float64, in the same arithmetic as k_max,
 * so every probe vector scores at most 1. {@code h} is calibrated on held-out queries with
 * {@link KsdCalibration#choose}.
 *
 * <p>Checking generated tokens against a cube fitted on last-prompt-token keys can cost precision: on
 * the skill lab, retain queries' decode-step keys fall inside the arithmetic cube far more often than
 * their prompt keys do, so calibration must shrink h until the forget set is barely detected. The
 * key of a gated MLP is centred near zero, so the cube holds the origin from h = {@link #originH()}
 * on (0.04 at the skill lab's last layer, where half the arithmetic prompts need h ≈ 0.35), and keys
 * of small magnitude, at positions where the MLP barely fires, are inside with it.
 * {@link Settings#checkDecode()} = false checks the prompt only, {@link #AUTO_LAYER} lets the dev
 * queries choose the layer and the check, and {@link Settings#site()} moves the cube to another
 * activation ({@link KeySpaceSurvey} compares them); the default stays the published procedure.
 */
public final class KeySpaceDetector implements Unlearner {
    /** The refusal of the original code. */
    public static final String DEFAULT_REFUSAL = "Sorry, your query is not valid";
    /** {@link Settings#layer()} value: fit every layer and keep the one calibration scores best. */
    public static final int AUTO_LAYER = -2;

    /**
     * @param layer the block whose {@code site} is read; −1 for the last; {@link #AUTO_LAYER} (−2) to
     *     fit every block and keep the one whose calibration objective on the dev queries is best
     * @param refusal the answer given to a detected query
     * @param maxRetainDetection calibration constraint: detection rate allowed on each retain set
     * @param batchSize rows per probe pass and prompts per generation batch
     * @param checkDecode check the key at every generated token as well as at prefill (METHODS.md, the
     *     default); false checks the last prompt token only. With {@link #AUTO_LAYER} both are tried.
     * @param site the per-block activation the cube lives in: {@link HookSite#MLP_POST}, the
     *     feed-forward key of METHODS.md (the default; also when a saved artifact has no site), or
     *     another, e.g. {@link HookSite#MLP_PRE_LINEAR} (the up projection W_up x of a gated MLP), a
     *     variant that {@link KeySpaceSurvey} compares
     */
    public record Settings(int layer, String refusal, double maxRetainDetection, int batchSize, boolean checkDecode,
                           HookSite site) {
        public Settings {
            if (layer < AUTO_LAYER) {
                throw new IllegalArgumentException("KeySpaceDetector.Settings.layer must be >= -2 (-1 last, -2 chosen on"
                        + " dev), got " + layer);
            }
            if (refusal == null) {
                throw new IllegalArgumentException("KeySpaceDetector.Settings.refusal must not be null");
            }
            if (!(maxRetainDetection >= 0 && maxRetainDetection <= 1) || batchSize < 1) {
                throw new IllegalArgumentException("KeySpaceDetector.Settings: maxRetainDetection in [0, 1] and batchSize"
                        + " >= 1, got " + maxRetainDetection + ", " + batchSize);
            }
            site = site == null ? HookSite.MLP_POST : site;
            if (!site.perLayer()) {
                throw new IllegalArgumentException("KeySpaceDetector.Settings.site must be a site of every block, got "
                        + site.suffix());
            }
        }

        /** The settings of the feed-forward key ({@link HookSite#MLP_POST}). */
        public Settings(int layer, String refusal, double maxRetainDetection, int batchSize, boolean checkDecode) {
            this(layer, refusal, maxRetainDetection, batchSize, checkDecode, HookSite.MLP_POST);
        }

        /** Last layer's key, the original refusal, at most 5% of each retain set detected, 32 per batch, decode checked. */
        public static Settings defaults() {
            return new Settings(-1, DEFAULT_REFUSAL, 0.05, 32, true, HookSite.MLP_POST);
        }

        public Settings withLayer(int l) {
            return new Settings(l, refusal, maxRetainDetection, batchSize, checkDecode, site);
        }

        /** Check every generated token too (true, METHODS.md) or only the prompt's last token. */
        public Settings withCheckDecode(boolean on) {
            return new Settings(layer, refusal, maxRetainDetection, batchSize, on, site);
        }

        /** Read another per-block activation than the key. */
        public Settings withSite(HookSite s) {
            return new Settings(layer, refusal, maxRetainDetection, batchSize, checkDecode, s);
        }
    }

    /**
     * What generation under the detector gave for each prompt.
     *
     * @param answers answers, refusals for detected queries
     * @param scores per prompt the smallest score over its checked positions
     * @param detectedAt per prompt the first step at which it was detected: 0 prefill, i the i-th
     *     generated token, −1 never
     */
    public record Detections(List<Answer> answers, double[] scores, int[] detectedAt) {}

    private final String hook;
    private final double[] mu;
    private final double[] sigma;
    private final double kMax;
    private final double h;
    private final long count;
    private final Settings settings;
    private final KsdCalibration calibration; // null until calibrated
    private final Map<String, String> inputs;
    private Map<String, Double> layerSearch = Map.of(); // objective of each layer tried, when the layer was chosen

    private KeySpaceDetector(String hook, double[] mu, double[] sigma, double kMax, double h, long count, Settings settings,
                             KsdCalibration calibration, Map<String, String> inputs) {
        if (mu.length != sigma.length) {
            throw new IllegalArgumentException("μ has " + mu.length + " dimensions but σ has " + sigma.length);
        }
        if (!(kMax > 0) || !(h >= 0)) {
            throw new IllegalArgumentException("k_max must be > 0 and h >= 0, got " + kMax + ", " + h);
        }
        this.hook = hook;
        this.mu = mu.clone();
        this.sigma = sigma.clone();
        this.kMax = kMax;
        this.h = h;
        this.count = count;
        this.settings = settings;
        this.calibration = calibration;
        this.inputs = new LinkedHashMap<>(inputs);
    }

    /** A detector from explicit numbers (for experiments and tests). */
    public static KeySpaceDetector of(String hook, double[] mu, double[] sigma, double kMax, double h, Settings s) {
        return new KeySpaceDetector(hook, mu, sigma, kMax, h, 0, s, null, Map.of());
    }

    /** The hook a model's settings point at. */
    static HookName hookFor(Transformer model, Settings s) {
        int layers = model.config().numLayers();
        if (s.layer() == AUTO_LAYER) {
            throw new SkillscopeException("layer AUTO needs fitLayers + calibrateBest (Unlearning.keySpaceDetection does both)");
        }
        int l = s.layer() == -1 ? layers - 1 : s.layer();
        if (l >= layers) {
            throw new SkillscopeException("KeySpaceDetector layer " + s.layer() + " but the model has " + layers + " layers");
        }
        return HookName.block(l, checkedSite(model, s));
    }

    /** The settings' site, if the model has it. */
    private static HookSite checkedSite(Transformer model, Settings s) {
        if (s.site().applies() == HookSite.Applies.GATED && !model.config().gated()) {
            throw new SkillscopeException("KeySpaceDetector site " + s.site().suffix() + " exists only in gated MLPs"
                    + " (the Llama family); this model's MLP is not gated");
        }
        if (s.site().applies() == HookSite.Applies.LEARNED_POSITIONS) {
            throw new SkillscopeException("KeySpaceDetector site " + s.site().suffix() + " is not a per-block activation");
        }
        return s.site();
    }

    /**
     * Probes the forget prompts (rows' prompt parts; answers are ignored) at the last prompt token and
     * builds the hypercube, with h = 1 until {@link #calibrate}d.
     */
    public static KeySpaceDetector fit(Transformer model, ProbeDataset forget, Settings s) {
        HookName hookName = hookFor(model, s);
        String hash = model.parameters().sha256();
        NeuronStats st = Probe.run(model, forget, ProbeSettings.of(PositionMode.LAST_PROMPT_TOKEN, HookFilter.of(hookName))
                .withBatchSize(s.batchSize()), hash).get(hookName);
        Map<String, String> inputs = new LinkedHashMap<>();
        inputs.put("forget", forget.name());
        inputs.put("forget_sha256", forget.sha256());
        inputs.put("model_sha256", hash);
        return fromStats(hookName.toString(), st, s, inputs);
    }

    /**
     * One detector per block, from a single probe of every layer's site ({@code mlp.hook_post}); with
     * {@link #AUTO_LAYER} two per block, checking the prompt only and checking every token.
     */
    public static List<KeySpaceDetector> fitLayers(Transformer model, ProbeDataset forget, Settings s) {
        String hash = model.parameters().sha256();
        var stats = Probe.run(model, forget, ProbeSettings.of(PositionMode.LAST_PROMPT_TOKEN,
                        HookFilter.allLayers(checkedSite(model, s)))
                .withBatchSize(s.batchSize()), hash).stats();
        Map<String, String> inputs = new LinkedHashMap<>();
        inputs.put("forget", forget.name());
        inputs.put("forget_sha256", forget.sha256());
        inputs.put("model_sha256", hash);
        List<KeySpaceDetector> out = new ArrayList<>();
        stats.forEach((hookName, st) -> {
            KeySpaceDetector k = fromStats(hookName, st, s, inputs);
            if (s.layer() == AUTO_LAYER) { // prefill only first: ties go to the later, fuller check
                out.add(k.withSettings(s.withCheckDecode(false)));
                out.add(k.withSettings(s.withCheckDecode(true)));
            } else {
                out.add(k);
            }
        });
        return out;
    }

    /** The hypercube of statistics already computed (at least two vectors). */
    public static KeySpaceDetector fromStats(String hook, NeuronStats st, Settings s, Map<String, String> inputs) {
        if (st.count() < 2) {
            throw new SkillscopeException("Key Space Detection needs at least 2 forget vectors at " + hook + ", got " + st.count());
        }
        double[] mu = st.mean();
        double[] sd = st.sampleStd();
        double[] lo = st.min();
        double[] hi = st.max();
        double k = 0;
        for (int i = 0; i < mu.length; i++) {
            if (sd[i] > 0) {
                k = Math.max(k, Math.max(Math.abs(hi[i] - mu[i]) / sd[i], Math.abs(lo[i] - mu[i]) / sd[i]));
            }
        }
        if (!(k > 0)) {
            throw new SkillscopeException("every forget vector at " + hook + " is identical; no hypercube to fit");
        }
        return new KeySpaceDetector(hook, mu, sd, k, 1.0, st.count(), s, null, inputs);
    }

    /** The same cube under other settings (say, checking generated tokens too). */
    public KeySpaceDetector withSettings(Settings s) {
        return new KeySpaceDetector(hook, mu, sigma, kMax, h, count, s, calibration, inputs);
    }

    /** The same cube with the tolerance of a calibration, which it records. */
    KeySpaceDetector withCalibration(KsdCalibration c) {
        return new KeySpaceDetector(hook, mu, sigma, kMax, c.h(), count, settings, c, inputs);
    }

    /** The same cube with another tolerance. */
    public KeySpaceDetector withH(double newH) {
        KeySpaceDetector k = new KeySpaceDetector(hook, mu, sigma, kMax, newH, count, settings, calibration, inputs);
        k.layerSearch = layerSearch;
        return k;
    }

    public String hook() {
        return hook;
    }

    public double[] mu() {
        return mu.clone();
    }

    public double[] sigma() {
        return sigma.clone();
    }

    public double kMax() {
        return kMax;
    }

    public double h() {
        return h;
    }

    /**
     * The h at which the zero vector enters the cube: max_i |μ_i| / σ_i / k_max over the dimensions in
     * the cube. A key of small magnitude scores about this much, so once the calibrated h exceeds it,
     * quiet keys (positions where the MLP barely fires) are detected whatever skill produced them.
     */
    public double originH() {
        double r = 0;
        for (int i = 0; i < mu.length; i++) {
            if (sigma[i] > 0) {
                r = Math.max(r, Math.abs(mu[i]) / sigma[i]);
            }
        }
        return r / kMax;
    }

    public Settings settings() {
        return settings;
    }

    /** The calibration that set h, or null. */
    public KsdCalibration calibration() {
        return calibration;
    }

    /** Scores {@code [B·T]} of an activation {@code [B, T, F]}: max_i |x_i − μ_i|/σ_i / k_max, float64 on the device. */
    double[] scores(NDArray x, NDManager m) {
        Shape shape = x.getShape();
        int f = (int) shape.get(shape.dimension() - 1);
        if (f != mu.length) {
            throw new SkillscopeException("hook " + hook + " has width " + f + " but the detector has " + mu.length
                    + " dimensions");
        }
        double[] denom = new double[f];
        for (int i = 0; i < f; i++) {
            denom[i] = sigma[i] > 0 ? sigma[i] : Double.POSITIVE_INFINITY; // |x − μ|/∞ = 0: dimension left out
        }
        try (NDManager sub = m.newSubManager()) {
            NDArray xd = x.toType(DataType.FLOAT64, true); // [B, T, F]
            xd.attach(sub);
            NDArray ratio = xd.sub(sub.create(mu)).abs().div(sub.create(denom)); // [B, T, F]
            return ratio.max(new int[] {-1}).div(kMax).toDoubleArray(); // [B·T]
        }
    }

    /**
     * Scores of each row's last prompt token in plain forward passes (right-padded batches, as the
     * probe ran): every forget vector the cube was fitted on scores at most 1.
     */
    public double[] promptScores(Transformer model, ProbeDataset data) {
        double[] out = new double[data.size()];
        int[] offset = new int[1];
        int[][] prompts = new int[1][];
        try (HookSession s = model.hooks()) {
            s.read(hook, (x, ctx) -> {
                double[] sc = scores(x, ctx.manager());
                boolean[] mask = PositionMode.LAST_PROMPT_TOKEN.mask(ctx.batch(), prompts[0]);
                int t = ctx.batch().length();
                for (int r = 0; r < ctx.batch().batchSize(); r++) {
                    for (int c = 0; c < t; c++) {
                        if (mask[r * t + c]) {
                            out[offset[0] + r] = sc[r * t + c];
                        }
                    }
                }
            });
            List<ProbeDataset.Row> rows = data.rows();
            for (int from = 0; from < rows.size(); from += settings.batchSize()) {
                List<ProbeDataset.Row> chunk = rows.subList(from, Math.min(rows.size(), from + settings.batchSize()));
                List<int[]> ids = new ArrayList<>();
                prompts[0] = new int[chunk.size()];
                for (int i = 0; i < chunk.size(); i++) {
                    ids.add(chunk.get(i).tokens());
                    prompts[0][i] = chunk.get(i).promptLength();
                }
                offset[0] = from;
                try (NDManager m = model.manager().newSubManager()) {
                    model.forward(m, TokenBatch.rightPadded(ids, 0));
                }
            }
        }
        return out;
    }

    /**
     * Greedy generation with the detector reading the key at prefill (last prompt token) and at every
     * generated token; detected queries' answers are replaced by the refusal.
     */
    public Detections detect(Transformer model, TokenCodec codec, List<String> prompts, int maxNewTokens, int batchSize) {
        return DetectionPass.run(model, codec, List.of(this), prompts, maxNewTokens, batchSize).get(0);
    }

    /**
     * Calibrates h on held-out prompts: generation scores of the forget prompts and of each retain
     * set, then {@link KsdCalibration#choose}.
     */
    public KeySpaceDetector calibrate(Transformer model, TokenCodec codec, List<String> forgetPrompts,
                                      Map<String, List<String>> retainPrompts, int maxNewTokens) {
        return calibrateBest(model, codec, List.of(this), forgetPrompts, retainPrompts, maxNewTokens);
    }

    /**
     * Calibrates several detectors (one per layer) in one generation pass and returns the one with the
     * best calibration objective (ties: the later in the list), recording every candidate's objective.
     */
    public static KeySpaceDetector calibrateBest(Transformer model, TokenCodec codec, List<KeySpaceDetector> detectors,
                                                 List<String> forgetPrompts, Map<String, List<String>> retainPrompts,
                                                 int maxNewTokens) {
        List<String> all = new ArrayList<>(forgetPrompts);
        retainPrompts.values().forEach(all::addAll);
        List<Detections> dets = DetectionPass.run(model, codec, detectors, all, maxNewTokens,
                detectors.get(0).settings.batchSize()); // one stream of batches
        KeySpaceDetector best = null;
        Map<String, Double> search = new LinkedHashMap<>();
        for (int d = 0; d < detectors.size(); d++) {
            KeySpaceDetector k = detectors.get(d);
            KsdCalibration c = KsdCalibration.choose(dets.get(d).scores(), forgetPrompts.size(), retainPrompts,
                    k.settings.maxRetainDetection());
            search.put(k.label(), c.objective());
            if (best == null || c.objective() >= best.calibration.objective()) {
                best = new KeySpaceDetector(k.hook, k.mu, k.sigma, k.kMax, c.h(), k.count, k.settings, c, k.inputs);
            }
        }
        if (detectors.size() > 1) {
            best.layerSearch = new LinkedHashMap<>(search);
        }
        return best;
    }

    /** The hook and what is checked, e.g. {@code blocks.3.mlp.hook_post prefill+decode}. */
    public String label() {
        return hook + (settings.checkDecode() ? " prefill+decode" : " prefill");
    }

    /** Calibration objective of every candidate tried (by {@link #label}), when {@link #calibrateBest} chose among several. */
    public Map<String, Double> layerSearch() {
        return java.util.Collections.unmodifiableMap(layerSearch);
    }

    @Override
    public String method() {
        return "ksd";
    }

    @Override
    public List<Answer> answer(Transformer model, TokenCodec codec, List<String> prompts, int maxNewTokens, int batchSize) {
        return detect(model, codec, prompts, maxNewTokens, batchSize).answers();
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("hook", hook);
        d.put("layer", HookName.parse(hook).layer());
        d.put("k_max", kMax);
        d.put("h", h);
        d.put("origin_h", originH());
        d.put("forget_vectors", count);
        d.put("refusal", settings.refusal());
        d.put("check_decode", settings.checkDecode());
        d.put("max_retain_detection", settings.maxRetainDetection());
        if (calibration != null) {
            d.put("calibration", calibration);
        }
        if (!layerSearch.isEmpty()) {
            d.put("layer_search", layerSearch);
        }
        d.put("inputs", inputs);
        return d;
    }

    /** Writes {@code result.json} and {@code ksd.safetensors} (μ and σ, float64). */
    @Override
    public void save(Path dir) {
        Map<String, HostTensor> t = new LinkedHashMap<>();
        t.put("mu", HostTensor.ofDoubles(mu, mu.length));
        t.put("sigma", HostTensor.ofDoubles(sigma, sigma.length));
        JsonObject o = new JsonObject();
        o.addProperty("method", method());
        o.add("settings", Artifacts.GSON.toJsonTree(settings));
        o.add("summary", Artifacts.GSON.toJsonTree(describe()));
        Artifacts.write(dir, o, "ksd.safetensors", t);
    }

    /** Reads a folder written by {@link #save}. */
    public static KeySpaceDetector load(Path dir) {
        JsonObject o = Artifacts.read(dir, "ksd");
        Settings s = Artifacts.GSON.fromJson(Artifacts.field(o, "settings", dir), Settings.class);
        JsonObject sum = Artifacts.field(o, "summary", dir).getAsJsonObject();
        KsdCalibration cal = sum.has("calibration")
                ? Artifacts.GSON.fromJson(sum.get("calibration"), KsdCalibration.class) : null;
        Map<String, String> inputs = new LinkedHashMap<>();
        sum.getAsJsonObject("inputs").entrySet().forEach(e -> inputs.put(e.getKey(), e.getValue().getAsString()));
        try (TensorSource src = TensorSource.open(dir.resolve("ksd.safetensors"))) {
            KeySpaceDetector k = new KeySpaceDetector(sum.get("hook").getAsString(), src.read("mu").toDoubles(),
                    src.read("sigma").toDoubles(), sum.get("k_max").getAsDouble(), sum.get("h").getAsDouble(),
                    sum.get("forget_vectors").getAsLong(), s, cal, inputs);
            if (sum.has("layer_search")) {
                Map<String, Double> search = new LinkedHashMap<>();
                sum.getAsJsonObject("layer_search").entrySet().forEach(e -> search.put(e.getKey(), e.getValue().getAsDouble()));
                k.layerSearch = search;
            }
            return k;
        }
    }

    @Override
    public String toString() {
        return String.format("KeySpaceDetector[%s, %d dims, k_max=%.4g, h=%.4g%s]", label(), mu.length, kMax, h,
                calibration == null ? ", uncalibrated" : ", forget detected " + String.format("%.2f", calibration.forgetDetection()));
    }
}
