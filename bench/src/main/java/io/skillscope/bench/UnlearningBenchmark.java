package io.skillscope.bench;

import io.skillscope.core.KeyValueArgs;
import io.skillscope.core.model.Transformer;
import io.skillscope.datasets.CharTokenizer;
import io.skillscope.datasets.SkillSuite;
import io.skillscope.datasets.SplitSizes;
import io.skillscope.lab.Recipe;
import io.skillscope.probes.PositionMode;
import io.skillscope.probes.Probe;
import io.skillscope.probes.ProbeDataset;
import io.skillscope.probes.ProbeSettings;
import io.skillscope.probes.TokenCodec;
import io.skillscope.unlearning.DetectionPass;
import io.skillscope.unlearning.EvalPart;
import io.skillscope.unlearning.KeySpaceDetector;
import io.skillscope.unlearning.KeySpaceSurvey;
import io.skillscope.unlearning.KeySpaceUnion;
import io.skillscope.unlearning.KsdCalibration;
import io.skillscope.unlearning.KsdOptions;
import io.skillscope.unlearning.KsdPreset;
import io.skillscope.unlearning.LayerChoice;
import io.skillscope.unlearning.NeuronAdjust;
import io.skillscope.unlearning.SelectivePruning;
import io.skillscope.unlearning.Unlearning;
import io.skillscope.unlearning.UnlearningData;
import io.skillscope.unlearning.UnlearningEvaluation;
import io.skillscope.unlearning.UnlearningReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The acceptance runs of issue 4 on a skill-lab model (docs/methods.md §2): Key Space Detection forgetting
 * arithmetic (add, sub, mul; retain: each string skill), Key Space Detection forgetting one string
 * skill (retain: every other seen skill), each at the last layer checking prefill and every generated
 * token (docs/methods.md §2), at the last layer checking the prompt only, with layer and check chosen on
 * the dev queries, and in the last layer's up projection instead of the key (a variant, both checks);
 * Neuron Adjust at 0.5, 1.5 and 3% and Selective Pruning at 1.5% on both; optionally
 * ({@code --sweep true}) the three KSD variants forgetting each string skill in turn; optionally
 * ({@code --spaces true}, or {@code only} for nothing else) the arithmetic cube in every block's
 * activation spaces ({@link KeySpaceSurvey}); and the probe's memory when the dataset grows tenfold.
 * Prints every table and a summary.
 *
 * <pre>
 * SKILLSCOPE_JAVA_OPTS=-Dai.djl.pytorch.num_threads=1 ./skillscope bench unlearning models/skill-lab-base [--train 200] [--dev 100]
 *     [--test 100] [--batch 64] [--seed 0] [--skill rev] [--out DIR] [--sweep true] [--curve true]
 *     [--spaces true|only]
 * </pre>
 */
public final class UnlearningBenchmark {
    private UnlearningBenchmark() {}

