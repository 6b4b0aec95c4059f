package io.skillscope.unlearning;

import io.skillscope.core.hooks.HookName;
import io.skillscope.core.hooks.HookSite;
import io.skillscope.core.model.Transformer;
import io.skillscope.probes.ProbeDataset;
import io.skillscope.probes.TokenCodec;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Key Space Detection (Li, Sun and Weng, NAACL 2025): recognise the forget skill's queries by their
 * feed-forward key and abstain.
 *
 * <ol>
 *   <li>Probe the forget set's key {@code k} = {@code blocks.L.mlp.hook_post} at the last prompt token
 *       (L = the last layer by default; {@link Settings#site()} reads another activation instead): per
 *       dimension mean μ and sample standard deviation σ (ddof 1), streamed ({@link KsdFit}).</li>
 *   <li>k_max = max over probe vectors v and dimensions i of |v_i − μ_i| / σ_i, the smallest multiplier
 *       whose hypercube μ ± k_max·σ holds every probe vector; computed exactly from the streamed
 *       minimum and maximum: max_i max(max_i − μ_i, μ_i − min_i)/σ_i ({@link KeySpaceCube}).</li>
 *   <li>At inference, at prefill (the last prompt token) and at every generated token, the key is
 *       inside the cube, |k_i − μ_i| ≤ h·k_max·σ_i for every dimension i with σ_i &gt; 0, iff its score
 *       max_i |k_i − μ_i| / σ_i / k_max ≤ h; a query detected at any of these positions gets the
 *       refusal as its whole answer ({@link DetectionPass}).</li>
 * </ol>
 *
 * <p>Dimensions whose σ is 0 on the forget set are left out of the cube (they would demand exact
 * equality of a float). Scores are computed on the device in float64, in the same arithmetic as k_max,
 * so every probe vector scores at most 1. {@code h} is calibrated on held-out queries with
 * {@link KsdCalibrator} ({@link KsdCalibration#choose}); {@link KsdArtifact} saves and loads the
 * fitted detector.
 *
 * <p>Checking generated tokens against a cube fitted on last-prompt-token keys can cost precision: on
 * the skill lab, retain queries' decode-step keys fall inside the arithmetic cube far more often than
 * their prompt keys do, so calibration must shrink h until the forget set is barely detected. The
 * retained keys that enter first are the small ones: their score rises with ‖k‖ (Spearman 0.73–0.78 on
 * the skill lab's decode-step keys), and decode-step keys are smaller than prompt keys
 * ({@link KeyTracePass}; {@code skillscope bench ksd-keys}). The cube holds the origin from h =
 * {@link #originH()} on (0.04 at the skill lab's last layer), but that alone does not separate it from
 * the up-projection prompt-only variant that works, which holds the origin at its h too
 * (unlearning/BENCHMARK.md, "What differs").
 * {@link Settings#checkDecode()} = false checks the prompt only, {@link LayerChoice#CHOSEN_ON_DEV} lets
 * the dev queries choose the layer and the check, and {@link Settings#site()} moves the cube to another
 * activation ({@link KeySpaceSurvey} compares them); the default stays the published procedure.
 */
public final class KeySpaceDetector implements Unlearner {
    /** The refusal of the original code. */
    public static final String DEFAULT_REFUSAL = "Sorry, your query is not valid";

    /**
     * @param layer the block whose {@code site} is read: a fixed block, the last, or
     *     {@link LayerChoice.ChosenOnDev} to fit every block and keep the one whose calibration objective
     *     on the dev queries is best (written in artifacts as one integer, {@link LayerChoice#code()})
     * @param refusal the answer given to a detected query
     * @param maxRetainDetection calibration constraint: detection rate allowed on each retain set
     * @param batchSize rows per probe pass and prompts per generation batch
     * @param checkDecode check the key at every generated token as well as at prefill (the published
     *     procedure, the default); false checks the last prompt token only. With
     *     {@link LayerChoice.ChosenOnDev} both are tried.
     * @param site the per-block activation the cube lives in: {@link HookSite#MLP_POST}, the
     *     feed-forward key (the default; also when a saved artifact has no site), or another, e.g.
     *     {@link HookSite#MLP_PRE_LINEAR} (the up projection W_up x of a gated MLP), a variant that
     *     {@link KeySpaceSurvey} compares
     */
    public record Settings(
            LayerChoice layer,
            String refusal,
            double maxRetainDetection,
            int batchSize,
            boolean checkDecode,
            HookSite site) {
        public Settings {
            if (layer == null) {
                throw new IllegalArgumentException("KeySpaceDetector.Settings.layer must not be null");
            }
            if (refusal == null) {
                throw new IllegalArgumentException("KeySpaceDetector.Settings.refusal must not be null");
            }
            if (!(maxRetainDetection >= 0 && maxRetainDetection <= 1) || batchSize < 1) {
                throw new IllegalArgumentException(
                        "KeySpaceDetector.Settings: maxRetainDetection in [0, 1] and batchSize" + " >= 1, got "
                                + maxRetainDetection + ", " + batchSize);
            }
            site = site == null ? HookSite.MLP_POST : site;
            if (!site.perLayer()) {
                throw new IllegalArgumentException(
                        "KeySpaceDetector.Settings.site must be a site of every block, got " + site.suffix());
            }
        }

        /** Last layer's key, the original refusal, at most 5% of each retain set detected, 32 per batch, decode checked. */
        public static Settings defaults() {
            return new Settings(LayerChoice.LAST, DEFAULT_REFUSAL, 0.05, 32, true, HookSite.MLP_POST);
        }

        public Settings withLayer(LayerChoice l) {
            return new Settings(l, refusal, maxRetainDetection, batchSize, checkDecode, site);
        }

        /** Check every generated token too (true, the published procedure) or only the prompt's last token. */
        public Settings withCheckDecode(boolean on) {
            return new Settings(layer, refusal, maxRetainDetection, batchSize, on, site);
        }

        /** Read another per-block activation than the key. */
        public Settings withSite(HookSite s) {
            return new Settings(layer, refusal, maxRetainDetection, batchSize, checkDecode, s);
        }

        public Settings withBatchSize(int b) {
            return new Settings(layer, refusal, maxRetainDetection, b, checkDecode, site);
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

    private final KeySpaceCube cube;
    private final double h;
    private final Settings settings;
    private final KsdCalibration calibration; // null until calibrated
    private final Map<String, String> inputs;
    private final Map<String, Double> layerSearch; // objective of each candidate, when the layer was chosen on dev

    KeySpaceDetector(
            KeySpaceCube cube,
            double h,
            Settings settings,
            KsdCalibration calibration,
            Map<String, String> inputs,
            Map<String, Double> layerSearch) {
        if (!(h >= 0)) {
            throw new IllegalArgumentException("h must be >= 0, got " + h);
        }
        this.cube = cube;
        this.h = h;
        this.settings = settings;
        this.calibration = calibration;
        this.inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
        this.layerSearch = Collections.unmodifiableMap(new LinkedHashMap<>(layerSearch));
    }

    /** A detector from explicit numbers (for experiments and tests). */
    public static KeySpaceDetector of(String hook, double[] mu, double[] sigma, double kMax, double h, Settings s) {
        return new KeySpaceDetector(new KeySpaceCube(hook, mu, sigma, kMax, 0), h, s, null, Map.of(), Map.of());
    }

    /**
     * Probes the forget prompts (rows' prompt parts; answers are ignored) at the last prompt token and
     * builds the hypercube, with h = 1 until calibrated ({@link KsdFit#fit}).
     */
    public static KeySpaceDetector fit(Transformer model, ProbeDataset forget, Settings s) {
        return KsdFit.fit(model, forget, s);
    }

    /** Reads a folder written by {@link #save} ({@link KsdArtifact#load}). */
    public static KeySpaceDetector load(Path dir) {
        return KsdArtifact.load(dir);
    }

    /** The same cube under other settings (say, checking generated tokens too). */
    public KeySpaceDetector withSettings(Settings s) {
        return new KeySpaceDetector(cube, h, s, calibration, inputs, Map.of());
    }

    /** The same cube with the tolerance of a calibration, which it records. */
    KeySpaceDetector withCalibration(KsdCalibration c) {
        return new KeySpaceDetector(cube, c.h(), settings, c, inputs, Map.of());
    }

    /** The same detector recording the objective of every candidate a layer search tried. */
    KeySpaceDetector withLayerSearch(Map<String, Double> search) {
        return new KeySpaceDetector(cube, h, settings, calibration, inputs, search);
    }

    /** The same cube with another tolerance. */
    public KeySpaceDetector withH(double newH) {
        return new KeySpaceDetector(cube, newH, settings, calibration, inputs, layerSearch);
    }

    /** The fitted hypercube. */
    public KeySpaceCube cube() {
        return cube;
    }

    public String hook() {
        return cube.hook();
    }

    public double[] mu() {
        return cube.mu();
    }

    public double[] sigma() {
        return cube.sigma();
    }

    public double kMax() {
        return cube.kMax();
    }

    public double h() {
        return h;
    }

    /** {@link KeySpaceCube#originH()}. */
    public double originH() {
        return cube.originH();
    }

    public Settings settings() {
        return settings;
    }

    /** The calibration that set h, or null. */
    public KsdCalibration calibration() {
        return calibration;
    }

    /**
     * Scores of each row's last prompt token in plain forward passes (right-padded batches, as the
     * probe ran): every forget vector the cube was fitted on scores at most 1.
     */
    public double[] promptScores(Transformer model, ProbeDataset data) {
        return DetectionPass.promptScores(model, cube, data, settings.batchSize());
    }

    /**
     * Greedy generation with the detector reading the key at prefill (last prompt token) and at every
     * generated token; detected queries' answers are replaced by the refusal.
     */
    public Detections detect(
            Transformer model, TokenCodec codec, List<String> prompts, int maxNewTokens, int batchSize) {
        return DetectionPass.run(model, codec, List.of(this), prompts, maxNewTokens, batchSize)
                .get(0);
    }

    /** The hook and what is checked, e.g. {@code blocks.3.mlp.hook_post prefill+decode}. */
    public String label() {
        return hook() + (settings.checkDecode() ? " prefill+decode" : " prefill");
    }

    /**
     * Calibration objective of every candidate tried (by {@link #label}), when {@link KsdCalibrator#best}
     * chose among several; empty otherwise.
     */
    public Map<String, Double> layerSearch() {
        return layerSearch;
    }

    @Override
    public String method() {
        return "ksd";
    }

    @Override
    public List<Answer> answer(
            Transformer model, TokenCodec codec, List<String> prompts, int maxNewTokens, int batchSize) {
        return detect(model, codec, prompts, maxNewTokens, batchSize).answers();
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("hook", hook());
        d.put("layer", HookName.parse(hook()).layer());
        d.put("k_max", kMax());
        d.put("h", h);
        d.put("origin_h", originH());
        d.put("forget_vectors", cube.count());
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

    /** Writes {@code result.json} and {@code ksd.safetensors} (μ and σ, float64; {@link KsdArtifact}). */
    @Override
    public void save(Path dir) {
        KsdArtifact.save(this, dir);
    }

    @Override
    public String toString() {
        return String.format(
                "KeySpaceDetector[%s, %d dims, k_max=%.4g, h=%.4g%s]",
                label(),
                cube.width(),
                kMax(),
                h,
                calibration == null
                        ? ", uncalibrated"
                        : ", forget detected " + String.format("%.2f", calibration.forgetDetection()));
    }
}
