package io.skillscope.cli;

import com.google.gson.JsonObject;
import io.skillscope.api.ModelCodec;
import io.skillscope.core.Json;
import io.skillscope.core.PassProgress;
import io.skillscope.core.SkillscopeException;
import io.skillscope.core.checkpoint.Hashing;
import io.skillscope.core.checkpoint.TensorSource;
import io.skillscope.core.hooks.HookSite;
import io.skillscope.core.memory.MemoryEstimate;
import io.skillscope.core.model.Transformer;
import io.skillscope.datasets.SkillSuite;
import io.skillscope.datasets.SplitSizes;
import io.skillscope.demo.ResultKind;
import io.skillscope.unlearning.KeySpaceDetector;
import io.skillscope.unlearning.KeySpaceUnion;
import io.skillscope.unlearning.KsdCalibration;
import io.skillscope.unlearning.KsdFitOn;
import io.skillscope.unlearning.KsdOptions;
import io.skillscope.unlearning.KsdPreset;
import io.skillscope.unlearning.LayerChoice;
import io.skillscope.unlearning.NeuronAdjust;
import io.skillscope.unlearning.SelectivePruning;
import io.skillscope.unlearning.Unlearner;
import io.skillscope.unlearning.Unlearning;
import io.skillscope.unlearning.UnlearningData;
import io.skillscope.unlearning.UnlearningEvaluation;
import io.skillscope.unlearning.UnlearningReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code skillscope unlearn na|ksd|prune}: fits a training-free unlearning method ({@link Unlearning}) on
 * the forget and retain sets' train splits (KSD calibrates h on their dev splits), measures exact-match
 * accuracy on their test splits without and with it, and writes {@code OUT/result.json} ({@code method},
 * {@code forget} and {@code retain} rows with {@code name, n, before, after, relative_drop, detection},
 * the method's settings and derived numbers, the data sources, the model and its hash, the environment)
 * and the fitted artifact in {@code OUT/artifact/}, which {@code NeuronAdjust.load},
 * {@code KeySpaceDetector.load} (with {@code --per-skill}: {@code KeySpaceUnion.load}) or
 * {@code SelectivePruning.load} re-apply.
 */
@Command(
        name = "unlearn",
        mixinStandardHelpOptions = true,
        description = {
            "Remove a skill without training: Neuron Adjust (na), Key Space Detection (ksd) or Selective Pruning (prune).",
            "Writes OUT/result.json (accuracy before and after on the forget and retain sets) and OUT/artifact/."
        })
final class UnlearnCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "METHOD", converter = MethodWord.class, description = "na, ksd or prune.")
    Unlearning.Method method;

    @Mixin
    ModelFolder model;

    @Option(
            names = "--forget",
            required = true,
            paramLabel = "SKILL|FILE",
            description = "The set to remove: skills joined by + (add+sub+mul) or a JSONL file (prompt, answer)."
                    + SkillWords.CONTEXT_RULE)
    String forget;

    @Option(
            names = "--retain",
            required = true,
            paramLabel = "SKILL,...|FILE,...",
            description = "The sets to keep, comma-separated; each is skills joined by + or a JSONL file."
                    + SkillWords.CONTEXT_RULE)
    String retain;

    @Mixin
    OutputFolder output;

    @Option(
            names = {"--p", "--percent"},
            paramLabel = "PERCENT",
            description = "na, prune: share of feed-forward neurons, in percent (default: 1.5).")
    Double percent;

    @Option(names = "--seed", paramLabel = "S", description = "na: seed of the per-element uniforms (default: 0).")
    Long seed;

    @Option(names = "--paper-code", description = "na: reproduce the published code rather than the paper's formula.")
    boolean paperCode;

    @Option(
            names = "--preset",
            paramLabel = "NAME",
            converter = PresetWord.class,
            description = "ksd: named settings: paper (default: the paper's procedure as the authors' code runs it,"
                    + " the last layer's key checked at the prompt and every generated token), key-prompt-variant"
                    + " (the same box, prompt only) or up-proj-prompt-variant (a box on the up projection, prompt"
                    + " only); the variants are not in the paper. --layer, --site, --check-decode override it.")
    KsdPreset preset;

    /** A KSD preset by name. */
    static final class PresetWord implements ITypeConverter<KsdPreset> {
        @Override
        public KsdPreset convert(String value) {
            try {
                return KsdPreset.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** Below this share of the dev forget prompts detected, {@code unlearn ksd} says the preset fits poorly. */
    static final double POOR_DEV_DETECTION = 0.5;

    @Option(
            names = "--layer",
            paramLabel = "L",
            converter = LayerWord.class,
            description = "ksd: block to read: a number, last (default) or auto (chosen on the dev split).")
    LayerChoice layer;

    @Option(
            names = "--check-decode",
            paramLabel = "BOOL",
            arity = "1",
            description = "ksd: check every generated token as well as the prompt, true (default) or false.")
    Boolean checkDecode;

    @Option(
            names = "--site",
            paramLabel = "SITE",
            converter = SiteWord.class,
            description = "ksd: the per-block activation the hypercube lives in: mlp.hook_post (the feed-forward key,"
                    + " default), or another such as mlp.hook_pre_linear or hook_resid_mid (a variant of the paper).")
    HookSite site;

    @Option(
            names = "--fit-on",
            paramLabel = "KEYS",
            converter = FitOnWord.class,
            description = "ksd: which forget keys the box is fitted on: prompt (default: the last prompt token, as the"
                    + " paper writes it), answer-text (the last token of the answer text fed alone, the authors' probe"
                    + " script's default input) or answer-tokens (every answer token in context; a variant).")
    KsdFitOn fitOn;

    /** A KSD fit by name. */
    static final class FitOnWord implements ITypeConverter<KsdFitOn> {
        @Override
        public KsdFitOn convert(String value) {
            try {
                return KsdFitOn.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    @Option(
            names = "--h",
            paramLabel = "H",
            description = "ksd: use this tolerance h instead of the one calibrated on the dev split.")
    Double h;

    @Option(names = "--refusal", paramLabel = "TEXT", description = "ksd: the answer to a detected query.")
    String refusal;

    @Option(
            names = "--per-skill",
            description = "ksd: one hypercube per skill of the forget set (e.g. add+sub+mul), a query detected when it"
                    + " falls in any of them (KeySpaceUnion; an extension of the paper's single cube).")
    boolean perSkill;

    @Option(
            names = "--max-retain-detection",
            paramLabel = "R",
            description = "ksd: calibration bound on each retain set's detection rate, in [0, 1] (default: 0.05).")
    Double maxRetainDetection;

    @Option(
            names = "--train",
            paramLabel = "N",
            defaultValue = "200",
            description = "Examples per skill set to fit on; for a JSONL set the three sizes are split fractions"
                    + " (default: ${DEFAULT-VALUE}).")
    int nTrain;

    @Option(
            names = "--dev",
            paramLabel = "N",
            defaultValue = "100",
            description = "Examples per skill set to calibrate on (ksd) (default: ${DEFAULT-VALUE}).")
    int nDev;

    @Option(
            names = "--test",
            paramLabel = "N",
            defaultValue = "100",
            description = "Examples per skill set to evaluate on (default: ${DEFAULT-VALUE}).")
    int nTest;

    @Option(
            names = "--data-seed",
            paramLabel = "S",
            defaultValue = "0",
            description = "Seed of the generated splits and of the JSONL shuffles (default: ${DEFAULT-VALUE}).")
    long dataSeed;

    @Option(
            names = "--batch",
            paramLabel = "N",
            defaultValue = "64",
            description = "Rows per probe pass and prompts per generation batch (default: ${DEFAULT-VALUE}).")
    int batch;

    @Spec
    CommandSpec spec;

    /** {@code na}, {@code ksd}, {@code prune}. */
    static final class MethodWord implements ITypeConverter<Unlearning.Method> {
        @Override
        public Unlearning.Method convert(String value) {
            try {
                return Unlearning.Method.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** A per-block hook site by its TransformerLens suffix, e.g. {@code mlp.hook_post}. */
    static final class SiteWord implements ITypeConverter<HookSite> {
        @Override
        public HookSite convert(String value) {
            return HookSite.bySuffix(value.trim(), true)
                    .orElseThrow(() -> new TypeConversionException("'" + value
                            + "' is not a per-block hook site; use one of "
                            + String.join(
                                    ", ",
                                    java.util.Arrays.stream(HookSite.values())
                                            .filter(HookSite::perLayer)
                                            .map(HookSite::suffix)
                                            .toList())));
        }
    }

    /** A block index, {@code last} or {@code auto} (chosen on the dev split). */
    static final class LayerWord implements ITypeConverter<LayerChoice> {
        @Override
        public LayerChoice convert(String value) {
            return switch (value.trim().toLowerCase(Locale.ROOT)) {
                case "last" -> LayerChoice.LAST;
                case "auto" -> LayerChoice.CHOSEN_ON_DEV;
                default -> {
                    try {
                        int l = Integer.parseInt(value.trim());
                        if (l < 0) {
                            throw new TypeConversionException(
                                    "'" + value + "' is not a layer; use a block index >= 0, last or auto");
                        }
                        yield LayerChoice.block(l);
                    } catch (NumberFormatException e) {
                        throw new TypeConversionException(
                                "'" + value + "' is not a layer; use a block index >= 0, last or auto");
                    }
                }
            };
        }
    }

    @Override
    public Integer call() {
        CommandLine cmd = spec.commandLine();
        Flags flags = flags();
        if (nTrain < 1 || nDev < 0 || nTest < 1 || batch < 1) {
            throw usage("--train, --test and --batch must be >= 1 and --dev >= 0, got " + nTrain + ", " + nTest + ", "
                    + batch + " and " + nDev);
        }
        if (method == Unlearning.Method.KSD && nDev < 1) {
            throw usage("ksd calibrates h on the dev split: --dev must be >= 1, got " + nDev);
        }
        SkillSuite suite = SkillSuite.standard();
        List<String> retainWords = SkillWords.split(cmd, "--retain", retain);
        SkillWords.checkSetWord(cmd, "--forget", forget.trim(), suite);
        for (String w : retainWords) {
            SkillWords.checkSetWord(cmd, "--retain", w, suite);
            if (w.equals(forget.trim())) {
                throw usage("--retain lists the forget set " + w + "; a set cannot be both forgotten and kept");
            }
        }
        Path dir = model.folder();
        List<Path> inputs = new java.util.ArrayList<>(List.of(dir));
        for (String w : retainWords) {
            inputs.addAll(SkillWords.filesIn(w));
        }
        inputs.addAll(SkillWords.filesIn(forget.trim()));
        output.check(cmd, inputs.toArray(Path[]::new));
        UnlearningData data;
        try {
            data = UnlearningData.parse(
                    forget.trim(), String.join(",", retainWords), suite, new SplitSizes(nTrain, nDev, nTest), dataSeed);
        } catch (IllegalArgumentException e) {
            throw new SkillscopeException("unlearning data: " + e.getMessage(), e);
        }

        Unlearning.Options options = flags.options(method);
        model.requireMemory(new MemoryEstimate.Workload("unlearn", batch, 64, 0, false, false, 0));
        model.requireFits(inputs.subList(1, inputs.size()));
        UnlearningReport report;
        String modelHash;
        Path out;
        PrintWriter err = cmd.getErr();
        // the tokenizer is read and checked against config.json first: a tokenizer that does not fit the
        // model fails here, before the output folder, the weights' hash or any compute
        try (ModelCodec codec = ModelCodec.of(dir)) {
            out = output.begin(cmd, inputs.toArray(Path[]::new));
            try (TensorSource src = TensorSource.open(dir)) {
                modelHash = Hashing.sha256(src);
            }
            try (Transformer m = model.load();
                    PassProgress.Scope progress =
                            PassProgress.install(PassProgress.lines(err, System.console() != null, 10))) {
                long t0 = System.nanoTime();
                if (options instanceof KsdOptions k) {
                    err.println("unlearn ksd: " + KsdPreset.label(k) + " (preset "
                            + presetUsed().wire()
                            + (overrides.isEmpty() ? "" : ", overridden by " + String.join(" ", overrides)) + ")");
                    err.flush();
                }
                Unlearner u = Unlearning.fit(m, codec.codec(), data, options);
                devForgetDetection = devForgetDetection(u);
                if (options instanceof KsdOptions k
                        && h == null
                        && !Double.isNaN(devForgetDetection)
                        && devForgetDetection < POOR_DEV_DETECTION) {
                    // the other presets, fitted on the same train and dev prompts: which one detects more on dev
                    KsdPreset fitted = KsdPreset.of(k).orElse(null); // null: flags changed the preset
                    for (KsdPreset p : KsdPreset.values()) {
                        if (fitted != null && fitted != p) {
                            KeySpaceDetector.Settings ps = p.options().settings();
                            KsdOptions other = k.withSite(ps.site()).withCheckDecode(ps.checkDecode());
                            err.println("unlearn ksd: fitting --preset " + p.wire() + " to compare on dev");
                            err.flush();
                            try {
                                otherPresets.put(p, devForgetDetection(Unlearning.fit(m, codec.codec(), data, other)));
                            } catch (RuntimeException e) { // e.g. no up projection in a non-gated MLP
                                err.println("unlearn ksd: --preset " + p.wire() + " does not apply: " + e.getMessage());
                            }
                        }
                    }
                    err.println(poorDetectionLine(
                            k, devForgetDetection, data.forget().devPrompts().size(), otherPresets));
                    err.flush();
                }
                if (h != null) {
                    u = u instanceof KeySpaceUnion union ? union.withH(h) : ((KeySpaceDetector) u).withH(h);
                }
                err.printf(
                        Locale.ROOT,
                        "fitted %s in %.1f s; evaluating %d test prompts without and with it%n",
                        u,
                        (System.nanoTime() - t0) / 1e9,
                        data.forget().test().size()
                                + data.retain().stream()
                                        .mapToInt(p -> p.test().size())
                                        .sum());
                err.flush();
                report = UnlearningEvaluation.run(m, codec.codec(), u, data, batch);
            }
        }
        report.unlearner().save(out.resolve("artifact"));
        JsonObject json = report.toJson();
        json.addProperty("kind", ResultKind.UNLEARNING_RUN.wire());
        json.addProperty("command", "unlearn");
        json.addProperty("model", dir.toAbsolutePath().normalize().toString());
        json.addProperty("model_sha256", modelHash);
        json.add("options", Json.GSON.toJsonTree(flags));
        if (options instanceof KsdOptions k) {
            json.addProperty("preset", presetUsed().wire());
            com.google.gson.JsonArray ov = new com.google.gson.JsonArray();
            overrides.forEach(ov::add);
            json.add("preset_overrides", ov);
            json.addProperty("method_label", KsdPreset.label(k));
            json.addProperty("fit_on", k.fitOn().wire());
            json.addProperty("faithful_to_paper", KsdPreset.faithful(k));
            if (!Double.isNaN(devForgetDetection)) {
                json.addProperty("dev_forget_detection", devForgetDetection);
                json.addProperty("dev_forget_detection_poor_below", POOR_DEV_DETECTION);
            }
            if (!otherPresets.isEmpty()) {
                JsonObject byPreset = new JsonObject();
                otherPresets.forEach((p, rate) -> byPreset.addProperty(p.wire(), rate));
                json.add("dev_forget_detection_other_presets", byPreset);
            }
        }
        if (h != null) {
            json.addProperty("h_override", h);
        }
        json.addProperty("artifact", "artifact");
        Json.write(out.resolve("result.json"), json);
        out = output.commit();

        PrintWriter w = cmd.getOut();
        if (options instanceof KsdOptions k) {
            w.println(
                    "method: " + KsdPreset.label(k) + " (preset " + presetUsed().wire() + ")");
        }
        w.println(report);
        w.printf(
                Locale.ROOT,
                "  %-16s %-7s %5s %8s %8s %14s %10s%n",
                "set",
                "role",
                "n",
                "before",
                "after",
                "relative_drop",
                "detection");
        List<UnlearningReport.Row> rows = new ArrayList<>();
        rows.add(report.forget());
        rows.addAll(report.retain());
        for (UnlearningReport.Row r : rows) {
            w.printf(
                    Locale.ROOT,
                    "  %-16s %-7s %5d %8.3f %8.3f %14s %10.3f%n",
                    r.name(),
                    r.role(),
                    r.n(),
                    r.before(),
                    r.after(),
                    Double.isNaN(r.relativeDrop()) ? "n/a" : String.format(Locale.ROOT, "%.3f", r.relativeDrop()),
                    r.detection());
        }
        w.println("wrote " + out.resolve("result.json") + ", " + out.resolve("artifact"));
        w.flush();
        return 0;
    }

    /** The dev forget detection rate at the calibrated h (KSD), else NaN. */
    private static double devForgetDetection(Unlearner u) {
        KsdCalibration c = u instanceof KeySpaceDetector d
                ? d.calibration()
                : u instanceof KeySpaceUnion union ? union.calibration() : null;
        return c == null ? Double.NaN : c.forgetDetection();
    }

    /**
     * The one line printed when the fitted detector finds under {@link #POOR_DEV_DETECTION} of the dev forget
     * prompts (dev only: the test split is not looked at), naming the other presets' dev detection when they
     * were fitted (best first), or else the presets to try.
     *
     * @param others dev forget detection of the other presets fitted on the same data, possibly empty
     */
    static String poorDetectionLine(KsdOptions k, double rate, int devPrompts, Map<KsdPreset, Double> others) {
        String head = String.format(
                Locale.ROOT,
                "warning: %s detects %.0f%% of the %d dev forget prompts at the calibrated h (poor: under %.0f%%);"
                        + " it will remove little.",
                KsdPreset.label(k),
                100 * rate,
                devPrompts,
                100 * POOR_DEV_DETECTION);
        if (!others.isEmpty()) {
            List<Map.Entry<KsdPreset, Double>> sorted = new ArrayList<>(others.entrySet());
            sorted.sort(Map.Entry.<KsdPreset, Double>comparingByValue().reversed());
            List<String> parts = new ArrayList<>();
            for (Map.Entry<KsdPreset, Double> e : sorted) {
                parts.add(String.format(
                        Locale.ROOT, "--preset %s %.0f%%", e.getKey().wire(), 100 * e.getValue()));
            }
            Map.Entry<KsdPreset, Double> best = sorted.get(0);
            return head
                    + (best.getValue() > rate
                            ? " On dev, --preset " + best.getKey().wire() + " did better"
                            : " On dev, no other preset did better")
                    + " (detection " + String.join(", ", parts)
                    + (sorted.stream().anyMatch(e -> !e.getKey().faithful())
                            ? "; the variants are not the paper's procedure)."
                            : ").");
        }
        List<String> names = new ArrayList<>();
        KsdPreset fitted = KsdPreset.of(k).orElse(null);
        for (KsdPreset p : List.of(KsdPreset.UP_PROJ_PROMPT_VARIANT, KsdPreset.KEY_PROMPT_VARIANT)) {
            if (fitted != p) {
                names.add("--preset " + p.wire());
            }
        }
        return head + " Try " + String.join(" or ", names) + " (variants, not the paper's procedure)"
                + (fitted != KsdPreset.PAPER ? " or --preset paper (the paper's procedure)." : ".");
    }

    /** The preset the options started from: --preset, else paper. */
    private KsdPreset presetUsed() {
        return preset == null ? KsdPreset.PAPER : preset;
    }

    /** The KSD flags given that change the preset's settings, e.g. {@code --site mlp.hook_pre_linear}. */
    private final List<String> overrides = new ArrayList<>();

    private double devForgetDetection = Double.NaN;
    private final Map<KsdPreset, Double> otherPresets = new java.util.EnumMap<>(KsdPreset.class);

    /**
     * The flags given or their defaults, every method's: the {@code options} object of {@code result.json}, in
     * its fields and order.
     */
    record Flags(
            double percent,
            long seed,
            boolean paperCodeCompat,
            int ksdLayer,
            boolean ksdCheckDecode,
            String refusal,
            double maxRetainDetection,
            int batchSize,
            boolean ksdPerSkill,
            HookSite ksdSite,
            KsdFitOn ksdFitOn) {

        /** The library's options of {@code method}. */
        Unlearning.Options options(Unlearning.Method method) {
            return switch (method) {
                case NA -> new NeuronAdjust.Settings(percent, seed, paperCodeCompat, true, batchSize);
                case PRUNE -> new SelectivePruning.Settings(percent, batchSize);
                case KSD ->
                    new KsdOptions(
                            new KeySpaceDetector.Settings(
                                    LayerChoice.ofCode(ksdLayer),
                                    refusal,
                                    maxRetainDetection,
                                    batchSize,
                                    ksdCheckDecode,
                                    ksdSite),
                            ksdPerSkill,
                            ksdFitOn);
            };
        }
    }

    /** The flags, refusing flags of another method. */
    private Flags flags() {
        List<String> naOnly = new ArrayList<>();
        if (seed != null) {
            naOnly.add("--seed");
        }
        if (paperCode) {
            naOnly.add("--paper-code");
        }
        List<String> ksdOnly = new ArrayList<>();
        if (layer != null) {
            ksdOnly.add("--layer");
        }
        if (checkDecode != null) {
            ksdOnly.add("--check-decode");
        }
        if (h != null) {
            ksdOnly.add("--h");
        }
        if (refusal != null) {
            ksdOnly.add("--refusal");
        }
        if (maxRetainDetection != null) {
            ksdOnly.add("--max-retain-detection");
        }
        if (perSkill) {
            ksdOnly.add("--per-skill");
        }
        if (site != null) {
            ksdOnly.add("--site");
        }
        if (fitOn != null) {
            ksdOnly.add("--fit-on");
        }
        if (preset != null) {
            ksdOnly.add("--preset");
        }
        String name = method.name().toLowerCase(Locale.ROOT);
        if (method != Unlearning.Method.NA && !naOnly.isEmpty()) {
            throw usage(String.join(", ", naOnly) + " applies to na, not " + name);
        }
        if (method != Unlearning.Method.KSD && !ksdOnly.isEmpty()) {
            throw usage(String.join(", ", ksdOnly) + " applies to ksd, not " + name);
        }
        if (method == Unlearning.Method.KSD && percent != null) {
            throw usage("--p applies to na and prune, not ksd");
        }
        if (percent != null && !(percent > 0 && percent <= 100)) {
            throw usage("--p must be in (0, 100], got " + percent);
        }
        if (h != null && !(h >= 0) || h != null && h.isInfinite()) {
            throw usage("--h must be >= 0 and finite, got " + h);
        }
        if (perSkill && layer instanceof LayerChoice.ChosenOnDev) {
            throw usage("--per-skill reads one layer; give --layer a block index or last, not auto");
        }
        if (h != null && layer instanceof LayerChoice.ChosenOnDev) {
            throw usage("--h fixes the tolerance, --layer auto chooses the layer by calibrating it; give one of them");
        }
        if (maxRetainDetection != null && !(maxRetainDetection >= 0 && maxRetainDetection <= 1)) {
            throw usage("--max-retain-detection must be in [0, 1], got " + maxRetainDetection);
        }
        NeuronAdjust.Settings na = NeuronAdjust.Settings.defaults();
        KeySpaceDetector.Settings d = presetUsed().options().settings();
        overrides.clear();
        if (layer != null && !layer.equals(d.layer())) {
            overrides.add("--layer " + (layer.code() == -2 ? "auto" : layer.code() == -1 ? "last" : layer.code()));
        }
        if (checkDecode != null && checkDecode != d.checkDecode()) {
            overrides.add("--check-decode " + checkDecode);
        }
        if (site != null && site != d.site()) {
            overrides.add("--site " + site.suffix());
        }
        if (perSkill) {
            overrides.add("--per-skill");
        }
        if (fitOn != null && fitOn != KsdFitOn.PROMPT) {
            overrides.add("--fit-on " + fitOn.wire());
        }
        return new Flags(
                percent == null ? na.percent() : percent,
                seed == null ? na.seed() : seed,
                paperCode,
                (layer == null ? d.layer() : layer).code(),
                checkDecode == null ? d.checkDecode() : checkDecode,
                refusal == null ? d.refusal() : refusal,
                maxRetainDetection == null ? d.maxRetainDetection() : maxRetainDetection,
                batch,
                perSkill,
                site == null ? d.site() : site,
                fitOn == null ? KsdFitOn.PROMPT : fitOn);
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