    public static void main(String[] args) {
        if (args.length == 0) {
            System.err.println("usage: UnlearningBenchmark MODEL_DIR [--train N] [--dev N] [--test N] [--batch N]"
                    + " [--seed S] [--skill NAME] [--out DIR] [--sweep true] [--curve true] [--spaces true|only]");
            System.exit(2);
        }
        Path modelDir = Path.of(args[0]);
        Map<String, String> opt = KeyValueArgs.parse(args, 1);
        int nTrain = Integer.parseInt(opt.getOrDefault("train", "200"));
        int nDev = Integer.parseInt(opt.getOrDefault("dev", "100"));
        int nTest = Integer.parseInt(opt.getOrDefault("test", "100"));
        int batch = Integer.parseInt(opt.getOrDefault("batch", "64"));
        long seed = Long.parseLong(opt.getOrDefault("seed", "0"));
        String skill = opt.getOrDefault("skill", "rev");
        Path out = opt.containsKey("out") ? Path.of(opt.get("out")) : null;

        Path tok = modelDir.resolve("tokenizer.json");
        CharTokenizer tokenizer = Files.isRegularFile(tok) ? CharTokenizer.load(tok) : CharTokenizer.standard();
        TokenCodec codec = TokenCodec.of(tokenizer);
        SkillSuite suite = Recipe.suiteOf(modelDir); // stages 1-3 of the shipped model drew mul on 0..99
        System.out.println("suite: " + suite);
        SplitSizes sizes = new SplitSizes(nTrain, nDev, nTest);
        List<String> arithmetic = List.of("add", "sub", "mul");
        List<String> strings = new ArrayList<>(SkillSuite.SEEN);
        strings.removeAll(arithmetic);

        long t0 = System.nanoTime();
        try (Transformer model = Transformer.load(modelDir)) {
            System.out.println(model + ", tokenizer " + tokenizer + ", sizes " + sizes + ", seed " + seed);
            Map<String, EvalPart> parts = new HashMap<>();
            for (String s : SkillSuite.SEEN) {
                parts.put(s, part(suite, s, List.of(s), sizes, seed));
            }
            UnlearningData forgetArithmetic = new UnlearningData(
                    part(suite, "arithmetic", arithmetic, sizes, seed),
                    strings.stream().map(parts::get).toList());
            List<EvalPart> others = new ArrayList<>();
            for (String s : SkillSuite.SEEN) {
                if (!s.equals(skill)) {
                    others.add(parts.get(s));
                }
            }
            UnlearningData forgetOne = new UnlearningData(parts.get(skill), others);
            String spaces = opt.getOrDefault("spaces", "false");
            if (spaces.equals("only")) {
                spaces(model, codec, forgetArithmetic, batch);
                System.out.printf(Locale.ROOT, "%ntotal %.0f s%n", secs(t0));
                return;
            }

            Map<String, Double> before =
                    new HashMap<>(UnlearningEvaluation.baseline(model, codec, forgetArithmetic, batch));
            before.putAll(UnlearningEvaluation.baseline(
                    model,
                    codec,
                    new UnlearningData(parts.get(skill), List.of(parts.get("add"), parts.get("sub"), parts.get("mul"))),
                    batch));
            System.out.printf(Locale.ROOT, "baseline accuracies (%.0f s): %s%n", secs(t0), before);

            KsdOptions o = KsdOptions.defaults().withBatchSize(batch);
            List<String[]> summary = new ArrayList<>();
            List<double[]> numbers = new ArrayList<>();
            for (Object[] exp :
                    new Object[][] {{"forget arithmetic", forgetArithmetic}, {"forget " + skill, forgetOne}}) {
                String name = (String) exp[0];
                UnlearningData data = (UnlearningData) exp[1];
                List<Object[]> runs = new ArrayList<>();
                runs.add(new Object[] {"ksd paper", KsdPreset.PAPER.options().withBatchSize(batch)});
                runs.add(new Object[] {
                    "ksd variant: key, prompt only",
                    KsdPreset.KEY_PROMPT_VARIANT.options().withBatchSize(batch)
                });
                runs.add(new Object[] {
                    "ksd variant: layer and check chosen on dev", o.withLayer(LayerChoice.CHOSEN_ON_DEV)
                });
                // a variant, not in the paper: the box in the up projection W_up x (KeySpaceSurvey)
                KsdOptions up = o.withSite(io.skillscope.core.hooks.HookSite.MLP_PRE_LINEAR);
                runs.add(new Object[] {"ksd variant: up projection, every token", up});
                runs.add(new Object[] {
                    "ksd variant: up-proj-prompt-variant",
                    KsdPreset.UP_PROJ_PROMPT_VARIANT.options().withBatchSize(batch)
                });
                if (data.forget().train().stream()
                                .map(e -> e.skill())
                                .distinct()
                                .count()
                        > 1) {
                    runs.add(new Object[] {
                        "ksd variant: per skill, prompt only",
                        o.withCheckDecode(false).withPerSkill(true)
                    });
                    runs.add(new Object[] {"ksd variant: per skill, every token", o.withPerSkill(true)});
                }
                for (double p : new double[] {0.5, 1.5, 3}) {
                    runs.add(new Object[] {
                        "na " + p + "%",
                        NeuronAdjust.Settings.defaults().withBatchSize(batch).withPercent(p)
                    });
                }
                runs.add(new Object[] {
                    "prune 1.5%",
                    SelectivePruning.Settings.defaults().withBatchSize(batch).withPercent(1.5)
                });
                for (Object[] run : runs) {
                    long t = System.nanoTime();
                    UnlearningReport r = Unlearning.run(model, codec, data, (Unlearning.Options) run[1], before);
                    System.out.printf(Locale.ROOT, "%n== %s, %s (%.0f s): %s%n", name, run[0], secs(t), r.unlearner());
                    if (r.unlearner() instanceof KeySpaceUnion k && k.calibration() != null) {
                        System.out.println("   calibration on dev: " + k.calibration());
                    }
                    if (r.unlearner() instanceof KeySpaceDetector k && k.calibration() != null) {
                        System.out.println("   calibration on dev: " + k.calibration());
                        if (!k.layerSearch().isEmpty()) {
                            System.out.println("   objective by layer on dev: " + k.layerSearch());
                        }
                    }
                    System.out.println(r.table().printAll());
                    summary.add(new String[] {name, (String) run[0]});
                    numbers.add(new double[] {
                        r.forget().before(),
                        r.forget().after(),
                        r.forget().relativeDrop(),
                        r.worstRetainDrop(),
                        meanRetainDrop(r),
                        r.forget().detection(),
                        maxRetainDetection(r)
                    });
                    if (out != null) {
                        r.save(out.resolve(name.replace(' ', '-'))
                                .resolve(((String) run[0]).replace(' ', '-').replace("%", "pct")));
                    }
                }
            }
            Table s = Table.create(
                    "summary",
                    StringColumn.create(
                            "experiment", summary.stream().map(a -> a[0]).toList()),
                    StringColumn.create(
                            "method", summary.stream().map(a -> a[1]).toList()));
            String[] cols = {
                "forget_before",
                "forget_after",
                "forget_drop",
                "worst_retain_drop",
                "mean_retain_drop",
                "forget_detection",
                "max_retain_detection"
            };
            for (int c = 0; c < cols.length; c++) {
                final int cc = c;
                s.addColumns(DoubleColumn.create(
                        cols[c], numbers.stream().mapToDouble(a -> a[cc]).toArray()));
            }
            System.out.println();
            System.out.println(s.printAll());

            if (Boolean.parseBoolean(opt.getOrDefault("curve", "false"))) {
                curve(model, codec, forgetArithmetic);
            }
            if (Boolean.parseBoolean(opt.getOrDefault("sweep", "false"))) {
                sweep(model, codec, parts, strings, before, o);
            }
            if (Boolean.parseBoolean(spaces)) {
                spaces(model, codec, forgetArithmetic, batch);
            }
            memory(model, codec, suite, seed);
            System.out.printf(Locale.ROOT, "%ntotal %.0f s%n", secs(t0));
        }
    }

