package io.skillscope.bench;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.skillscope.core.Json;
import io.skillscope.core.KeyValueArgs;
import io.skillscope.core.Provenance;
import io.skillscope.core.checkpoint.AtomicFolder;
import io.skillscope.core.hooks.HookFilter;
import io.skillscope.core.hooks.HookName;
import io.skillscope.core.hooks.HookSite;
import io.skillscope.core.model.Transformer;
import io.skillscope.datasets.CharTokenizer;
import io.skillscope.datasets.SkillSuite;
import io.skillscope.datasets.SplitSizes;
import io.skillscope.lab.Recipe;
import io.skillscope.probes.NeuronStats;
import io.skillscope.probes.PositionMode;
import io.skillscope.probes.Probe;
import io.skillscope.probes.ProbeDataset;
import io.skillscope.probes.ProbeSettings;
import io.skillscope.probes.TokenCodec;
import io.skillscope.unlearning.DetectionPass;
import io.skillscope.unlearning.EvalPart;
import io.skillscope.unlearning.KeySpaceDetector;
import io.skillscope.unlearning.KeySpaceStats;
import io.skillscope.unlearning.KeyTracePass;
import io.skillscope.unlearning.KsdCalibration;
import io.skillscope.unlearning.KsdFit;
import io.skillscope.unlearning.KsdFitOn;
import io.skillscope.unlearning.UnlearningData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What differs between the Key Space Detection box that fails on the skill lab and the ones that work (issue
 * 14; docs/methods.md §2): on the dev split only, nothing here reads the test split.
 *
 * <ol>
 *   <li><b>Width and separation</b> at the last layer's key ({@code mlp.hook_post}) and up projection
 *       ({@code mlp.hook_pre_linear}), prompt keys of the training split: the per-dimension distributions of
 *       |μ|/σ for forget and retain keys, of |μ_f − μ_r|/σ_f and of σ_f/σ_r ({@link KeySpaceStats}); k_max; the
 *       h from which the cube holds the origin.</li>
 *   <li><b>Fits</b> ({@link KsdFitOn}): the key box fitted on the prompt's last token (the paper's text), on
 *       the answer text fed alone (the authors' probe script's default input) and on every answer token in
 *       context (a variant), and the up-projection box on prompts (a variant); each checked at the prompt
 *       and every generated token (the paper's check) and at the prompt only (a variant). One generation pass
 *       over the dev prompts scores them all. Per fit and check: h calibrated on dev (every retain set ≤ 5%),
 *       and the detection at the paper code's fixed h values (2 for GSM8K, 1.4 for MBPP, 0.06 for
 *       languages); whether the cube holds the origin at that h; the share of the retain sets' training
 *       prompt keys inside the cube at that h.</li>
 *   <li><b>Key norms</b> ‖k‖ at the prompt's last token and at every decode step, per dev set, under the
 *       paper's box ({@link KeyTracePass}; {@link KsdKeyNorms}), and the norms of the decode-step keys
 *       that fall inside it at the calibrated h.</li>
 * </ol>
 *
 * <pre>
 * ./skillscope bench ksd-keys --model models/skill-lab-base --forget arithmetic|SKILL --out DIR
 *     [--train 200] [--dev 100] [--test 100] [--seed 0] [--batch 64] [--fixed-h 2,1.4,0.06] [--force true]
 * </pre>
 *
 * The data are drawn as {@code bench unlearning} draws them (same sizes, seed and names), so the forget and
 * retain sets are the same. Writes {@code OUT/result.json} (settings, model and data hashes, environment,
 * every number printed) through {@link AtomicFolder}.
 */
public final class KsdKeysStudy {
    private KsdKeysStudy() {}

    /** One fitted box and the check it is scored with. */
    private record Fit(String name, HookSite site, KsdFitOn fitOn, boolean checkDecode, boolean variant) {}

