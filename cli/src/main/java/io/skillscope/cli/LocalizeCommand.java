package io.skillscope.cli;

import com.google.gson.JsonObject;
import io.skillscope.api.ModelCodec;
import io.skillscope.api.PromptLengths;
import io.skillscope.core.Json;
import io.skillscope.core.SkillscopeException;
import io.skillscope.core.checkpoint.AtomicFolder;
import io.skillscope.core.config.ContextLimit;
import io.skillscope.core.config.ModelConfig;
import io.skillscope.core.memory.MemoryBudget;
import io.skillscope.core.memory.MemoryEstimate;
import io.skillscope.core.model.Architectures;
import io.skillscope.core.model.ParamSpec;
import io.skillscope.datasets.Example;
import io.skillscope.datasets.Skill;
import io.skillscope.datasets.SkillSuite;
import io.skillscope.demo.ResultKind;
import io.skillscope.localization.LocalizationReport;
import io.skillscope.localization.LocalizationResult;
import io.skillscope.localization.LocalizationSettings;
import io.skillscope.localization.Localizer;
import io.skillscope.localization.MaskMethod;
import io.skillscope.localization.SparsityBudget;
import io.skillscope.localization.SweepResult;
import io.skillscope.localization.TaskData;
import io.skillscope.localization.TaskDraw;
import io.skillscope.localization.TaskSplits;
import io.skillscope.localization.TensorSelection;
import io.skillscope.probes.TokenCodec;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code skillscope localize}: learns a sparse grafting mask γ so that θ_pre + γ ⊙ (θ_ft − θ_pre) recovers
 * the fine-tuned model's accuracy on a task ({@link Localizer}; Panigrahi et al., ICML 2023). One sparsity
 * writes the mask folder at {@code OUT} ({@code mask.safetensors} + {@code result.json} with
 * {@code sparsity, n_selected, n_included, accuracy {pre, ft, graft}, ece {pre, ft, graft}}); several
 * write one such folder per sparsity under {@code OUT/sparsity-<s>/} and an {@code OUT/result.json} with
 * every point and the best ({@link SweepResult#best}), chosen on the dev split: the smallest sparsity whose
 * graft recovers {@code --recover} of the fine-tuned dev accuracy, else the graft most accurate on dev; a
 * sweep therefore needs {@code --dev} of at least 1. The splits come from
 * {@link TaskSplits}, the {@code result.json} contents from {@link LocalizationReport}; {@code data.draw}
 * ({@link TaskDraw}) records how the splits were drawn, so that {@code overlap} scores its grafts on the
 * same test items.
 *
 * <p>Skill data is drawn as the fine-tuned model's {@code recipe.json} drew it when that recipe trained on
 * the skill (so test items are never its training data), else generated with {@code --data-seed}.
 */
@Command(
        name = "localize",
        mixinStandardHelpOptions = true,
        description = {
            "Find where a fine-tuned skill lives: a sparse grafting mask over the fine-tuning difference.",
            "Writes mask.safetensors and result.json (accuracy and ECE of pre, ft and graft) per sparsity."
        })
final class LocalizeCommand implements Callable<Integer> {

    @Option(names = "--base", required = true, paramLabel = "DIR", description = "θ_pre: the model before fine-tuning.")
    Path base;

    @Option(names = "--finetuned", required = true, paramLabel = "DIR", description = "θ_ft: the fine-tuned model.")
    Path finetuned;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Task task;

    static final class Task {
        @Option(names = "--skill", paramLabel = "SKILL", description = "A skill of the suite, e.g. cs3 or rev.sort.")
        String skill;

        @Option(
                names = "--data",
                paramLabel = "FILE.jsonl",
                description =
                        "A JSONL file (prompt, answer), shuffled with --data-seed and cut into --train/--dev/--test."
                                + SkillWords.CONTEXT_RULE)
        Path data;
    }

    @Option(
            names = "--sparsity",
            required = true,
            split = ",",
            paramLabel = "S",
            description = "Mask size as a share of the included weights, in (0, 1]; several for a sweep (1e-4,1e-3).")
    List<Double> sparsities;

    @Mixin
    OutputFolder output;

    @Option(
            names = "--steps",
            paramLabel = "N",
            defaultValue = "100",
            description = "Gradient steps on the mask scores (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(
            names = "--lr",
            paramLabel = "ETA",
            defaultValue = "1e7",
            description = "Learning rate of the mask scores (default: ${DEFAULT-VALUE}, the paper's).")
    double lr;

    @Option(
            names = "--batch",
            paramLabel = "N",
            defaultValue = "128",
            description = "Examples per batch (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(
            names = "--accumulation",
            paramLabel = "A",
            defaultValue = "8",
            description = "Batches per step (default: ${DEFAULT-VALUE}).")
    int accumulation;

    @Option(
            names = "--method",
            paramLabel = "M",
            defaultValue = "grafting",
            converter = MethodWord.class,
            description = "grafting, localize-and-stitch (as the authors' code runs it) or"
                    + " localize-and-stitch-paper-l1 (a variant: the paper's L1 pull, best step)"
                    + " (default: ${DEFAULT-VALUE}).")
    MaskMethod method;

    /** {@code grafting}, {@code localize-and-stitch} (or the enum names). */
    static final class MethodWord implements picocli.CommandLine.ITypeConverter<MaskMethod> {
        @Override
        public MaskMethod convert(String value) {
            try {
                return MaskMethod.valueOf(value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(
                        "'" + value + "' is not a mask method; use grafting, localize-and-stitch or"
                                + " localize-and-stitch-paper-l1");
            }
        }
    }

    @Option(
            names = "--layers",
            split = ",",
            paramLabel = "L",
            description = "Include only these blocks, e.g. 10,11 (default: every block).")
    List<Integer> layers = new ArrayList<>();

    @Option(names = "--mlp-only", description = "Include only MLP weights (gate, up, down).")
    boolean mlpOnly;

    @Option(
            names = "--include",
            paramLabel = "REGEX",
            description = "Include only parameters whose name contains a match, e.g. 'layers\\.1[01]\\.mlp\\.'.")
    String include;

    @Option(
            names = "--budget",
            paramLabel = "N",
            description = "At most N included weights (e.g. 2e7): the most changed tensors first (default: no limit).")
    double budget;

    @Option(
            names = "--l1",
            paramLabel = "L",
            defaultValue = "1e-5",
            description = "localize-and-stitch: λ of the sign term (authors' code) or, for the paper-l1 variant,"
                    + " of the L1 pull on the mask (default: ${DEFAULT-VALUE}).")
    double l1;

    @Option(
            names = "--seed",
            paramLabel = "S",
            defaultValue = "0",
            description = "Seed of the mask initialisation and batch order (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--score-limit",
            paramLabel = "N",
            defaultValue = "0",
            description = "Score each step's mask on at most N train+dev items; 0 for all (default: ${DEFAULT-VALUE}).")
    int scoreLimit;

    @Option(
            names = "--train",
            paramLabel = "N",
            defaultValue = "512",
            description = "Training items (default: ${DEFAULT-VALUE}).")
    int nTrain;

    @Option(
            names = "--dev",
            paramLabel = "N",
            defaultValue = "64",
            description = "Dev items, which with train choose the best step (default: ${DEFAULT-VALUE}).")
    int nDev;

    @Option(
            names = "--test",
            paramLabel = "N",
            defaultValue = "200",
            description = "Test items for the reported accuracy and ECE (default: ${DEFAULT-VALUE}).")
    int nTest;

    @Option(
            names = "--data-seed",
            paramLabel = "S",
            description = "Generate the skill's splits with this seed instead of drawing them as the fine-tuned model's"
                    + " recipe.json did; shuffles --data (default: 0).")
    Long dataSeed;

    @Option(
            names = "--recover",
            paramLabel = "SHARE",
            defaultValue = "0.95",
            description = "Sweep: the best point is the smallest sparsity whose graft reaches this share of the"
                    + " fine-tuned accuracy (default: ${DEFAULT-VALUE}).")
    double recover;

    @Option(
            names = "--sparsity-budget",
            paramLabel = "MODE",
            defaultValue = "cap",
            converter = BudgetWord.class,
            description = "cap: each mask holds at most round(S x N) weights, the learned mask cut to the entries"
                    + " of largest score (ties: larger |Δ|, then tensor order, then index); learned: keep the mask"
                    + " as learned, which may grow past S (default: ${DEFAULT-VALUE}).")
    SparsityBudget budgetMode;

    /** {@code cap} or {@code learned}. */
    static final class BudgetWord implements picocli.CommandLine.ITypeConverter<SparsityBudget> {
        @Override
        public SparsityBudget convert(String value) {
            try {
                return SparsityBudget.parse(value);
            } catch (SkillscopeException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    @Option(names = "--quiet", description = "No per-step progress lines on stderr.")
    boolean quiet;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        CommandLine cmd = spec.commandLine();
        for (double s : sparsities) {
            if (!(s > 0) || s > 1) {
                throw usage("--sparsity must be in (0, 1], got " + s);
            }
        }
        if (sparsities.stream().distinct().count() != sparsities.size()) {
            throw usage("--sparsity lists a value twice: " + sparsities);
        }
        if (nTrain < 1 || nDev < 0 || nTest < 1) {
            throw usage("--train and --test must be >= 1 and --dev >= 0, got " + nTrain + ", " + nTest + ", " + nDev);
        }
        if (sparsities.size() > 1 && nDev < 1) {
            throw usage("a sweep chooses its best point on the dev split, never on test: --dev must be >= 1 with"
                    + " several --sparsity values, got --dev " + nDev);
        }
        if (!(recover > 0) || recover > 1) {
            throw usage("--recover must be in (0, 1], got " + recover);
        }
        LocalizationSettings settings;
        try {
            settings = LocalizationSettings.of(sparsities.get(0))
                    .withSteps(steps)
                    .withLearningRate(lr)
                    .withBatches(batch, accumulation)
                    .withMethod(method)
                    .withL1(l1)
                    .withSeed(seed)
                    .withScoreLimit(scoreLimit)
                    .withProgress(!quiet)
                    .withBudget(budgetMode);
        } catch (SkillscopeException e) {
            throw usage(e.getMessage());
        }
        checkModel("--base", base);
        checkModel("--finetuned", finetuned);
        if (base.toAbsolutePath().normalize().equals(finetuned.toAbsolutePath().normalize())) {
            throw usage("--base and --finetuned are the same folder " + base);
        }
        ModelConfig pre = ModelConfig.load(base.resolve("config.json"));
        ModelConfig ft = ModelConfig.load(finetuned.resolve("config.json"));
        if (!pre.equals(ft)) {
            throw new SkillscopeException("--base " + base + " and --finetuned " + finetuned
                    + " have different architectures (config.json): " + pre + " vs " + ft);
        }
        Skill skill =
                task.skill == null ? null : SkillWords.skill(cmd, "--skill", task.skill.trim(), SkillSuite.standard());
        if (task.data != null && !Files.isRegularFile(task.data)) {
            throw usage("--data file " + task.data + " does not exist");
        }
        TensorSelection selection;
        try {
            selection = new TensorSelection(
                    new java.util.HashSet<>(layers),
                    mlpOnly,
                    include == null ? null : java.util.regex.Pattern.compile(include),
                    (long) budget);
        } catch (java.util.regex.PatternSyntaxException | SkillscopeException e) {
            throw usage("--layers/--include/--budget: " + e.getMessage());
        }
        output.check(cmd, base, finetuned, task.data);
        TaskSplits splits;
        TaskDraw draw;
        TaskData data;
        try (ModelCodec codec = ModelCodec.of(base)) {
            if (task.data != null) {
                PromptLengths.requireFits(task.data, codec.codec(), ContextLimit.of(pre));
            }
            Drawn drawn = splits(skill);
            splits = drawn.splits();
            draw = drawn.draw();
            data = encode(codec, splits, taskName(draw));
        }
        // one model, a training pass and 16 bytes per included weight: refused here, before anything is read
        long admitted = 0;
        long largest = 0;
        for (ParamSpec p : Architectures.parameters(pre)) {
            if (selection.admits(p, settings.regions())) {
                admitted += p.numel();
                largest = Math.max(largest, p.numel());
            }
        }
        MemoryBudget.check(MemoryEstimate.localize(
                pre, selection.budget() > 0 ? Math.min(admitted, selection.budget()) : admitted, largest, batch, 64));
        LocalizationReport report = new LocalizationReport(base, finetuned, data, splits.source(), draw);

        Path out = output.begin(cmd, base, finetuned, task.data);
        PrintWriter w = cmd.getOut();
        List<LocalizationResult> points = new ArrayList<>();
        try (Localizer.Session session = Localizer.open(base, finetuned, data, settings, selection)) {
            for (double s : sparsities) {
                LocalizationResult r = session.localize(settings.withSparsity(s));
                points.add(r);
                JsonObject point = report.point(r);
                point.addProperty("kind", ResultKind.LOCALIZATION.wire());
                if (sparsities.size() == 1) {
                    r.mask().save(out, point);
                } else { // each point is complete or absent too, inside the sweep's own partial folder
                    AtomicFolder.write(
                            out.resolve(LocalizationReport.pointFolder(s)),
                            "localize point",
                            folder -> r.mask().save(folder, point));
                }
            }
        }
        SweepResult sweep = new SweepResult(data.name(), points);
        if (sparsities.size() > 1) {
            JsonObject json = report.sweep(sweep, recover);
            json.addProperty("kind", ResultKind.LOCALIZATION.wire());
            json.addProperty("recover", recover);
            Json.write(out.resolve("result.json"), json);
        }
        out = output.commit();
        w.print(sweep.table());
        for (LocalizationResult r : points) {
            w.println(budgetLine(r));
        }
        if (sparsities.size() == 1) {
            w.println("wrote " + out.resolve("mask.safetensors") + ", " + out.resolve("result.json"));
        } else {
            LocalizationResult best = sweep.best(recover);
            boolean recovered = best.devRecovered() >= recover;
            w.printf(
                    Locale.ROOT,
                    "best (chosen on dev): target %.1e, mask sparsity %.1e, learned %.1e (%s), dev graft accuracy"
                            + " %.3f of ft %.3f; test graft accuracy %.3f of ft %.3f%n",
                    best.settings().sparsity(),
                    best.mask().sparsity(),
                    best.learnedSparsity(),
                    recovered
                            ? "recovers " + recover + " on dev"
                            : "most accurate on dev; none recovers " + recover + " on dev",
                    best.dev().graft().accuracy(),
                    best.dev().ft().accuracy(),
                    best.graft().accuracy(),
                    best.ft().accuracy());
            w.println("wrote " + out.resolve("result.json") + " and " + points.size() + " mask folders "
                    + out.resolve("sparsity-*"));
        }
        w.flush();
        return 0;
    }

    /**
     * One line per point: the target, the kept mask and the learned mask before any cap, e.g.
     * {@code target 1.0e-03 (k 800): capped, kept 800 of the 3,360 learned (learned sparsity 4.2e-03)}.
     */
    static String budgetLine(LocalizationResult r) {
        String head =
                String.format(Locale.ROOT, "target %.1e (k %,d): ", r.settings().sparsity(), r.targetSelected());
        if (r.capped()) {
            return head
                    + String.format(
                            Locale.ROOT,
                            "capped, kept %,d of the %,d learned (learned sparsity %.1e, kept %.1e)",
                            r.mask().cardinality(),
                            r.learnedSelected(),
                            r.learnedSparsity(),
                            r.mask().sparsity());
        }
        if (r.overTarget()) {
            return head
                    + String.format(
                            Locale.ROOT,
                            "warning: the learned mask holds %,d, over the target (sparsity %.1e);"
                                    + " --sparsity-budget cap keeps at most k",
                            r.mask().cardinality(),
                            r.mask().sparsity());
        }
        return head
                + String.format(
                        Locale.ROOT,
                        "within budget, %,d learned (sparsity %.1e)",
                        r.mask().cardinality(),
                        r.mask().sparsity());
    }

    /** The task's name: the skill's, or the data file's name without {@code .jsonl}. */
    static String taskName(TaskDraw draw) {
        return draw.kind() == TaskDraw.Kind.FILE ? SkillWords.fileName(draw.file()) : draw.skill();
    }

    /** The splits as the base model's tokenizer reads them: prompts as the model reads them, answers ending with EOS. */
    static TaskData encode(ModelCodec codec, TaskSplits splits, String name) {
        TokenCodec c = codec.codec();
        return splits.encode(
                name, e -> new TaskData.Item(c.promptIds(e.prompt()), c.answerIds(e.answer())), c.padId(), c.eosId());
    }

    /** The task's splits and the draw that {@code result.json} records to draw them again. */
    private record Drawn(TaskSplits splits, TaskDraw draw) {}

    /** The three splits of the task (train, dev, test), where they came from, and how they were drawn. */
    private Drawn splits(Skill skill) {
        if (skill == null) {
            List<Example> all = SkillWords.readJsonl(task.data);
            long s = dataSeed == null ? 0 : dataSeed;
            if (all.size() < nTrain + nDev + nTest) {
                throw new SkillscopeException("--data " + task.data + " has " + all.size()
                        + " examples, fewer than --train " + nTrain + " + --dev " + nDev + " + --test " + nTest);
            }
            return new Drawn(
                    TaskSplits.shuffled(task.data, all, s, nTrain, nDev, nTest),
                    TaskDraw.file(task.data, s, nTrain, nDev, nTest));
        }
        if (dataSeed == null) {
            Optional<TaskSplits> drawn = TaskSplits.fromRecipe(skill, finetuned, nTrain, nDev, nTest);
            if (drawn.isPresent()) {
                return new Drawn(drawn.get(), TaskDraw.recipe(skill.name(), finetuned, nTrain, nDev, nTest));
            }
        }
        long s = dataSeed == null ? 0 : dataSeed;
        try {
            return new Drawn(
                    TaskSplits.generated(skill, nTrain, nDev, nTest, s),
                    TaskDraw.generated(skill.name(), s, nTrain, nDev, nTest));
        } catch (IllegalArgumentException e) {
            throw usage("--skill " + skill.name() + ": " + e.getMessage());
        }
    }

    private void checkModel(String option, Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new SkillscopeException(option + " folder " + dir + " does not exist or is not a folder");
        }
        if (!Files.isRegularFile(dir.resolve("config.json"))) {
            throw new SkillscopeException(option + " folder " + dir + " has no config.json");
        }
        AtomicFolder.requireComplete(dir, option);
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