    /**
     * Detection rate by tolerance h of the last layer's prompt-only cube for the forget set, on the dev
     * queries of the forget set and of every retain set: where the box starts to take in retained skills.
     */
    private static void curve(Transformer model, TokenCodec codec, UnlearningData data) {
        KeySpaceDetector k = KeySpaceDetector.fit(
                model,
                ProbeDataset.fromExamples(data.forget().name(), data.forget().train(), codec, false),
                KeySpaceDetector.Settings.defaults().withCheckDecode(false));
        Map<String, double[]> scores = new java.util.LinkedHashMap<>();
        scores.put(
                data.forget().name(),
                k.promptScores(
                        model, ProbeDataset.fromExamples("dev", data.forget().dev(), codec, false)));
        for (EvalPart p : data.retain()) {
            scores.put(p.name(), k.promptScores(model, ProbeDataset.fromExamples(p.name(), p.dev(), codec, false)));
        }
        System.out.printf(
                Locale.ROOT,
                "%nKSD detection on dev by h (%s, k_max %.2f, %d probe queries):%n",
                k.label(),
                k.kMax(),
                data.forget().train().size());
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%7s", "h"));
        scores.keySet().forEach(n -> head.append(String.format(Locale.ROOT, " %10s", n)));
        System.out.println(head);
        for (int i = 0; i <= 16; i++) {
            double h = 0.2 + 0.025 * i;
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%7.3f", h));
            for (double[] v : scores.values()) {
                row.append(String.format(Locale.ROOT, " %10.2f", KsdCalibration.rate(v, h)));
            }
            System.out.println(row);
        }
        decodeCurve(model, codec, data, k);
    }