    public static void main(String[] args) {
        Map<String, String> opt = KeyValueArgs.parse(args, 0);
        Path modelDir = Path.of(opt.getOrDefault("model", "models/skill-lab-base"));
        String forgetName = opt.getOrDefault("forget", "arithmetic");
        if (!opt.containsKey("out")) {
            System.err.println("bench ksd-keys: --out DIR is required");
            System.exit(2);
        }
        Path out = Path.of(opt.get("out"));
        if (Files.exists(out.resolve("result.json")) && !Boolean.parseBoolean(opt.getOrDefault("force", "false"))) {
            System.err.println(
                    "bench ksd-keys: " + out + " already holds a result.json; give --force true to replace it");
            System.exit(2);
        }
        int nTrain = Integer.parseInt(opt.getOrDefault("train", "200"));
        int nDev = Integer.parseInt(opt.getOrDefault("dev", "100"));
        int nTest = Integer.parseInt(opt.getOrDefault("test", "100"));
        int batch = Integer.parseInt(opt.getOrDefault("batch", "64"));
        long seed = Long.parseLong(opt.getOrDefault("seed", "0"));
        double[] fixedH = Arrays.stream(
                        opt.getOrDefault("fixed-h", "2,1.4,0.06").split(","))
                .mapToDouble(Double::parseDouble)
                .toArray();
        double retainBound = KeySpaceDetector.Settings.defaults().maxRetainDetection();

        Path tok = modelDir.resolve("tokenizer.json");
        CharTokenizer tokenizer = Files.isRegularFile(tok) ? CharTokenizer.load(tok) : CharTokenizer.standard();
        TokenCodec codec = TokenCodec.of(tokenizer);
        SkillSuite suite = Recipe.suiteOf(modelDir);
        SplitSizes sizes = new SplitSizes(nTrain, nDev, nTest);
        UnlearningData data = data(suite, forgetName, sizes, seed);
        long t0 = System.nanoTime();
        JsonObject json = new JsonObject();
        json.addProperty("kind", "bench-ksd-keys");
        json.addProperty("command", "bench ksd-keys");
        json.addProperty("split", "dev (fits on train; the test split is not read)");
        JsonObject settings = new JsonObject();
        settings.addProperty("forget", data.forget().name());
        JsonArray retainNames = new JsonArray();
        data.retain().forEach(p -> retainNames.add(p.name()));
        settings.add("retain", retainNames);
        settings.addProperty("train", nTrain);
        settings.addProperty("dev", nDev);
        settings.addProperty("test_drawn_not_read", nTest);
        settings.addProperty("seed", seed);
        settings.addProperty("batch", batch);
        settings.addProperty("max_retain_detection", retainBound);
        JsonArray fh = new JsonArray();
        Arrays.stream(fixedH).forEach(fh::add);
        settings.add("fixed_h", fh);
        json.add("settings", settings);

        try (Transformer model = Transformer.load(modelDir)) {
            String hash = model.parameters().sha256();
            json.addProperty("model", modelDir.toAbsolutePath().normalize().toString());
            json.addProperty("model_sha256", hash);
            int last = model.config().numLayers() - 1;
            System.out.println(model + "; forget " + data.forget().name() + ", retain "
                    + data.retain().stream().map(EvalPart::name).toList() + "; dev split only");

            // (a) width and separation of the prompt keys, training split
            ProbeDataset forgetPrompts =
                    KsdFitOn.PROMPT.dataset(data.forget().name(), data.forget().train(), codec);
            ProbeDataset retainPrompts = KsdFitOn.PROMPT.dataset("retain", data.retainTrain(), codec);
            JsonObject inputs = new JsonObject();
            inputs.addProperty("forget_train_sha256", forgetPrompts.sha256());
            inputs.addProperty("retain_train_sha256", retainPrompts.sha256());
            json.add("inputs", inputs);
            JsonObject widths = new JsonObject();
            System.out.printf(
                    Locale.ROOT,
                    "%n(a) width and separation, last layer, prompt keys of the train split (%d forget, %d retain)%n",
                    forgetPrompts.size(),
                    retainPrompts.size());
            for (HookSite site : List.of(HookSite.MLP_POST, HookSite.MLP_PRE_LINEAR)) {
                HookName hook = HookName.block(last, site);
                NeuronStats f = probe(model, forgetPrompts, hook, batch, hash);
                NeuronStats r = probe(model, retainPrompts, hook, batch, hash);
                KeySpaceStats st = KeySpaceStats.of(f.mean(), f.sampleStd(), r.mean(), r.sampleStd());
                KeySpaceDetector cube =
                        KsdFit.fromStats(hook.toString(), f, KeySpaceDetector.Settings.defaults(), Map.of());
                double meanNormF = norm(f.mean());
                System.out.printf(
                        Locale.ROOT,
                        "%s: k_max %.2f, origin inside from h %.3f, ‖μ_f‖ %.3f, ‖μ_r‖ %.3f%n"
                                + "  |μ_f|/σ_f          %s%n  |μ_r|/σ_r          %s%n  |μ_f − μ_r|/σ_f    %s%n"
                                + "  σ_f/σ_r            %s%n",
                        hook,
                        cube.kMax(),
                        cube.originH(),
                        meanNormF,
                        norm(r.mean()),
                        st.offsetForget(),
                        st.offsetRetain(),
                        st.gap(),
                        st.sigmaRatio());
                JsonObject w = Json.GSON.toJsonTree(st).getAsJsonObject();
                w.add("k_max", Json.num(cube.kMax()));
                w.add("origin_h", Json.num(cube.originH()));
                w.add("norm_mu_forget", Json.num(meanNormF));
                w.add("norm_mu_retain", Json.num(norm(r.mean())));
                widths.add(hook.toString(), w);
            }
            json.add("width_and_separation", widths);

            // (b, c, d) fits, one generation pass over dev
            List<Fit> fits = List.of(
                    new Fit("key, fitted on prompts (paper)", HookSite.MLP_POST, KsdFitOn.PROMPT, true, false),
                    new Fit("key, fitted on prompts, prompt only", HookSite.MLP_POST, KsdFitOn.PROMPT, false, true),
                    new Fit(
                            "key, fitted on answer text (authors' probe default)",
                            HookSite.MLP_POST,
                            KsdFitOn.ANSWER_TEXT,
                            true,
                            false),
                    new Fit(
                            "key, fitted on answer text, prompt only",
                            HookSite.MLP_POST,
                            KsdFitOn.ANSWER_TEXT,
                            false,
                            true),
                    new Fit("key, fitted on answer tokens", HookSite.MLP_POST, KsdFitOn.ANSWER_TOKENS, true, true),
                    new Fit(
                            "key, fitted on answer tokens, prompt only",
                            HookSite.MLP_POST,
                            KsdFitOn.ANSWER_TOKENS,
                            false,
                            true),
                    new Fit("up projection, fitted on prompts", HookSite.MLP_PRE_LINEAR, KsdFitOn.PROMPT, true, true),
                    new Fit(
                            "up projection, fitted on prompts, prompt only (up-proj-prompt-variant)",
                            HookSite.MLP_PRE_LINEAR,
                            KsdFitOn.PROMPT,
                            false,
                            true));
            Map<String, KeySpaceDetector> cubes = new LinkedHashMap<>();
            List<KeySpaceDetector> detectors = new ArrayList<>();
            for (Fit f : fits) {
                String key = f.site().suffix() + "/" + f.fitOn().wire();
                KeySpaceDetector.Settings s =
                        KeySpaceDetector.Settings.defaults().withSite(f.site()).withBatchSize(batch);
                KeySpaceDetector cube = cubes.computeIfAbsent(
                        key,
                        k -> KsdFit.fit(
                                model,
                                f.fitOn()
                                        .dataset(
                                                data.forget().name(),
                                                data.forget().train(),
                                                codec),
                                s,
                                f.fitOn().positions()));
                detectors.add(cube.withSettings(s.withCheckDecode(f.checkDecode())));
            }
            Map<String, List<String>> sets = new LinkedHashMap<>();
            sets.put(data.forget().name(), data.forget().devPrompts());
            sets.putAll(data.retainDevPrompts());
            List<String> all = new ArrayList<>();
            sets.values().forEach(all::addAll);
            long tg = System.nanoTime();
            List<KeySpaceDetector.Detections> dets =
                    DetectionPass.run(model, codec, detectors, all, data.maxNewTokens(), batch);
            System.out.printf(Locale.ROOT, "%none generation pass over %d dev prompts: %.0f s%n", all.size(), secs(tg));
            Map<String, double[]> retainTrainScores = new LinkedHashMap<>();
            JsonArray fitRows = new JsonArray();
            System.out.printf(
                    Locale.ROOT,
                    "%n(c, d) detection on dev: forget detected / worst retain set detected (which) / mean retain;"
                            + " 'origin' = the cube holds 0 at that h; 'retain train in' = share of the retain sets'"
                            + " training prompt keys inside the cube at that h%n");
            System.out.printf(
                    Locale.ROOT,
                    "%-72s %7s %7s %8s %16s %7s %6s %9s%n",
                    "box, fit, check",
                    "h",
                    "k_max",
                    "forget",
                    "worst retain",
                    "mean r",
                    "origin",
                    "retain in");
            for (int d = 0; d < fits.size(); d++) {
                Fit f = fits.get(d);
                KeySpaceDetector k = detectors.get(d);
                KsdCalibration.SetScores sc = KsdCalibration.SetScores.split(
                        dets.get(d).scores(), data.forget().devPrompts().size(), data.retainDevPrompts());
                KsdCalibration cal = KsdCalibration.choose(sc, retainBound);
                double[] rTrain = retainTrainScores.computeIfAbsent(
                        f.site().suffix() + "/" + f.fitOn().wire(), x -> k.promptScores(model, retainPrompts));
                JsonObject row = new JsonObject();
                row.addProperty("box", f.name());
                row.addProperty("site", k.hook());
                row.addProperty("fit_on", f.fitOn().wire());
                row.addProperty("check", f.checkDecode() ? "prompt and every generated token" : "prompt only");
                row.addProperty("variant", f.variant());
                row.add("k_max", Json.num(k.kMax()));
                row.add("origin_h", Json.num(k.originH()));
                row.add("forget_vectors", Json.num(k.cube().count()));
                JsonArray at = new JsonArray();
                List<double[]> hs = new ArrayList<>();
                hs.add(new double[] {cal.h(), 1});
                for (double h : fixedH) {
                    hs.add(new double[] {h, 0});
                }
                for (double[] hh : hs) {
                    double h = hh[0];
                    boolean calibrated = hh[1] == 1;
                    double fr = KsdCalibration.rate(sc.forget(), h);
                    String worstName = "";
                    double worst = -1;
                    double mean = 0;
                    JsonObject per = new JsonObject();
                    for (Map.Entry<String, double[]> e : sc.retain().entrySet()) {
                        double rr = KsdCalibration.rate(e.getValue(), h);
                        per.addProperty(e.getKey(), rr);
                        mean += rr / sc.retain().size();
                        if (rr > worst) {
                            worst = rr;
                            worstName = e.getKey();
                        }
                    }
                    double retainIn = KsdCalibration.rate(rTrain, h);
                    boolean origin = k.originH() <= h;
                    String label = String.format(
                            Locale.ROOT,
                            "%s%s",
                            f.name(),
                            calibrated ? ", h calibrated on dev" : ", h fixed (paper code)");
                    System.out.printf(
                            Locale.ROOT,
                            "%-72s %7.3f %7.2f %8.2f %10.2f %-5s %7.3f %6s %9.3f%n",
                            label,
                            h,
                            k.kMax(),
                            fr,
                            worst,
                            worstName,
                            mean,
                            origin ? "yes" : "no",
                            retainIn);
                    JsonObject a = new JsonObject();
                    a.add("h", Json.num(h));
                    a.addProperty(
                            "h_source",
                            calibrated
                                    ? "calibrated on dev (dev-selected)"
                                    : "fixed by the paper's code (not selected)");
                    a.addProperty("forget_detection", fr);
                    a.add("retain_detection", per);
                    a.addProperty("worst_retain", worstName);
                    a.addProperty("worst_retain_detection", worst);
                    a.addProperty("mean_retain_detection", mean);
                    a.addProperty("origin_inside", origin);
                    a.addProperty("retain_train_prompt_keys_inside", retainIn);
                    at.add(a);
                }
                row.add("at_h", at);
                fitRows.add(row);
            }
            json.add("fits", fitRows);

            // (b) key norms under the paper's box
            KeySpaceDetector paper = detectors.get(0);
            KsdCalibration paperCal = KsdCalibration.choose(
                    KsdCalibration.SetScores.split(
                            dets.get(0).scores(), data.forget().devPrompts().size(), data.retainDevPrompts()),
                    retainBound);
            json.add(
                    "key_norms",
                    KsdKeyNorms.run(
                            model,
                            codec,
                            paper,
                            paperCal,
                            sets,
                            all,
                            data.forget().devPrompts().size(),
                            data.maxNewTokens(),
                            batch));
        }
        json.addProperty("seconds", secs(t0));
        json.add("environment", Json.GSON.toJsonTree(Provenance.environment()));
        AtomicFolder.write(out, "bench ksd-keys", dir -> Json.write(dir.resolve("result.json"), json));
        System.out.printf(Locale.ROOT, "%nwrote %s (%.0f s)%n", out.resolve("result.json"), secs(t0));
    }

