package io.skillscope.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.skillscope.core.Progress;
import io.skillscope.core.SkillscopeException;
import io.skillscope.core.checkpoint.AtomicFolder;
import io.skillscope.core.config.ModelConfig;
import io.skillscope.core.memory.MemoryBudget;
import io.skillscope.core.memory.MemoryEstimate;
import io.skillscope.datasets.CharTokenizer;
import io.skillscope.lab.Recipe;
import io.skillscope.lab.SkillLab;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code skillscope train base|sft|rl}: runs a skill-lab {@link Recipe} with {@link SkillLab} and writes
 * a Hugging Face folder ({@code config.json}, {@code model.safetensors}, the character {@code tokenizer.json})
 * and {@code recipe.json} (every setting after the command-line overrides, the data and starting-model
 * hashes, the environment), so that {@code skillscope train STAGE --recipe OUT/recipe.json} rebuilds it.
 * The recipe's {@code stage} must be the one named; progress goes to stderr.
 */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = {
            "Train a skill-lab model from a recipe: base pre-training, supervised fine-tuning (sft) or GRPO (rl).",
            "Writes config.json, model.safetensors, tokenizer.json and recipe.json into --out."
        })
final class TrainCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "STAGE", description = "base, sft or rl; must match the recipe's stage.")
    Recipe.Stage stage;

    @Option(
            names = "--recipe",
            required = true,
            paramLabel = "FILE",
            description = "The recipe JSON (or a folder holding recipe.json, such as a trained model).")
    Path recipeFile;

    @Mixin
    OutputFolder output;

    @Option(
            names = "--steps",
            paramLabel = "N",
            description = "Override the recipe's steps (a decaying schedule stretches with them).")
    Integer steps;

    @Option(
            names = "--init",
            paramLabel = "DIR",
            description = "Override the recipe's starting model (required by sft and rl when the recipe has none).")
    Path init;

    @Option(
            names = "--checkpoint-every",
            paramLabel = "N",
            description = "Also save a full checkpoint every N steps under OUT/checkpoints/step-NNNNNN (base, sft).")
    Integer checkpointEvery;

    @Option(
            names = "--progress-every",
            paramLabel = "N",
            defaultValue = "25",
            description =
                    "When stderr is not a terminal, print a progress line every N steps (default: ${DEFAULT-VALUE}).")
    int progressEvery;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (steps != null && steps < 1) {
            throw usage("--steps must be >= 1, got " + steps);
        }
        if (checkpointEvery != null && checkpointEvery < 1) {
            throw usage("--checkpoint-every must be >= 1, got " + checkpointEvery);
        }
        if (checkpointEvery != null && stage == Recipe.Stage.RL) {
            throw usage("--checkpoint-every is for base and sft runs, not rl");
        }
        if (progressEvery < 1) {
            throw usage("--progress-every must be >= 1, got " + progressEvery);
        }
        if (init != null && !Files.isDirectory(init)) {
            throw new SkillscopeException("--init folder " + init + " does not exist or is not a folder");
        }
        Recipe recipe = loadRecipe();
        if (recipe.stage() != stage) {
            throw usage("recipe " + recipeFile + " has stage " + recipe.stage() + ", not " + name(stage)
                    + "; run 'skillscope train " + name(recipe.stage()) + "' or use a " + name(stage) + " recipe");
        }
        Path start = recipe.init() == null ? null : Path.of(recipe.init());
        if (start != null && !Files.isDirectory(start)) {
            throw new SkillscopeException("recipe " + recipeFile + ": field 'init' names " + start
                    + ", which does not exist or is not a folder (relative paths resolve against "
                    + Path.of("").toAbsolutePath() + ")");
        }
        if (recipe.dataFile() != null && !Files.isRegularFile(Path.of(recipe.dataFile()))) {
            throw new SkillscopeException("recipe " + recipeFile + ": field 'dataFile' names " + recipe.dataFile()
                    + ", which does not exist");
        }
        requireMemory(recipe, start);
        if (start != null) {
            AtomicFolder.requireComplete(start, init != null ? "--init" : "recipe " + recipeFile + ": init");
        }
        Path out = output.check(
                spec.commandLine(), start, recipeFile, recipe.dataFile() == null ? null : Path.of(recipe.dataFile()));
        output.cleanBeside(spec.commandLine());
        // SkillLab builds the folder (and each checkpoint) under a partial name and renames it into place

        PrintWriter err = spec.commandLine().getErr();
        Progress progress =
                new Progress(name(stage), recipe.steps(), progressEvery, ErrStream.of(err), System.console() != null);
        SkillLab.TrainResult r = checkpointEvery == null
                ? SkillLab.train(recipe, out, progress)
                : SkillLab.train(recipe, out, progress, checkpointEvery);

        PrintWriter o = spec.commandLine().getOut();
        int k = Math.max(1, Math.min(10, r.losses().length / 2));
        o.printf(
                Locale.ROOT,
                "trained %s: %d steps, loss %.4f -> %.4f (mean of the first and last %d), %,d tokens, %.1f s%n",
                name(stage),
                recipe.steps(),
                r.headLoss(k),
                r.tailLoss(k),
                k,
                r.tokens(),
                r.seconds());
        if (r.meanRewards().length > 0) {
            double[] m = r.meanRewards();
            o.printf(Locale.ROOT, "mean reward %.3f -> %.3f (first and last round)%n", m[0], m[m.length - 1]);
        }
        o.println("wrote " + out + ": config.json, model.safetensors, tokenizer.json, " + SkillLab.RECIPE_FILE
                + (checkpointEvery == null ? "" : ", checkpoints/"));
        o.flush();
        return 0;
    }

    /**
     * Refuses, before the output folder or any allocation, a run whose model cannot be trained in this
     * machine's memory: the model the recipe describes (or its {@code init}'s config), with the recipe's
     * batch of sequences as long as the context allows, up to {@link #TRAIN_TOKENS}.
     */
    private void requireMemory(Recipe recipe, Path start) {
        if (start == null && recipe.model() == null) {
            return; // the recipe's own validation names what is missing
        }
        ModelConfig c = start != null
                ? ModelConfig.load(start.resolve("config.json"))
                : recipe.model().toConfig(CharTokenizer.standard().vocabSize());
        MemoryEstimate e;
        try {
            e = MemoryEstimate.training(c, recipe.batchSize(), Math.min(c.maxPositions(), TRAIN_TOKENS));
        } catch (ArithmeticException overflow) {
            throw new SkillscopeException("recipe " + recipeFile + ": the model (" + c.numLayers() + " layers, hidden "
                    + c.hiddenSize() + ", intermediate " + c.intermediateSize() + ") has more parameters than"
                    + " memory can hold");
        }
        MemoryBudget.check(e);
    }

    /** Tokens per training sequence in the memory estimate: the skill lab's sequences are shorter. */
    static final int TRAIN_TOKENS = 64;

    /** The recipe with the command-line overrides applied before validation (so --init can fill a missing init). */
    private Recipe loadRecipe() {
        Path file = Files.isDirectory(recipeFile) ? recipeFile.resolve(SkillLab.RECIPE_FILE) : recipeFile;
        if (!Files.isRegularFile(file)) {
            throw new SkillscopeException("recipe file " + file + " does not exist");
        }
        JsonObject json;
        try {
            json = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
        } catch (IOException e) {
            throw new SkillscopeException("cannot read recipe " + file + " (" + e.getMessage() + ")", e);
        } catch (JsonParseException | IllegalStateException e) {
            throw new SkillscopeException("recipe " + file + " is not a JSON object (" + e.getMessage() + ")", e);
        }
        if (steps != null) {
            json.addProperty("steps", steps);
        }
        if (init != null) {
            json.addProperty("init", init.toString());
        }
        try {
            return Recipe.fromJson(json.toString());
        } catch (SkillscopeException e) {
            throw new SkillscopeException(file + ": " + e.getMessage(), e);
        }
    }

    private static String name(Recipe.Stage s) {
        return s.name().toLowerCase(Locale.ROOT);
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