    /**
     * The same forget cube checked as docs/methods.md §2 writes it (prefill and every generated token), in one
     * generation pass for several h: per set, the share of dev queries detected, and after the colon
     * the share first detected at a generated token rather than at the prompt.
     */
    private static void decodeCurve(
            Transformer model, TokenCodec codec, UnlearningData data, KeySpaceDetector promptOnly) {
        KeySpaceDetector k = promptOnly.withSettings(promptOnly.settings().withCheckDecode(true));
        double[] hs = {0.05, 0.10, 0.15, 0.20, 0.25, 0.30, 0.35, 0.40};
        List<KeySpaceDetector> byH = new ArrayList<>();
        for (double h : hs) {
            byH.add(k.withH(h));
        }
        Map<String, List<String>> sets = new java.util.LinkedHashMap<>();
        sets.put(data.forget().name(), data.forget().devPrompts());
        sets.putAll(data.retainDevPrompts());
        List<String> all = new ArrayList<>();
        sets.values().forEach(all::addAll);
        List<KeySpaceDetector.Detections> dets = DetectionPass.run(
                model, codec, byH, all, data.maxNewTokens(), k.settings().batchSize());
        System.out.printf(
                Locale.ROOT,
                "%nKSD as written (%s) on dev by h: detected : first detected at a generated" + " token%n",
                k.label());
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%7s", "h"));
        sets.keySet().forEach(n -> head.append(String.format(Locale.ROOT, " %11s", n)));
        System.out.println(head);
        for (int i = 0; i < hs.length; i++) {
            int[] at = dets.get(i).detectedAt();
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%7.3f", hs[i]));
            int from = 0;
            for (List<String> set : sets.values()) {
                int detected = 0;
                int decode = 0;
                for (int r = from; r < from + set.size(); r++) {
                    detected += at[r] >= 0 ? 1 : 0;
                    decode += at[r] > 0 ? 1 : 0;
                }
                row.append(String.format(
                        Locale.ROOT, " %5.2f:%5.2f", (double) detected / set.size(), (double) decode / set.size()));
                from += set.size();
            }
            System.out.println(row);
        }
    }

    /**
     * {@link KeySpaceSurvey} of every block's key, gate and up pre-activations and residual stream for the
     * forget set, on the dev queries (h chosen on the queries scored: an upper bound).
     */
    private static void spaces(Transformer model, TokenCodec codec, UnlearningData data, int batch) {
        long t = System.nanoTime();
        List<KeySpaceSurvey.Entry> entries = KeySpaceSurvey.run(
                model,
                codec,
                ProbeDataset.fromExamples(data.forget().name(), data.forget().train(), codec, false),
                data.forget().devPrompts(),
                data.retainDevPrompts(),
                KeySpaceSurvey.defaultHooks(model),
                data.maxNewTokens(),
                batch);
        System.out.printf(
                Locale.ROOT,
                "%nKSD cube by activation space, %s (%d probe queries), h chosen on the %d dev"
                        + " queries it is scored on (an upper bound), %.0f s; each cell: forget detection, h, worst retain"
                        + " set and its detection%n",
                data.forget().name(),
                data.forget().train().size(),
                data.forget().dev().size(),
                secs(t));
        System.out.print(KeySpaceSurvey.table(entries, 0.05, 0.10));
        // held out: the space with the best dev objective under the method's retain limit, h from dev, scored on test
        double limit = KeySpaceDetector.Settings.defaults().maxRetainDetection();
        for (boolean every : new boolean[] {false, true}) {
            KeySpaceSurvey.Entry best = entries.stream()
                    .max(java.util.Comparator.comparingDouble(
                            e -> e.best(every, limit).objective()))
                    .orElseThrow();
            KeySpaceDetector k = best.calibrated(every, limit);
            UnlearningReport r = UnlearningEvaluation.run(model, codec, k, data, batch);
            System.out.printf(
                    Locale.ROOT,
                    "on test, space and h chosen on dev (retain <= %.0f%%): %s, h %.3f: forget"
                            + " drop %.3f, worst retain drop %.3f, max retain detection %.2f%n",
                    100 * limit,
                    k.label(),
                    k.h(),
                    r.forget().relativeDrop(),
                    r.worstRetainDrop(),
                    maxRetainDetection(r));
        }
    }