    /** The forget set and retain sets as {@code bench unlearning} draws them. */
    static UnlearningData data(SkillSuite suite, String forget, SplitSizes sizes, long seed) {
        List<String> arithmetic = List.of("add", "sub", "mul");
        Map<String, EvalPart> parts = new LinkedHashMap<>();
        for (String s : SkillSuite.SEEN) {
            parts.put(s, part(suite, s, List.of(s), sizes, seed));
        }
        if (forget.equals("arithmetic")) {
            List<EvalPart> strings = new ArrayList<>();
            for (String s : SkillSuite.SEEN) {
                if (!arithmetic.contains(s)) {
                    strings.add(parts.get(s));
                }
            }
            return new UnlearningData(part(suite, "arithmetic", arithmetic, sizes, seed), strings);
        }
        if (!parts.containsKey(forget)) {
            throw new IllegalArgumentException("bench ksd-keys: --forget must be arithmetic or a seen skill "
                    + SkillSuite.SEEN + ", got " + forget);
        }
        List<EvalPart> others = new ArrayList<>();
        parts.forEach((n, p) -> {
            if (!n.equals(forget)) {
                others.add(p);
            }
        });
        return new UnlearningData(parts.get(forget), others);
    }

    private static EvalPart part(SkillSuite suite, String name, List<String> skills, SplitSizes sizes, long seed) {
        return EvalPart.ofSkills(name, suite, skills, sizes, seed * 1_000_003L + name.hashCode());
    }

    private static NeuronStats probe(Transformer model, ProbeDataset data, HookName hook, int batch, String hash) {
        return Probe.run(
                        model,
                        data,
                        ProbeSettings.of(PositionMode.LAST_PROMPT_TOKEN, HookFilter.of(hook))
                                .withBatchSize(batch),
                        hash)
                .get(hook);
    }

    static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }

    static double secs(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
