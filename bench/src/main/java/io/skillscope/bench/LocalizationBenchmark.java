package io.skillscope.bench;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.skillscope.core.KeyValueArgs;
import io.skillscope.core.Provenance;
import io.skillscope.core.model.Transformer;
import io.skillscope.core.train.Sequence;
import io.skillscope.core.train.StepStats;
import io.skillscope.core.train.TrainConfig;
import io.skillscope.core.train.Trainer;
import io.skillscope.datasets.CharTokenizer;
import io.skillscope.datasets.SkillDataset;
import io.skillscope.datasets.SkillSuite;
import io.skillscope.datasets.Splits;
import io.skillscope.localization.Confidence;
import io.skillscope.localization.LocalizationException;
import io.skillscope.localization.LocalizationResult;
import io.skillscope.localization.LocalizationSettings;
import io.skillscope.localization.Localizer;
import io.skillscope.localization.MaskMethod;
import io.skillscope.localization.Predictions;
import io.skillscope.localization.SparsityBudget;
import io.skillscope.localization.SweepResult;
import io.skillscope.localization.TaskData;
import io.skillscope.localization.TaskEval;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The acceptance run of docs/methods.md §1 on the skill lab: fine-tunes held-out skills from the shipped base
 * with SGD (with a grid of lengths, the length chosen on dev: {@link FineTuneLength}), learns masks over a grid (methods × η × mask L1 λ × target sparsities) on each fine-tune, and
 * chooses per skill and method, <b>on the dev split only</b>, the smallest sparsity whose graft recovers at
 * least 95% of the fine-tuned dev accuracy (else the graft most accurate on dev), which also chooses η and
 * λ ({@link SweepResult#best}). It prints every grid point's dev numbers and the chosen point's test
 * accuracy and ECE of pre, ft and graft, scored once (issue 14: no choice looks at test), and saves the
 * chosen mask with its grid's dev numbers in {@code OUT/<skill>-<optimizer>/mask-<method>/}; then fine-tunes
 * one skill with AdamW with and without the L1 pull towards θ_pre and does the same.
 *
 * <p>Usage (set {@code OMP_NUM_THREADS=1} on small shared machines):
 * {@code skillscope bench localization --model models/skill-lab-base
 * [--skills cs3,evn,swp,upc] [--out DIR] [--ft-steps 1000[,...]] [--ft-bar 0.95] [--ft-lr 1e-3] [--momentum 0.9] [--ft-batch 32]
 * [--train 512] [--dev 64] [--test 200] [--sparsities 1e-4,3e-4,1e-3,3e-3,1e-2] [--steps 30[,60...]] [--eta 1e7[,1e6...]]
 * [--batch 64] [--accum 2] [--adamw-skill cs3|none] [--adamw-lr 1e-3] [--l1 1e-3] [--threshold 0.95]
 * [--ft-params blocks|all] [--clip 1.0]
 * [--method grafting|localize-and-stitch|localize-and-stitch-paper-l1[,...]] [--mask-l1 1e-6[,1e-5...]] [--sgd-l1 0]
 * [--sparsity-budget cap|learned] [--progress false]}
 *
 * <p>{@code --method}, {@code --steps}, {@code --eta} and {@code --mask-l1} take comma-separated lists: every
 * method runs on the same fine-tune, over every (mask steps, η, λ) combination (grafting has no λ). The
 * number of mask steps matters most for the authors' Localize-and-Stitch form, which keeps its final mask;
 * the forms that keep their best step on train + dev choose the step within the run, up to the grid's
 * count.
 *
 * <p>{@code --ft-steps} takes one length or a comma-separated grid (e.g. {@code 30,60,120}): one run of the
 * longest is saved at each length, and the length is chosen per skill and optimizer <b>on dev</b>
 * ({@link FineTuneLength#choose}): the shortest fine-tune whose dev accuracy is at least {@code --ft-bar}
 * (0.95), else the most accurate on dev. Only the chosen fine-tune is localized and scored on test.
 *
 * <p>{@code --sparsity-budget cap} (the default, as {@code skillscope localize}) cuts each step's mask to
 * at most the target's k entries; {@code learned} keeps the mask as learned, which may outgrow its
 * target: the behaviour of every run recorded in localization/BENCHMARK.md before budgets existed.
 *
 * <p>{@code --sgd-l1 λ} adds the L1 pull λ‖θ − θ_pre‖₁ to the SGD fine-tunes ("sparse fine-tuning").
 *
 * <p>{@code --ft-params blocks} (the default) fine-tunes only the tensors of the search region (the
 * transformer blocks), so that θ_ft − θ_pre lies where a graft can reach it; {@code all} fine-tunes every
 * parameter as the paper does, and the benchmark prints how many changed elements lie outside the blocks
 * (on the character skill lab a new skill moves the token embeddings and the head, which a block graft
 * cannot restore).
 */
public final class LocalizationBenchmark {
    private LocalizationBenchmark() {}

    /**
     * Runs the benchmark.
     *
     * @param args {@code --key value} pairs, see the class comment
     * @throws Exception on I/O errors
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> a = KeyValueArgs.parse(args, 0);
        Path model = Path.of(required(a, "model"));
        Path out = a.containsKey("out") ? Path.of(a.get("out")) : Files.createTempDirectory("skillscope-loc-bench");
        List<String> skills =
                List.of(a.getOrDefault("skills", "cs3,evn,swp,upc").split(","));
        int[] ftSteps = FineTuneLength.parse(a.getOrDefault("ft-steps", "1000"));
        double ftBar = Double.parseDouble(a.getOrDefault("ft-bar", "0.95"));
        double ftLr = Double.parseDouble(a.getOrDefault("ft-lr", "1e-3"));
        double momentum = Double.parseDouble(a.getOrDefault("momentum", "0.9"));
        int ftBatch = Integer.parseInt(a.getOrDefault("ft-batch", "32"));
        int nTrain = Integer.parseInt(a.getOrDefault("train", "512"));
        int nDev = Integer.parseInt(a.getOrDefault("dev", "64"));
        int nTest = Integer.parseInt(a.getOrDefault("test", "200"));
        double[] sparsities = Arrays.stream(
                        a.getOrDefault("sparsities", "1e-4,3e-4,1e-3,3e-3,1e-2").split(","))
                .mapToDouble(Double::parseDouble)
                .toArray();
        double threshold = Double.parseDouble(a.getOrDefault("threshold", "0.95"));
        double clip = Double.parseDouble(a.getOrDefault("clip", "1.0"));
        double sgdL1 = Double.parseDouble(a.getOrDefault("sgd-l1", "0"));
        boolean allParams = switch (a.getOrDefault("ft-params", "blocks")) {
            case "blocks" -> false;
            case "all" -> true;
            default -> throw new LocalizationException("--ft-params must be blocks or all, got " + a.get("ft-params"));
        };
        int[] maskSteps = Arrays.stream(a.getOrDefault("steps", "30").split(","))
                .mapToInt(v -> maskStepCount(v, a.get("steps")))
                .toArray();
        LocalizationSettings settings = LocalizationSettings.of(sparsities[0]) // steps: per grid point
                .withBatches(
                        Integer.parseInt(a.getOrDefault("batch", "64")), Integer.parseInt(a.getOrDefault("accum", "2")))
                .withProgress(Boolean.parseBoolean(a.getOrDefault("progress", "false")))
                .withBudget(SparsityBudget.parse(a.getOrDefault("sparsity-budget", "cap")));
        double[] lambdas = Arrays.stream(a.getOrDefault("mask-l1", "1e-6").split(","))
                .mapToDouble(Double::parseDouble)
                .toArray();
        double[] etas = Arrays.stream(a.getOrDefault("eta", "1e7").split(","))
                .mapToDouble(Double::parseDouble)
                .toArray();
        List<List<LocalizationSettings>> grids = new ArrayList<>();
        for (String name : a.getOrDefault("method", "grafting").split(",")) {
            grids.add(grid(method(name), settings, maskSteps, etas, lambdas));
        }
        CharTokenizer tok = CharTokenizer.standard();
        SkillSuite suite = SkillSuite.standard();
        System.out.printf(
                "base %s; fine-tuned parameters: %s; SGD lr %.0e momentum %.2f wd 1e-4 clip %.1f,"
                        + " %s steps x %d; masks: %s, mask L1 grid %s, budget %s, mask steps grid %s, eta grid %s, %d x %d"
                        + " examples per step; train/dev/test %d/%d/%d; every choice (mask steps, η, λ, operating point)"
                        + " on dev%n",
                model,
                allParams ? "all" : "blocks",
                ftLr,
                momentum,
                clip,
                ftSteps.length == 1
                        ? Integer.toString(ftSteps[0])
                        : Arrays.toString(ftSteps) + " (chosen on dev: the shortest with dev accuracy >= " + ftBar
                                + ", else the most accurate on dev)",
                ftBatch,
                grids.stream().map(g -> g.get(0).method().label()).toList(),
                Arrays.toString(lambdas),
                settings.budget().wire(),
                Arrays.toString(maskSteps),
                Arrays.toString(etas),
                settings.accumulation(),
                settings.batchSize(),
                nTrain,
                nDev,
                nTest);
        List<String> summary = new ArrayList<>();
        for (String skill : skills) {
            SkillDataset ds = Splits.generate(suite.get(skill), nTrain, nDev, nTest, 17);
            TaskData data = TaskData.of(ds, tok);
            TrainConfig sgd =
                    TrainConfig.sgd(ftLr, momentum).withWeightDecay(1e-4).withClipNorm(clip);
            String label = "SGD";
            if (sgdL1 > 0) {
                sgd = sgd.withL1(sgdL1);
                label = "SGD+L1 " + sgdL1;
            }
            summary.addAll(run(
                    model,
                    out.resolve(skill + "-sgd"),
                    data,
                    sgd,
                    ftSteps,
                    ftBar,
                    ftBatch,
                    allParams,
                    grids,
                    sparsities,
                    threshold,
                    label));
        }
        String adamSkill = a.getOrDefault("adamw-skill", skills.get(0));
        if (!adamSkill.equals("none")) {
            double adamLr = Double.parseDouble(a.getOrDefault("adamw-lr", "1e-3"));
            double l1 = Double.parseDouble(a.getOrDefault("l1", "1e-3"));
            TaskData adamData = TaskData.of(Splits.generate(suite.get(adamSkill), nTrain, nDev, nTest, 17), tok);
            summary.addAll(run(
                    model,
                    out.resolve(adamSkill + "-adamw"),
                    adamData,
                    TrainConfig.adamW(adamLr, 0),
                    ftSteps,
                    ftBar,
                    ftBatch,
                    allParams,
                    grids,
                    sparsities,
                    threshold,
                    "AdamW"));
            summary.addAll(run(
                    model,
                    out.resolve(adamSkill + "-adamw-l1"),
                    adamData,
                    TrainConfig.adamW(adamLr, 0).withL1(l1),
                    ftSteps,
                    ftBar,
                    ftBatch,
                    allParams,
                    grids,
                    sparsities,
                    threshold,
                    "AdamW+L1 " + l1));
        }
        System.out.println();
        System.out.printf(
                "chosen on dev: η, mask L1 λ and the smallest sparsity recovering >= %.0f%% of the fine-tuned dev"
                        + " accuracy (else the graft most accurate on dev); test scored once, at that point:%n",
                100 * threshold);
        summary.forEach(System.out::println);
        System.out.println("artifacts in " + out);
    }

    private static MaskMethod method(String name) {
        return switch (name) {
            case "grafting" -> MaskMethod.GRAFTING;
            case "stitch", "localize-and-stitch" -> MaskMethod.LOCALIZE_AND_STITCH;
            case "stitch-paper-l1", "localize-and-stitch-paper-l1" -> MaskMethod.LOCALIZE_AND_STITCH_PAPER_L1;
            default ->
                throw new LocalizationException("--method must be a comma-separated list of grafting,"
                        + " localize-and-stitch (stitch, the authors' code) and localize-and-stitch-paper-l1"
                        + " (stitch-paper-l1, a variant), got " + name);
        };
    }

    /** The folder name of a method's chosen mask, e.g. {@code mask-localize-and-stitch}. */
    static String maskFolder(MaskMethod m) {
        return "mask-" + m.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /**
     * Fine-tunes once, then for each method sweeps every (λ, sparsity) of its grid and chooses the point on
     * dev ({@link SweepResult#best}); prints every point's dev numbers and the chosen point's test numbers,
     * and saves the chosen mask with its grid in {@code dir/mask-<method>/}.
     *
     * @return one summary line per method
     */
    private static List<String> run(
            Path base,
            Path dir,
            TaskData data,
            TrainConfig cfg,
            int[] lengths,
            double ftBar,
            int batch,
            boolean allParams,
            List<List<LocalizationSettings>> grids,
            double[] sparsities,
            double threshold,
            String label) {
        long t0 = System.nanoTime();
        List<Path> snapshots = new ArrayList<>();
        for (int n : lengths) {
            snapshots.add(dir.resolve(lengths.length == 1 ? "finetuned" : "finetuned-" + n));
        }
        List<StepStats> stats = finetune(base, snapshots, data, cfg, lengths, batch, allParams);
        double ftSeconds = (System.nanoTime() - t0) / 1e9;
        int chosenIndex = 0;
        JsonArray ftGrid = new JsonArray();
        String ftRule = "not a choice: one fine-tune length";
        if (lengths.length > 1) {
            LocalizationSettings first = grids.get(0).get(0);
            List<FineTuneLength> grid = new ArrayList<>();
            for (int i = 0; i < lengths.length; i++) {
                grid.add(new FineTuneLength(
                        lengths[i], devPredictions(snapshots.get(i), data, first.evalBatch(), first.confidence())));
            }
            FineTuneLength chosen = FineTuneLength.choose(grid, ftBar);
            chosenIndex = grid.indexOf(chosen);
            ftRule = FineTuneLength.rule(chosen, ftBar);
            double[] losses = stats.stream().mapToDouble(StepStats::loss).toArray();
            System.out.printf(
                    "%n== %s, %s: fine-tune lengths (%s); dev only:%n%s",
                    data.name(), label, ftRule, FineTuneLength.table(grid, losses, chosen));
            for (int i = 0; i < grid.size(); i++) {
                JsonObject o = new JsonObject();
                o.addProperty("steps", grid.get(i).steps());
                o.addProperty("final_loss", losses[i]);
                o.addProperty("dev_accuracy", grid.get(i).dev().accuracy());
                ftGrid.add(o);
            }
        }
        int steps = lengths[chosenIndex];
        Path ft = snapshots.get(chosenIndex);
        StepStats last = stats.get(chosenIndex);
        List<String> lines = new ArrayList<>();
        long changed;
        try (Localizer.Session s = Localizer.open(base, ft, data, grids.get(0).get(0))) {
            changed = s.changedOutsideIncluded();
            System.out.printf(
                    "%n== %s, %s: fine-tune of %d steps (fine-tuning took %.0f s; final loss %.4f), %,d elements changed"
                            + " outside the blocks;"
                            + " accuracy pre %.3f ft %.3f on dev (%d items)%n",
                    data.name(),
                    label,
                    steps,
                    ftSeconds,
                    last.loss(),
                    changed,
                    s.preDev().accuracy(),
                    s.ftDev().accuracy(),
                    s.ftDev().size());
            for (List<LocalizationSettings> grid : grids) {
                long t1 = System.nanoTime();
                List<LocalizationResult> points = new ArrayList<>();
                for (LocalizationSettings g : grid) {
                    points.addAll(s.sweep(g, sparsities).points());
                }
                SweepResult sweep = new SweepResult(data.name(), points);
                LocalizationResult best = sweep.best(threshold);
                System.out.printf(
                        "-- %s, %s (%.0f s); dev only:%n%s",
                        data.name(),
                        grid.get(0).method().label(),
                        (System.nanoTime() - t1) / 1e9,
                        devTable(points, best));
                JsonObject json = best.toJson();
                json.addProperty("rule", sweep.rule(threshold));
                json.addProperty("threshold", threshold);
                JsonArray arr = new JsonArray();
                for (LocalizationResult r : points) {
                    JsonObject o = new JsonObject();
                    o.addProperty("eta", r.settings().learningRate());
                    o.addProperty("mask_l1", r.settings().l1());
                    o.addProperty("target_sparsity", r.settings().sparsity());
                    o.addProperty("sparsity", r.mask().sparsity());
                    o.addProperty("learned_sparsity", r.learnedSparsity());
                    o.addProperty("best_step", r.bestStep());
                    o.add("dev", r.dev().toJson());
                    arr.add(o);
                }
                json.add("grid_dev", arr);
                json.addProperty(
                        "finetune", label + " lr " + cfg.learningRate() + " steps " + steps + " batch " + batch);
                json.addProperty("finetune_rule", ftRule);
                json.add("finetune_grid_dev", ftGrid);
                JsonObject env = new JsonObject();
                Provenance.environment().forEach(env::addProperty);
                json.add("provenance", env);
                best.mask().save(dir.resolve(maskFolder(grid.get(0).method())), json);
                lines.add(summary(data.name(), label + " " + steps + " steps", best, sweep.rule(threshold), threshold));
            }
        }
        return lines;
    }

    /**
     * One method's grid: every (mask steps, η, λ) combination in that order; grafting has no λ. The
     * operating point is later chosen among all of them on dev ({@link SweepResult#best}).
     *
     * @param method the mask method
     * @param settings the shared settings (target sparsity, budget, batches)
     * @param maskSteps the mask-step grid
     * @param etas the mask learning-rate grid
     * @param lambdas the mask L1 grid (ignored for grafting)
     * @return the settings of every grid point
     */
    static List<LocalizationSettings> grid(
            MaskMethod method, LocalizationSettings settings, int[] maskSteps, double[] etas, double[] lambdas) {
        List<LocalizationSettings> grid = new ArrayList<>();
        for (int steps : maskSteps) {
            for (double eta : etas) {
                LocalizationSettings s = settings.withSteps(steps).withLearningRate(eta);
                if (method == MaskMethod.GRAFTING) {
                    grid.add(s); // no λ
                } else {
                    for (double l : lambdas) {
                        grid.add(s.withMethod(method).withL1(l));
                    }
                }
            }
        }
        return grid;
    }

    private static int maskStepCount(String v, String whole) {
        try {
            int n = Integer.parseInt(v.trim());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new LocalizationException("--steps must be mask-step counts >= 0, got '" + whole + "'");
    }

    /** Every point's dev numbers (no test number: the test split is scored for the chosen point only). */
    static String devTable(List<LocalizationResult> points, LocalizationResult chosen) {
        StringBuilder sb = new StringBuilder(String.format(
                "  %-6s %-8s %9s %9s %9s %9s %5s %5s %8s %8s %9s%n",
                "eta",
                "mask L1",
                "target",
                "sparsity",
                "learned",
                "|γ|",
                "steps",
                "kept",
                "devFt",
                "devGraft",
                "devRecov"));
        for (LocalizationResult r : points) {
            sb.append(String.format(
                    "  %-6.0e %-8s %9.1e %9.1e %9.1e %9d %5d %5d %8.3f %8.3f %9.3f%s%n",
                    r.settings().learningRate(),
                    lambda(r.settings()),
                    r.settings().sparsity(),
                    r.mask().sparsity(),
                    r.learnedSparsity(),
                    r.mask().cardinality(),
                    r.settings().steps(),
                    r.bestStep(),
                    r.dev().ft().accuracy(),
                    r.dev().graft().accuracy(),
                    r.devRecovered(),
                    r == chosen ? "  <- chosen on dev" : ""));
        }
        return sb.toString();
    }

    /** The mask L1 λ as printed: {@code -} for grafting, which has none (its settings still carry a default). */
    static String lambda(LocalizationSettings s) {
        return s.method() == MaskMethod.GRAFTING ? "-" : String.format(java.util.Locale.ROOT, "%.0e", s.l1());
    }

    /** The chosen point: its λ, sparsity and dev numbers, then the test numbers, scored once. */
    static String summary(String task, String label, LocalizationResult r, String rule, double threshold) {
        return String.format(
                "  %-7s %-6s %-44s η %.0e, λ %s, %d mask steps, target %.1e: sparsity %.1e (|γ| %,d of %,d)  dev: ft %.3f graft %.3f"
                        + " recovered %.3f%s  |  test (once): pre %.3f ft %.3f graft %.3f recovered %.3f"
                        + "  ECE pre %.3f ft %.3f graft %.3f",
                task,
                label,
                r.settings().method().label(),
                r.settings().learningRate(),
                lambda(r.settings()),
                r.settings().steps(),
                r.settings().sparsity(),
                r.mask().sparsity(),
                r.mask().cardinality(),
                r.mask().included(),
                r.dev().ft().accuracy(),
                r.dev().graft().accuracy(),
                r.devRecovered(),
                r.devRecovered() >= threshold ? "" : " (none reaches the bar on dev)",
                r.pre().accuracy(),
                r.ft().accuracy(),
                r.graft().accuracy(),
                r.recovered(),
                r.pre().ece(),
                r.ft().ece(),
                r.graft().ece());
    }

    /** θ_ft's greedy predictions on the dev items only (the fine-tune length is chosen on these). */
    private static Predictions devPredictions(Path ft, TaskData data, int evalBatch, Confidence confidence) {
        try (Transformer m = Transformer.load(ft)) {
            return TaskEval.predict(m, data, data.dev(), evalBatch, confidence);
        }
    }

    /**
     * Fine-tunes a copy of the base on the task's train split for the longest of {@code lengths} steps and
     * saves it to {@code outs[i]} when it has taken {@code lengths[i]} steps (the lengths ascending): every
     * parameter, or (the default) only those in the blocks.
     *
     * @return the last step's stats at each length
     */
    static List<StepStats> finetune(
            Path base, List<Path> outs, TaskData data, TrainConfig cfg, int[] lengths, int batch, boolean allParams) {
        Random rng = new Random(23);
        List<Sequence> seqs = data.trainSequences();
        List<StepStats> stats = new ArrayList<>();
        int steps = lengths[lengths.length - 1];
        int next = 0;
        StepStats last = null;
        try (Transformer m = Transformer.load(base);
                Trainer t = new Trainer(
                        m,
                        cfg,
                        allParams
                                ? Trainer.all(m)
                                : Trainer.matching(
                                        m,
                                        n -> io.skillscope.grafting.ParamRegion.of(
                                                        m.parameters().spec(n))
                                                == io.skillscope.grafting.ParamRegion.BLOCKS))) {
            for (int s = 0; s < steps; s++) {
                List<Sequence> b = new ArrayList<>(batch);
                for (int i = 0; i < batch; i++) {
                    b.add(seqs.get(rng.nextInt(seqs.size())));
                }
                last = t.step(b, data.padId());
                if (s + 1 == lengths[next]) {
                    m.save(
                            outs.get(next),
                            Map.of(
                                    "skillscope.finetune",
                                    data.name() + " " + cfg.optimizer() + " lr " + cfg.learningRate() + " l1 "
                                            + cfg.l1Lambda() + " steps " + lengths[next]));
                    stats.add(last);
                    next++;
                }
            }
        }
        return stats;
    }

    private static String required(Map<String, String> a, String key) {
        String v = a.get(key);
        if (v == null) {
            throw new LocalizationException("missing --" + key + " (usage: see the LocalizationBenchmark javadoc)");
        }
        return v;
    }
}
