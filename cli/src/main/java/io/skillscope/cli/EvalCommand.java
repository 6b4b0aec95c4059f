package io.skillscope.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.skillscope.core.Json;
import io.skillscope.core.Provenance;
import io.skillscope.core.SkillscopeException;
import io.skillscope.core.checkpoint.Hashing;
import io.skillscope.core.checkpoint.TensorSource;
import io.skillscope.core.model.Transformer;
import io.skillscope.datasets.Example;
import io.skillscope.datasets.Skill;
import io.skillscope.datasets.SkillSuite;
import io.skillscope.datasets.Split;
import io.skillscope.demo.ResultKind;
import io.skillscope.lab.LabData;
import io.skillscope.lab.Recipe;
import io.skillscope.lab.SkillEvaluation;
import io.skillscope.lab.SkillLab;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code skillscope eval}: exact-match accuracy of a skill-lab model per skill, by batched greedy decoding
 * that stops at {@code <eos>} ({@link SkillLab#evaluate}). The split is drawn as the model's own
 * {@code recipe.json} drew it (its skills, sizes and data seed), so a test example is never training data;
 * skills the recipe did not train are drawn apart with the same sizes and seed (also when a list mixes
 * both kinds). Skills are reported in the order asked.
 */
@Command(
        name = "eval",
        mixinStandardHelpOptions = true,
        description = {
            "Exact-match accuracy of a skill-lab model per skill, on a split drawn as the model's recipe.json drew it.",
            "Prints a Markdown table, or with --json {\"<skill>\": {\"n\": N, \"accuracy\": A, \"unparseable\": U}, ...};"
                    + " --out DIR also writes DIR/result.json for 'skillscope report'."
        })
final class EvalCommand implements Callable<Integer> {

    @Mixin
    ModelFolder model;

    @Option(
            names = "--skills",
            paramLabel = "NAMES",
            defaultValue = "all",
            description = "all (the recipe's skills), seen, heldout, or names such as rev,add,rev.sort"
                    + " (default: ${DEFAULT-VALUE}).")
    String skills;

    @Option(
            names = "--split",
            paramLabel = "SPLIT",
            defaultValue = "test",
            description = "train, dev or test (default: ${DEFAULT-VALUE}).")
    Split split;

    @Option(
            names = "--per-skill",
            paramLabel = "N",
            defaultValue = "0",
            description = "Score only the first N examples of each skill; 0 for all (default: ${DEFAULT-VALUE}).")
    int perSkill;

    @Option(names = "--json", description = "Print JSON instead of a Markdown table.")
    boolean json;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description =
                    "Also write DIR/result.json (per-skill accuracy, split, model hash), which 'skillscope report'"
                            + " renders (never an input folder).")
    Path out;

    @Option(
            names = "--force",
            description = "With --out: write into a folder that already holds a result (result.json is replaced).")
    boolean force;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (perSkill < 0) {
            throw usage("--per-skill must be >= 0, got " + perSkill);
        }
        Path dir = model.folder();
        Path recipeFile = dir.resolve(SkillLab.RECIPE_FILE);
        if (!Files.isRegularFile(recipeFile)) {
            throw new SkillscopeException("model folder " + dir + " has no " + SkillLab.RECIPE_FILE
                    + "; its data settings define the splits (eval is for skill-lab models)");
        }
        Recipe recipe = Recipe.load(recipeFile);
        SkillSuite suite = recipe.suite();
        List<Skill> chosenSkills = switch (skills.trim()) {
            case "all" ->
                recipe.skills().isEmpty()
                        ? suite.seen()
                        : recipe.skills().stream().map(suite::get).toList();
            case "seen" -> suite.seen();
            case "heldout" -> suite.heldOut();
            default -> SkillWords.skills(spec.commandLine(), "--skills", skills, suite);
        };
        List<String> names = chosenSkills.stream().map(Skill::name).distinct().toList();
        List<Example> chosen = examples(recipe, names, split, perSkill, suite);
        if (chosen.isEmpty()) {
            throw new SkillscopeException("the " + split.name().toLowerCase(Locale.ROOT) + " split of " + names
                    + " is empty for the recipe in " + recipeFile);
        }
        OutputFolder folder = null;
        if (out != null) {
            folder = new OutputFolder();
            folder.out = out;
            folder.force = force;
            folder.check(spec.commandLine(), dir);
        } else if (force) {
            throw usage("--force applies with --out");
        }
        SkillEvaluation ev;
        try (Transformer m = model.load()) {
            ev = SkillLab.evaluate(m, chosen, suite);
        }
        if (folder != null) {
            Path work = folder.begin(spec.commandLine(), dir);
            Json.write(work.resolve("result.json"), resultJson(dir, names, chosen.size(), ev));
            Path written = folder.commit().resolve("result.json");
            spec.commandLine().getErr().println("wrote " + written);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(ev.toJson());
        } else {
            out.print(ev.toMarkdown());
            out.printf(
                    Locale.ROOT,
                    "%nmean exact match %.1f%% over %d skills (%s split, %d examples)%n",
                    100 * ev.meanAccuracy(),
                    ev.scores().size(),
                    split.name().toLowerCase(Locale.ROOT),
                    chosen.size());
        }
        out.flush();
        return 0;
    }

    /**
     * {@code result.json} of {@code --out}: the model and its weights' hash, the split, the skills asked,
     * {@code scores} as {@code --json} prints them ({@code n}, {@code accuracy}, {@code unparseable} per
     * skill), the mean, and the environment.
     */
    private JsonObject resultJson(Path dir, List<String> names, int examples, SkillEvaluation ev) {
        JsonObject j = new JsonObject();
        j.addProperty("kind", ResultKind.EVALUATION.wire());
        j.addProperty("command", "eval");
        j.addProperty("model", dir.toAbsolutePath().normalize().toString());
        try (TensorSource src = TensorSource.open(dir)) {
            j.addProperty("model_sha256", Hashing.sha256(src));
        }
        j.addProperty("split", split.name().toLowerCase(Locale.ROOT));
        j.addProperty("skills_asked", skills);
        JsonArray asked = new JsonArray();
        names.forEach(asked::add);
        j.add("skills", asked);
        j.addProperty("per_skill", perSkill);
        j.addProperty("examples", examples);
        j.add("scores", JsonParser.parseString(ev.toJson()));
        j.addProperty("mean_accuracy", ev.meanAccuracy());
        JsonObject env = new JsonObject();
        Provenance.environment().forEach(env::addProperty);
        j.add("environment", env);
        return j;
    }

    /**
     * The examples to score, skill by skill in the order given: for skills the recipe trained, its own split
     * (never its training data); for the others, a split drawn apart with the recipe's sizes and data seed.
     *
     * @param perSkill at most this many of each skill, 0 for all
     */
    static List<Example> examples(Recipe recipe, List<String> names, Split split, int perSkill, SkillSuite suite) {
        List<String> trained = recipe.dataFile() == null
                ? names.stream().filter(recipe.skills()::contains).toList()
                : List.of();
        List<String> untrained =
                names.stream().filter(s -> !trained.contains(s)).toList();
        List<Example> pool = new ArrayList<>();
        if (!trained.isEmpty()) {
            pool.addAll(LabData.forSkills(recipe, trained, suite).split(split));
        }
        if (!untrained.isEmpty()) {
            pool.addAll(LabData.forSkills(recipe, untrained, suite).split(split));
        }
        List<Example> chosen = new ArrayList<>();
        for (String skill : names) {
            pool.stream()
                    .filter(e -> e.skill().equals(skill))
                    .limit(perSkill == 0 ? Long.MAX_VALUE : perSkill)
                    .forEach(chosen::add);
        }
        return chosen;
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
