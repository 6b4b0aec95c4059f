package io.skillscope.lab;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.skillscope.core.SkillscopeException;
import io.skillscope.core.checkpoint.AtomicFiles;
import io.skillscope.core.config.ModelConfig;
import io.skillscope.core.train.GrpoObjective;
import io.skillscope.core.train.LrSchedule;
import io.skillscope.core.train.OptimizerKind;
import io.skillscope.core.train.TrainConfig;
import io.skillscope.datasets.SkillSuite;
import io.skillscope.datasets.SplitSizes;
import io.skillscope.datasets.SuiteConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Every setting of one skill-lab training run, saved as {@code recipe.json} beside the checkpoint so
 * that {@link SkillLab#train} rebuilds it from the file alone.
 *
 * @param stage base pre-training, supervised fine-tuning or GRPO
 * @param init the model folder to start from; {@code null} for a base model from random weights (a
 *     base recipe with an init continues training that checkpoint: a recorded second stage)
 * @param model the architecture of a base model started from random weights (ignored with an init)
 * @param skills skill names of the suite ({@code rev}, {@code add}, compositions like {@code rev.sort});
 *     empty when {@code dataFile} is given
 * @param dataFile a JSONL file ({@code prompt}, {@code answer}, {@code skill}) used as the training
 *     set instead of generated skills, or {@code null}
 * @param sizes examples per skill in train, dev and test
 * @param sizeOverrides per-skill sizes where a skill's input space is too small for {@code sizes}
 *     (e.g. {@code sub} has 5,050 inputs, {@code mul} 10,000)
 * @param dataSeed the seed of {@link io.skillscope.datasets.Splits}
 * @param seed the seed of the initial weights, of batch order and of sampling
 * @param steps optimizer steps
 * @param batchSize sequences per step (for RL: prompts per step × group size)
 * @param optim optimizer settings
 * @param trainable a regular expression over parameter names; the matching ones are trained
 * @param rl GRPO settings; required when {@code stage} is RL, else {@code null}
 * @param skillWeights relative sampling weight of each skill when a batch row draws its skill (absent
 *     skills weigh 1; empty = uniform over skills)
 * @param operands the arithmetic skills' operand ranges; {@link Operands#DEFAULT} when absent (the
 *     recipes of the shipped model's stages 1–3 name {@link Operands#LEGACY}, the ranges they drew)
 */
public record Recipe(
        Stage stage,
        String init,
        ModelShape model,
        List<String> skills,
        String dataFile,
        SplitSizes sizes,
        Map<String, SplitSizes> sizeOverrides,
        long dataSeed,
        long seed,
        int steps,
        int batchSize,
        Optim optim,
        String trainable,
        Rl rl,
        Map<String, Double> skillWeights,
        Operands operands) {

    /** A recipe whose batches draw skills uniformly, with the default operand ranges. */
    public Recipe(
            Stage stage,
            String init,
            ModelShape model,
            List<String> skills,
            String dataFile,
            SplitSizes sizes,
            Map<String, SplitSizes> sizeOverrides,
            long dataSeed,
            long seed,
            int steps,
            int batchSize,
            Optim optim,
            String trainable,
            Rl rl) {
        this(
                stage,
                init,
                model,
                skills,
                dataFile,
                sizes,
                sizeOverrides,
                dataSeed,
                seed,
                steps,
                batchSize,
                optim,
                trainable,
                rl,
                null,
                Operands.DEFAULT);
    }

    /** A recipe with the default operand ranges. */
    public Recipe(
            Stage stage,
            String init,
            ModelShape model,
            List<String> skills,
            String dataFile,
            SplitSizes sizes,
            Map<String, SplitSizes> sizeOverrides,
            long dataSeed,
            long seed,
            int steps,
            int batchSize,
            Optim optim,
            String trainable,
            Rl rl,
            Map<String, Double> skillWeights) {
        this(
                stage,
                init,
                model,
                skills,
                dataFile,
                sizes,
                sizeOverrides,
                dataSeed,
                seed,
                steps,
                batchSize,
                optim,
                trainable,
                rl,
                skillWeights,
                Operands.DEFAULT);
    }

    /**
     * Operand ranges of the arithmetic skills ({@link SuiteConfig}'s numbers; string inputs are always
     * {@link SuiteConfig#DEFAULT}'s).
     *
     * @param addSubMax the largest operand of add and sub
     * @param mulLeftMax the largest left operand of mul
     * @param mulRightMax the largest right operand of mul
     */
    public record Operands(int addSubMax, int mulLeftMax, int mulRightMax) {
        /** {@link SuiteConfig#DEFAULT}: add/sub on 0–99, mul on 0–999 × 0–9. */
        public static final Operands DEFAULT = of(SuiteConfig.DEFAULT);
        /** {@link SuiteConfig#LEGACY}: mul on 0–99 × 0–9, the ranges of the shipped model's stages 1–3. */
        public static final Operands LEGACY = of(SuiteConfig.LEGACY);

        public Operands {
            try { // the parameters, not the fields: those are assigned after this body
                new SuiteConfig(SuiteConfig.DEFAULT.inputs(), addSubMax, mulLeftMax, mulRightMax);
            } catch (IllegalArgumentException e) {
                throw new SkillscopeException("recipe operands: " + e.getMessage(), e);
            }
        }

        /** The ranges of a suite config. */
        public static Operands of(SuiteConfig c) {
            return new Operands(c.operandMax(), c.multiplicandMax(), c.multiplierMax());
        }

        /** The suite config: default string inputs, these ranges. */
        public SuiteConfig config() {
            return new SuiteConfig(SuiteConfig.DEFAULT.inputs(), addSubMax, mulLeftMax, mulRightMax);
        }
    }

    /** What a run trains. */
    public enum Stage {
        /** Pre-training on atomic skills from random weights (or continuing a base checkpoint). */
        BASE,
        /** Supervised fine-tuning of a checkpoint on a skill or a data set. */
        SFT,
        /** GRPO on exact-match rewards from a checkpoint. */
        RL
    }

    /**
     * A Llama-family architecture (RMSNorm, rotary, SwiGLU) over the character vocabulary.
     *
     * @param hidden d_model
     * @param layers transformer blocks
     * @param heads attention heads
     * @param kvHeads key/value heads (grouped-query attention when fewer than heads)
     * @param intermediate SwiGLU width
     * @param maxPositions longest sequence
     */
    public record ModelShape(int hidden, int layers, int heads, int kvHeads, int intermediate, int maxPositions) {
        public ModelShape {
            if (hidden < 1
                    || layers < 1
                    || heads < 1
                    || kvHeads < 1
                    || intermediate < 1
                    || maxPositions < 2
                    || hidden % heads != 0
                    || heads % kvHeads != 0) {
                throw new SkillscopeException("recipe model: invalid shape hidden " + hidden + ", layers " + layers
                        + ", heads " + heads + ", kvHeads " + kvHeads + ", intermediate " + intermediate
                        + ", maxPositions " + maxPositions);
            }
        }

        /** The model config for a vocabulary. */
        public ModelConfig toConfig(int vocab) {
            return ModelConfig.llama(vocab, hidden, layers, heads, kvHeads, intermediate, maxPositions);
        }
    }

    /**
     * Optimizer settings, turned into a core {@link TrainConfig} by {@link #toTrainConfig}.
     *
     * @param optimizer SGD or AdamW
     * @param lr peak learning rate
     * @param momentum SGD momentum
     * @param weightDecay decay of matrices and embeddings
     * @param clipNorm global gradient-norm clip, 0 = off
     * @param schedule decay after warm-up
     * @param warmup warm-up steps
     * @param minLrRatio final learning rate as a fraction of {@code lr}
     * @param l1Lambda L1 pull towards the starting weights (sparse fine-tuning), 0 = off
     */
    public record Optim(
            OptimizerKind optimizer,
            double lr,
            double momentum,
            double weightDecay,
            double clipNorm,
            LrSchedule.Kind schedule,
            int warmup,
            double minLrRatio,
            double l1Lambda) {
        public Optim {
            if (optimizer == null || schedule == null) {
                throw new SkillscopeException("recipe optim: optimizer and schedule are required");
            }
        }

        /** The core training config over {@code steps} steps (validated there). */
        public TrainConfig toTrainConfig(int steps) {
            TrainConfig base =
                    optimizer == OptimizerKind.SGD ? TrainConfig.sgd(lr, momentum) : TrainConfig.adamW(lr, 0);
            return base.withWeightDecay(weightDecay)
                    .withClipNorm(clipNorm)
                    .withL1(l1Lambda)
                    .withSchedule(new LrSchedule(schedule, warmup, Math.max(1, steps), minLrRatio));
        }
    }

    /**
     * GRPO settings (Shao et al. 2024, DeepSeekMath).
     *
     * @param groupSize sampled answers per prompt (G)
     * @param temperature sampling temperature of the group
     * @param clipEpsilon ε of the clipped ratio min(ρA, clip(ρ, 1−ε, 1+ε)A)
     * @param klBeta weight of the KL penalty to the starting model, 0 = off
     * @param updatesPerBatch optimizer steps on each sampled batch (μ); ratios differ from 1 after the first
     * @param objective {@link GrpoObjective#TOKEN} (per-token ratios, length-normalised, log-probs at the
     *     sampling temperature; the default, also when a recipe file omits the field) or
     *     {@link GrpoObjective#SEQUENCE} (the earlier per-answer form)
     */
    public record Rl(
            int groupSize,
            double temperature,
            double clipEpsilon,
            double klBeta,
            int updatesPerBatch,
            GrpoObjective objective) {
        public Rl {
            if (groupSize < 2 || !(temperature > 0) || !(clipEpsilon > 0) || klBeta < 0 || updatesPerBatch < 1) {
                throw new SkillscopeException("recipe rl: need groupSize >= 2, temperature > 0, clipEpsilon > 0,"
                        + " klBeta >= 0, updatesPerBatch >= 1; got " + this);
            }
            objective = objective == null ? GrpoObjective.TOKEN : objective;
        }

        /** Settings with the default {@link GrpoObjective#TOKEN} objective. */
        public Rl(int groupSize, double temperature, double clipEpsilon, double klBeta, int updatesPerBatch) {
            this(groupSize, temperature, clipEpsilon, klBeta, updatesPerBatch, GrpoObjective.TOKEN);
        }
    }

    /** Validates the recipe; messages name the field and the value. */
    public Recipe {
        if (stage == null) {
            throw new SkillscopeException("recipe: field 'stage' is required (BASE, SFT or RL)");
        }
        skills = skills == null ? List.of() : List.copyOf(skills);
        sizeOverrides = sizeOverrides == null ? Map.of() : Map.copyOf(new TreeMap<>(sizeOverrides));
        if (skills.isEmpty() == (dataFile == null)) {
            throw new SkillscopeException(
                    "recipe: give either 'skills' or 'dataFile', got skills " + skills + " and dataFile " + dataFile);
        }
        if (sizes == null) {
            throw new SkillscopeException("recipe: field 'sizes' is required");
        }
        if (init == null && stage != Stage.BASE) {
            throw new SkillscopeException("recipe: stage " + stage + " needs field 'init' (the model to start from)");
        }
        if (init == null && model == null) {
            throw new SkillscopeException("recipe: a run from random weights needs field 'model'");
        }
        if (steps < 1 || batchSize < 1) {
            throw new SkillscopeException("recipe: steps and batchSize must be >= 1, got " + steps + ", " + batchSize);
        }
        if (optim == null) {
            throw new SkillscopeException("recipe: field 'optim' is required");
        }
        optim.toTrainConfig(steps); // validates the numbers
        trainable = trainable == null ? ".*" : trainable;
        try {
            Pattern.compile(trainable);
        } catch (PatternSyntaxException e) {
            throw new SkillscopeException("recipe: field 'trainable' is not a regular expression: " + trainable, e);
        }
        if ((stage == Stage.RL) != (rl != null)) {
            throw new SkillscopeException(
                    "recipe: field 'rl' is required for stage RL and only for it (stage " + stage + ")");
        }
        skillWeights = skillWeights == null ? Map.of() : Map.copyOf(new TreeMap<>(skillWeights));
        for (Map.Entry<String, Double> w : skillWeights.entrySet()) {
            if (!skills.contains(w.getKey())) {
                throw new SkillscopeException("recipe: skillWeights names '" + w.getKey()
                        + "', which is not one of the recipe's skills " + skills);
            }
            if (w.getValue() == null || !(w.getValue() > 0) || w.getValue().isInfinite()) {
                throw new SkillscopeException(
                        "recipe: skillWeights." + w.getKey() + " must be a positive number, got " + w.getValue());
            }
        }
        operands = operands == null ? Operands.DEFAULT : operands;
        if (rl != null && batchSize % rl.groupSize() != 0) {
            throw new SkillscopeException(
                    "recipe: RL batchSize " + batchSize + " is not a multiple of groupSize " + rl.groupSize());
        }
    }

    /** The split sizes of one skill: its override, else {@link #sizes}. */
    public SplitSizes sizesOf(String skill) {
        return sizeOverrides.getOrDefault(skill, sizes);
    }

    /** The sampling weight of one skill: its entry in {@link #skillWeights}, else 1. */
    public double weightOf(String skill) {
        return skillWeights.getOrDefault(skill, 1.0);
    }

    /** The skill suite the recipe's data is drawn from (its {@link #operands}). */
    public SkillSuite suite() {
        return SkillSuite.create(operands.config());
    }

    /**
     * The suite a model folder's skills are scored on: its {@code recipe.json}'s (a skill-lab model, with
     * the operand ranges it was trained on), else {@link SkillSuite#standard()}.
     */
    public static SkillSuite suiteOf(Path modelFolder) {
        Path recipe = modelFolder.resolve(SkillLab.RECIPE_FILE);
        return Files.isRegularFile(recipe) ? load(recipe).suite() : SkillSuite.standard();
    }

    /** The parameter-name filter. */
    public Pattern trainablePattern() {
        return Pattern.compile(trainable);
    }

    /** A copy that starts from another model (e.g. a second base stage from a checkpoint). */
    public Recipe withInit(String folder) {
        return new Recipe(
                stage,
                folder,
                model,
                skills,
                dataFile,
                sizes,
                sizeOverrides,
                dataSeed,
                seed,
                steps,
                batchSize,
                optim,
                trainable,
                rl,
                skillWeights,
                operands);
    }

    /** A copy with another number of steps (the schedule stretches with it). */
    public Recipe withSteps(int n) {
        return new Recipe(
                stage,
                init,
                model,
                skills,
                dataFile,
                sizes,
                sizeOverrides,
                dataSeed,
                seed,
                n,
                batchSize,
                optim,
                trainable,
                rl,
                skillWeights,
                operands);
    }

    private static final Gson GSON = io.skillscope.core.Json.builder().create();

    /** The recipe as a JSON object. */
    public JsonObject toJsonObject() {
        return GSON.toJsonTree(this).getAsJsonObject();
    }

    /** The recipe as pretty-printed JSON. */
    public String toJson() {
        return GSON.toJson(this);
    }

    /** Reads a recipe from JSON; unknown fields (such as a saved {@code provenance} block) are ignored. */
    public static Recipe fromJson(String json) {
        try {
            JsonElement tree = JsonParser.parseString(json);
            if (!tree.isJsonObject()) {
                throw new SkillscopeException("recipe: expected a JSON object, got " + tree);
            }
            Recipe r = GSON.fromJson(tree, Recipe.class);
            if (r == null) {
                throw new SkillscopeException("recipe: empty JSON");
            }
            return r;
        } catch (JsonParseException e) {
            throw new SkillscopeException("recipe: malformed JSON: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // Gson wraps the validation error of the record constructor; surface ours
            for (Throwable c = e; c != null; c = c.getCause()) {
                if (c instanceof SkillscopeException se) {
                    throw se;
                }
            }
            throw e;
        }
    }

    /** Reads {@code recipe.json}, or the recipe file itself. */
    public static Recipe load(Path file) {
        Path f = Files.isDirectory(file) ? file.resolve("recipe.json") : file;
        try {
            return fromJson(Files.readString(f));
        } catch (IOException e) {
            throw new SkillscopeException("recipe: cannot read " + f + ": " + e.getMessage(), e);
        } catch (SkillscopeException e) {
            throw new SkillscopeException(f + ": " + e.getMessage(), e);
        }
    }

    /** Writes the recipe JSON atomically. */
    public void save(Path file) {
        AtomicFiles.writeString(file, toJson() + "\n");
    }

    @Override
    public String toString() {
        return "Recipe[" + stage + (init == null ? "" : " from " + init) + ", "
                + (dataFile == null ? skills.size() + " skills" : dataFile) + ", " + steps + " steps × " + batchSize
                + ", " + optim.optimizer() + " lr " + optim.lr() + ", seed " + seed + "]";
    }
}
