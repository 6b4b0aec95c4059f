package io.skillscope.spark;

import com.google.gson.JsonObject;
import io.skillscope.api.ModelCodec;
import io.skillscope.core.Json;
import io.skillscope.core.SkillscopeException;
import io.skillscope.core.checkpoint.AtomicFolder;
import io.skillscope.core.config.ModelConfig;
import io.skillscope.core.hooks.HookFilter;
import io.skillscope.core.hooks.HookName;
import io.skillscope.datasets.Example;
import io.skillscope.probes.ProbeResult;
import io.skillscope.probes.ProbeSettings;
import io.skillscope.unlearning.KeySpaceDetector;
import io.skillscope.unlearning.KsdCalibrator;
import io.skillscope.unlearning.KsdFit;
import io.skillscope.unlearning.KsdOptions;
import io.skillscope.unlearning.KsdPreset;
import io.skillscope.unlearning.LayerChoice;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The {@code skillscope spark fit-ksd} job: Key Space Detection's box over a large forget corpus through
 * {@link DistributedProbe}, and its tolerance h calibrated on the driver.
 *
 * <p>Key Space Detection (Li, Sun and Weng, NAACL 2025; docs/methods.md §2) boxes the forget set's keys
 * (by default the last layer's {@code mlp.hook_post}, the down projection's input, at the prompt's last
 * token): per dimension i the mean μ_i, the sample standard deviation σ_i (ddof 1), the minimum and the
 * maximum, and
 *
 * <pre>
 *   k_max = max_i max(max_i − μ_i, μ_i − min_i) / σ_i   (over the dimensions with σ_i &gt; 0)
 * </pre>
 *
 * <p>These are mergeable probe statistics, so the forget corpus is probed over partitions with the rows,
 * positions, hook and batch size that {@link KsdFit#fit} uses on one machine ({@link RowForm.KsdKeys}), and
 * {@link KsdFit#fromStats} builds the box on the driver. With {@link LayerChoice.ChosenOnDev} every block's
 * site is probed in the same pass and {@link KsdFit#fromLayerStats} makes the candidates of {@link
 * KsdFit#fitLayers}.
 *
 * <p>The tolerance h is then calibrated <em>on the driver</em>, exactly as {@code skillscope unlearn ksd}
 * calibrates it ({@link KsdCalibrator#best}): one greedy generation pass over the dev prompts of the forget
 * set and of every retain set, h the largest gap between forget and mean retain detection with every retain
 * set at most {@code maxRetainDetection}. Dev sets are small (a hundred prompts per set), so this pass is
 * not distributed; the large part, the forget corpus's statistics, is. One box per skill
 * ({@code --per-skill}) is not distributed.
 *
 * <p>The artifact is the one {@code skillscope unlearn ksd} writes to {@code OUT/artifact}, so {@link
 * KeySpaceDetector#load} and {@code Unlearning.load} re-apply it and {@code spark eval --intervention}
 * scores it.
 */
public final class KsdJob {
    private KsdJob() {}

    /**
     * The dev sets h is calibrated on, read on the driver.
     *
     * @param forget the forget set's dev examples (JSONL: prompt, answer)
     * @param retain each retain set's dev examples, named by their file names (distinct)
     * @param maxNewTokens the generation limit of the calibration pass; 0 for the limit {@code unlearn ksd}
     *     gives a JSONL set ({@link io.skillscope.unlearning.EvalPart#jsonlGenerationLimit}) over every dev
     *     answer
     */
    public record Dev(Corpus forget, List<Corpus> retain, int maxNewTokens) {
        public Dev {
            if (forget == null || retain == null || retain.isEmpty()) {
                throw new IllegalArgumentException("KsdJob.Dev needs a forget dev set and at least one retain dev set");
            }
            retain = List.copyOf(retain);
            if (maxNewTokens < 0) {
                throw new IllegalArgumentException(
                        "KsdJob.Dev.maxNewTokens must be >= 0 (0: from the answers), got " + maxNewTokens);
            }
            java.util.Set<String> names = new java.util.HashSet<>();
            for (Corpus c : retain) {
                if (!names.add(c.name()) || c.name().equals(forget.name())) {
                    throw new IllegalArgumentException(
                            "dev set name '" + c.name() + "' is used twice; the sets are named by their file names");
                }
            }
        }
    }

    /**
     * A fitted detector and what it was fitted from.
     *
     * @param detector the calibrated detector
     * @param forgetStats the forget keys' statistics (every candidate block's, with {@link LayerChoice.ChosenOnDev})
     * @param dev the dev sets' paths and row hashes
     */
    public record Fit(KeySpaceDetector detector, ProbeResult forgetStats, Map<String, String> dev) {}

    /**
     * Fits the box from distributed statistics and calibrates h on the driver.
     *
     * @param sc the Spark context
     * @param model a model folder every executor (and the driver) sees at this path
     * @param forget the forget corpus (JSONL: prompt, answer)
     * @param o the options; {@code perSkill} is refused
     * @param dev the dev sets
     * @param partitions partitions of the forget corpus
     * @return the detector and its statistics
     * @throws SkillscopeException naming the option when it is not supported here, or the layer or site
     *     the model lacks
     */
    public static Fit fit(JavaSparkContext sc, Path model, Corpus forget, KsdOptions o, Dev dev, int partitions) {
        if (o.perSkill()) {
            throw new SkillscopeException("spark fit-ksd fits one box over the whole forget corpus;"
                    + " --per-skill (one box per skill) is not distributed: use skillscope unlearn ksd --per-skill");
        }
        KeySpaceDetector.Settings s = o.settings();
        String modelPath = model.toAbsolutePath().normalize().toString();
        // the driver's copy of the model: its config names the hooks, and it runs the calibration pass
        ModelCache.Loaded m = ModelCache.get(modelPath);
        HookFilter hooks = s.layer() instanceof LayerChoice.ChosenOnDev
                ? KsdFit.layersFilter(m.model(), s)
                : HookFilter.of(KsdFit.hookFor(m.model(), s));
        Map<String, String> devInputs = new LinkedHashMap<>();
        List<Example> all = new java.util.ArrayList<>();
        List<Example> forgetDev = examples(sc, dev.forget(), model, devInputs, "dev_forget");
        all.addAll(forgetDev);
        List<String> devForget = forgetDev.stream().map(Example::prompt).toList();
        Map<String, List<String>> devRetain = new LinkedHashMap<>();
        for (Corpus c : dev.retain()) {
            List<Example> r = examples(sc, c, model, devInputs, "dev_retain/" + c.name());
            all.addAll(r);
            devRetain.put(c.name(), r.stream().map(Example::prompt).toList());
        }
        int maxNewTokens = dev.maxNewTokens() > 0
                ? dev.maxNewTokens()
                : io.skillscope.unlearning.EvalPart.jsonlGenerationLimit(all);
        devInputs.put("max_new_tokens", Integer.toString(maxNewTokens));

        ProbeSettings ps = ProbeSettings.of(o.fitOn().positions(), hooks).withBatchSize(s.batchSize());
        ProbeResult stats = DistributedProbe.run(sc, model, forget, ps, partitions, new RowForm.KsdKeys(o.fitOn()));
        Map<String, String> inputs = KsdFit.inputs(
                stats.datasetName(),
                stats.datasetSha256(),
                stats.modelSha256(),
                o.fitOn().positions());
        List<KeySpaceDetector> candidates;
        if (s.layer() instanceof LayerChoice.ChosenOnDev) {
            candidates = KsdFit.fromLayerStats(stats.stats(), s, inputs);
        } else {
            HookName hook = KsdFit.hookFor(m.model(), s);
            candidates = List.of(KsdFit.fromStats(hook.toString(), stats.get(hook), s, inputs));
        }
        KeySpaceDetector k;
        synchronized (m) {
            k = KsdCalibrator.best(m.model(), m.tokens(), candidates, devForget, devRetain, maxNewTokens);
        }
        return new Fit(k, stats, devInputs);
    }

    /** A dev set's prompts, its path and row hash recorded under {@code key}. */
    private static List<Example> examples(
            JavaSparkContext sc, Corpus c, Path model, Map<String, String> inputs, String key) {
        try (ModelCodec codec = ModelCodec.of(model)) {
            int vocab = ModelConfig.load(model.resolve("config.json")).vocabSize();
            Corpus.Scan scan = c.scan(sc.hadoopConfiguration(), codec.codec(), true, vocab);
            inputs.put(key, c.path());
            inputs.put(key + "_sha256", scan.sha256());
        }
        return c.examples(sc.hadoopConfiguration());
    }

    /**
     * Fits and writes {@code OUT/artifact/} (the detector, as {@code skillscope unlearn ksd} writes it) and
     * {@code OUT/result.json} (settings, input hashes, the detector's summary, Spark and environment), as
     * one all-or-nothing folder.
     *
     * @param preset the preset the options started from, recorded with the method's label
     * @param out the output folder (refused when it holds a previous result and {@code force} is false)
     * @param force replace a previous result
     * @param notes receives progress lines
     * @return the fit
     */
    public static Fit run(
            JavaSparkContext sc,
            Path model,
            Corpus forget,
            KsdOptions o,
            KsdPreset preset,
            Dev dev,
            int partitions,
            Path out,
            boolean force,
            Consumer<String> notes) {
        ProbeJob.requireWritable(out, force);
        long t0 = System.nanoTime();
        Fit fit = fit(sc, model, forget, o, dev, partitions);
        KeySpaceDetector k = fit.detector();
        double seconds = (System.nanoTime() - t0) / 1e9;
        notes.accept(String.format(Locale.ROOT, "spark fit-ksd: %s in %.1f s", k, seconds));
        try (AtomicFolder folder = AtomicFolder.begin(out, "spark fit-ksd", notes)) {
            Path dir = folder.dir();
            k.save(dir.resolve("artifact"));
            JsonObject json = new JsonObject();
            json.addProperty("command", "spark fit-ksd");
            json.addProperty("method", k.method());
            json.addProperty("method_label", KsdPreset.label(o));
            json.addProperty("preset", preset.wire());
            json.addProperty("fit_on", o.fitOn().wire());
            json.addProperty("faithful_to_paper", KsdPreset.faithful(o));
            json.addProperty("model", model.toAbsolutePath().normalize().toString());
            json.addProperty("model_sha256", fit.forgetStats().modelSha256());
            json.add("settings", settingsJson(o));
            json.add("summary", Json.GSON.toJsonTree(k.describe()));
            if (k.calibration() != null) {
                json.addProperty("dev_forget_detection", k.calibration().forgetDetection());
            }
            json.addProperty("forget", forget.path());
            json.addProperty("forget_rows", fit.forgetStats().rows());
            JsonObject devJson = new JsonObject();
            fit.dev().forEach(devJson::addProperty);
            json.add("dev", devJson);
            JsonObject spark = JobJson.spark(sc, partitions);
            spark.addProperty("seconds", seconds);
            spark.addProperty("calibration", "on the driver (one generation pass over the dev prompts)");
            json.add("spark", spark);
            json.add("environment", JobJson.environment());
            Json.write(dir.resolve("result.json"), json);
            folder.commit();
        }
        return fit;
    }

    /** The options as {@code result.json} records them (the layer as its code: −1 last, −2 chosen on dev). */
    static JsonObject settingsJson(KsdOptions o) {
        KeySpaceDetector.Settings s = o.settings();
        JsonObject j = new JsonObject();
        j.addProperty("layer", s.layer().code());
        j.addProperty("site", s.site().suffix());
        j.addProperty("check_decode", s.checkDecode());
        j.addProperty("refusal", s.refusal());
        j.addProperty("max_retain_detection", s.maxRetainDetection());
        j.addProperty("batch_size", s.batchSize());
        j.addProperty("fit_on", o.fitOn().wire());
        return j;
    }
}