    /** KSD (three variants) forgetting each string skill in turn, every other seen skill retained. */
    private static void sweep(
            Transformer model,
            TokenCodec codec,
            Map<String, EvalPart> parts,
            List<String> strings,
            Map<String, Double> before,
            KsdOptions o) {
        StringColumn skillCol = StringColumn.create("forget");
        StringColumn variant = StringColumn.create("ksd");
        StringColumn hookCol = StringColumn.create("chosen");
        DoubleColumn drop = DoubleColumn.create("forget_drop");
        DoubleColumn worst = DoubleColumn.create("worst_retain_drop");
        DoubleColumn det = DoubleColumn.create("forget_detection");
        DoubleColumn maxDet = DoubleColumn.create("max_retain_detection");
        for (String skill : strings) {
            List<EvalPart> others = new ArrayList<>();
            for (String s : SkillSuite.SEEN) {
                if (!s.equals(skill)) {
                    others.add(parts.get(s));
                }
            }
            UnlearningData data = new UnlearningData(parts.get(skill), others);
            Object[][] variants = {
                {"last layer, prefill+decode", o},
                {"last layer, prefill", o.withCheckDecode(false)},
                {"chosen on dev", o.withLayer(LayerChoice.CHOSEN_ON_DEV)}
            };
            for (Object[] v : variants) {
                UnlearningReport r = Unlearning.run(model, codec, data, (Unlearning.Options) v[1], before);
                skillCol.append(skill);
                variant.append((String) v[0]);
                hookCol.append(((KeySpaceDetector) r.unlearner()).label());
                drop.append(r.forget().relativeDrop());
                worst.append(r.worstRetainDrop());
                det.append(r.forget().detection());
                maxDet.append(maxRetainDetection(r));
            }
        }
        System.out.println();
        System.out.println(
                Table.create("KSD forgetting each string skill", skillCol, variant, hookCol, drop, worst, det, maxDet)
                        .printAll());
    }

    private static EvalPart part(SkillSuite suite, String name, List<String> skills, SplitSizes sizes, long seed) {
        return EvalPart.ofSkills(name, suite, skills, sizes, seed * 1_000_003L + name.hashCode());
    }

    private static double meanRetainDrop(UnlearningReport r) {
        return r.retain().stream()
                .mapToDouble(UnlearningReport.Row::relativeDrop)
                .filter(d -> !Double.isNaN(d))
                .average()
                .orElse(Double.NaN);
    }

    private static double maxRetainDetection(UnlearningReport r) {
        return r.retain().stream()
                .mapToDouble(UnlearningReport.Row::detection)
                .max()
                .orElse(0);
    }

    /** Native arrays and heap after probing 1× and 10× the rows: both flat. */
    private static void memory(Transformer model, TokenCodec codec, SkillSuite suite, long seed) {
        ProbeSettings ps = ProbeSettings.of(PositionMode.ALL, NeuronAdjust.HOOKS, SelectivePruning.HOOKS)
                .withBatchSize(64);
        System.out.println("\nprobe memory (all layers' mlp.hook_pre and hook_post, every token):");
        for (int n : new int[] {100, 1000}) {
            ProbeDataset d = ProbeDataset.fromExamples(
                    "rev",
                    io.skillscope.datasets.Splits.generate(suite.get("rev"), n, 0, 0, seed)
                            .train(),
                    codec,
                    true);
            System.gc();
            long t = System.nanoTime();
            var r = Probe.run(model, d, ps);
            System.gc();
            Runtime rt = Runtime.getRuntime();
            System.out.printf(
                    Locale.ROOT,
                    "  %5d rows, %6d tokens: %.1f s, live model arrays %d, heap used %.1f MB, %s%n",
                    n,
                    d.tokens(),
                    secs(t),
                    model.liveArrays(),
                    (rt.totalMemory() - rt.freeMemory()) / 1e6,
                    r);
        }
    }

    private static double secs(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
