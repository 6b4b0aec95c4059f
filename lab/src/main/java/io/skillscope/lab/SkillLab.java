package io.skillscope.lab;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import io.skillscope.core.Progress;
import io.skillscope.core.Provenance;
import io.skillscope.core.SkillscopeException;
import io.skillscope.core.checkpoint.AtomicFiles;
import io.skillscope.core.checkpoint.AtomicFolder;
import io.skillscope.core.checkpoint.Hashing;
import io.skillscope.core.model.Transformer;
import io.skillscope.core.train.Sequence;
import io.skillscope.core.train.StepStats;
import io.skillscope.core.train.Trainer;
import io.skillscope.datasets.CharTokenizer;
import io.skillscope.datasets.Example;
import io.skillscope.datasets.Skill;
import io.skillscope.datasets.SkillSuite;
import io.skillscope.datasets.Split;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The skill lab's training pipeline: base pre-training on atomic skills, supervised fine-tuning and
 * GRPO, each writing a Hugging Face folder ({@code config.json}, {@code model.safetensors}), the
 * character {@code tokenizer.json} and {@code recipe.json} (every setting, the seed, the data and
 * starting-model hashes, {@link Provenance#environment()}).
 *
 * <p>Training format: tokens {@code [bos] + prompt + answer + [eos]}, loss on the answer and the end
 * token ({@link LabData#sequence}). Each batch row draws a skill (uniformly, or by the recipe's
 * {@code skillWeights}), then one of that skill's training examples (with replacement), so a skill
 * with a small input space ({@code mul}) is trained as often as one with a large one. The draws come from a {@link SplittableRandom} seeded from the
 * recipe, so a recipe and seed give identical checkpoint bytes on the same CPU build.
 *
 * <pre>{@code
 * Recipe r = Recipe.load(Path.of("models/skill-lab-base/recipe.json"));
 * TrainResult res = SkillLab.train(r, Path.of("out/base"), Progress.stderr("base", r.steps(), 50));
 * try (Transformer m = Transformer.load(res.folder())) {
 *     SkillEvaluation e = SkillLab.evaluate(m, SkillSuite.standard().seen(), Split.TEST, r);
 * }
 * }</pre>
 */
public final class SkillLab {
    /** The file every run writes beside the weights. */
    public static final String RECIPE_FILE = "recipe.json";

    private static final long BATCH_STREAM = 0x5DEECE66DL;

    private SkillLab() {}

    /**
     * What a run did.
     *
     * @param folder the checkpoint folder
     * @param losses the loss of every optimizer step (for RL: the GRPO loss)
     * @param meanRewards RL only: the mean reward of each sampled batch, else empty
     * @param seconds wall time of the training loop
     * @param tokens tokens processed (sequence tokens for supervised runs, sampled tokens for RL)
     */
    public record TrainResult(Path folder, double[] losses, double[] meanRewards, double seconds, long tokens) {
        /** Mean loss over the first {@code k} steps. */
        public double headLoss(int k) {
            return mean(losses, 0, Math.min(k, losses.length));
        }

        /** Mean loss over the last {@code k} steps. */
        public double tailLoss(int k) {
            return mean(losses, Math.max(0, losses.length - k), losses.length);
        }

        private static double mean(double[] a, int from, int to) {
            double s = 0;
            for (int i = from; i < to; i++) {
                s += a[i];
            }
            return to > from ? s / (to - from) : Double.NaN;
        }

        @Override
        public String toString() {
            return String.format(
                    java.util.Locale.ROOT,
                    "TrainResult[%s, %d steps, loss %.4f → %.4f, %.0f s]",
                    folder,
                    losses.length,
                    headLoss(10),
                    tailLoss(10),
                    seconds);
        }
    }

    /** Runs the recipe's stage. */
    public static TrainResult train(Recipe recipe, Path out, Progress progress) {
        return switch (recipe.stage()) {
            case BASE -> trainBase(recipe, out, progress);
            case SFT -> trainSft(recipe, out, progress);
            case RL -> trainRl(recipe, out, progress);
        };
    }

    /**
     * Runs a base or SFT recipe and also saves a full checkpoint folder every {@code every} steps under
     * {@code out/checkpoints/step-NNNNNN}, so a long run that is stopped still leaves a model. A
     * checkpoint's {@code recipe.json} has {@code steps} = its step: with a {@code CONSTANT} schedule
     * (warm-up then flat) that recipe rebuilds the checkpoint exactly; with a decaying schedule it does
     * not, and its provenance says so ({@code checkpoint_of_steps}).
     */
    public static TrainResult train(Recipe recipe, Path out, Progress progress, int every) {
        if (recipe.stage() == Recipe.Stage.RL) {
            throw new SkillscopeException("checkpoints every N steps are for BASE and SFT recipes, not RL");
        }
        if (every < 1) {
            throw new SkillscopeException("checkpoint interval must be >= 1, got " + every);
        }
        return supervised(recipe, out, progress, every);
    }

    /** Base pre-training on the recipe's skills, from random weights or continuing {@code init}. */
    public static TrainResult trainBase(Recipe recipe, Path out, Progress progress) {
        requireStage(recipe, Recipe.Stage.BASE);
        return supervised(recipe, out, progress, 0);
    }

    /**
     * Supervised fine-tuning of {@code init} on the recipe's skills or JSONL file, with SGD or AdamW, an
     * optional L1 pull to the starting weights, on the parameters matching {@code trainable}.
     */
    public static TrainResult trainSft(Recipe recipe, Path out, Progress progress) {
        requireStage(recipe, Recipe.Stage.SFT);
        return supervised(recipe, out, progress, 0);
    }

    /** GRPO from {@code init} with the exact-match reward; see {@link GrpoRun}. */
    public static TrainResult trainRl(Recipe recipe, Path out, Progress progress) {
        requireStage(recipe, Recipe.Stage.RL);
        return GrpoRun.run(recipe, out, progress);
    }

    /**
     * Exact-match scores of {@code skills} on a split, drawn as {@code recipe} drew its data (see
     * {@link LabData#forSkills}).
     */
    public static SkillEvaluation evaluate(Transformer model, List<Skill> skills, Split split, Recipe recipe) {
        List<String> names = skills.stream().map(Skill::name).toList();
        SkillSuite suite = recipe.suite();
        LabData data = LabData.forSkills(recipe, names, suite);
        List<Example> pool = data.split(split);
        List<Example> chosen =
                pool.stream().filter(e -> names.contains(e.skill())).toList();
        return SkillEvaluation.run(model, CharTokenizer.standard(), suite, chosen);
    }

    /** Exact-match scores of given examples, scored by the skills of {@link SkillSuite#standard()}. */
    public static SkillEvaluation evaluate(Transformer model, List<Example> examples) {
        return evaluate(model, examples, SkillSuite.standard());
    }

    /** Exact-match scores of given examples, scored by the skills of {@code suite}. */
    public static SkillEvaluation evaluate(Transformer model, List<Example> examples, SkillSuite suite) {
        return SkillEvaluation.run(model, CharTokenizer.standard(), suite, examples);
    }

    private static void requireStage(Recipe r, Recipe.Stage s) {
        if (r.stage() != s) {
            throw new SkillscopeException("recipe stage is " + r.stage() + ", expected " + s);
        }
    }

    private static TrainResult supervised(Recipe recipe, Path out, Progress progress, int checkpointEvery) {
        requireNotInit(recipe, out);
        try (AtomicFolder folder = AtomicFolder.begin(out, "train " + stageName(recipe))) {
            TrainResult r = supervised(recipe, folder.dir(), progress, checkpointEvery, out);
            folder.commit();
            return r;
        }
    }

    /** Trains into {@code work} (the partial folder of {@code out}); each checkpoint is its own complete folder. */
    private static TrainResult supervised(Recipe recipe, Path work, Progress progress, int checkpointEvery, Path out) {
        CharTokenizer tok = CharTokenizer.standard();
        LabData data = LabData.of(recipe, recipe.suite());
        List<List<Sequence>> bySkill = new ArrayList<>();
        Map<String, List<Sequence>> groups = new LinkedHashMap<>();
        for (Example e : data.train()) {
            groups.computeIfAbsent(e.skill(), k -> new ArrayList<>()).add(LabData.sequence(tok, e));
        }
        bySkill.addAll(groups.values());
        double[] cumulative = cumulativeWeights(recipe, new ArrayList<>(groups.keySet()));
        double[] losses = new double[recipe.steps()];
        long tokens = 0;
        long start = System.nanoTime();
        try (Transformer model = open(recipe, tok)) {
            List<String> names =
                    Trainer.matching(model, recipe.trainablePattern().asMatchPredicate());
            SplittableRandom rng = new SplittableRandom(recipe.seed() ^ BATCH_STREAM);
            try (Trainer trainer = new Trainer(model, recipe.optim().toTrainConfig(recipe.steps()), names)) {
                for (int s = 0; s < recipe.steps(); s++) {
                    List<Sequence> batch = new ArrayList<>(recipe.batchSize());
                    long stepTokens = 0;
                    for (int i = 0; i < recipe.batchSize(); i++) {
                        List<Sequence> pool = bySkill.get(drawSkill(rng, cumulative, bySkill.size()));
                        Sequence q = pool.get(rng.nextInt(pool.size()));
                        batch.add(q);
                        stepTokens += q.tokens().length;
                    }
                    StepStats st = trainer.step(batch, tok.padId());
                    losses[s] = st.loss();
                    tokens += stepTokens;
                    progress.step(s + 1, st.loss(), stepTokens);
                    if (checkpointEvery > 0 && (s + 1) % checkpointEvery == 0 && s + 1 < recipe.steps()) {
                        Path ck = work.resolve("checkpoints").resolve(String.format("step-%06d", s + 1));
                        Map<String, Object> info = new LinkedHashMap<>();
                        info.put("checkpoint_of_steps", recipe.steps());
                        info.put(
                                "final_loss",
                                new TrainResult(ck, Arrays.copyOf(losses, s + 1), new double[0], 0, 0).tailLoss(50));
                        double elapsed = (System.nanoTime() - start) / 1e9;
                        long soFar = tokens;
                        Recipe upTo = recipe.withSteps(s + 1);
                        AtomicFolder.write(
                                ck,
                                "train " + stageName(recipe) + " checkpoint",
                                dir -> save(model, tok, upTo, data, dir, elapsed, soFar, info));
                    }
                }
            }
            progress.done();
            double seconds = (System.nanoTime() - start) / 1e9;
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("trainable_tensors", names.size());
            extra.put("final_loss", new TrainResult(out, losses, new double[0], seconds, tokens).tailLoss(50));
            save(model, tok, recipe, data, work, seconds, tokens, extra);
        }
        return new TrainResult(out, losses, new double[0], (System.nanoTime() - start) / 1e9, tokens);
    }

    /** Cumulative sampling weights over the skills in order, or {@code null} when all weigh the same. */
    static double[] cumulativeWeights(Recipe recipe, List<String> skills) {
        if (recipe.skillWeights().isEmpty()) {
            return null;
        }
        double[] c = new double[skills.size()];
        double total = 0;
        for (int i = 0; i < c.length; i++) {
            total += recipe.weightOf(skills.get(i));
            c[i] = total;
        }
        return c;
    }

    /** A skill index: uniform (one {@code nextInt}, as recipes without weights always drew) or by weight. */
    static int drawSkill(SplittableRandom rng, double[] cumulative, int n) {
        if (cumulative == null) {
            return rng.nextInt(n);
        }
        double u = rng.nextDouble() * cumulative[cumulative.length - 1];
        for (int i = 0; i < cumulative.length; i++) {
            if (u < cumulative[i]) {
                return i;
            }
        }
        return cumulative.length - 1;
    }

    /** The starting model: {@code init}, or random weights of the recipe's shape. */
    static Transformer open(Recipe recipe, CharTokenizer tok) {
        if (recipe.init() == null) {
            return Transformer.random(recipe.model().toConfig(tok.vocabSize()), recipe.seed());
        }
        Path init = Path.of(recipe.init());
        if (!Files.isDirectory(init)) {
            throw new SkillscopeException("recipe init: no model folder at " + init.toAbsolutePath());
        }
        return Transformer.load(init);
    }

    /**
     * Declares the character tokenizer's {@code <bos>} and {@code <eos>} the way Hugging Face folders do:
     * {@code bos_token_id}/{@code eos_token_id} in {@code config.json} and a {@code generation_config.json}
     * (with {@code pad_token_id}), so generation anywhere starts with BOS and stops at EOS
     * ({@link io.skillscope.core.tokenizer.SpecialTokens}).
     */
    static void declareSpecialTokens(Path out, CharTokenizer tok) {
        Path configFile = out.resolve("config.json");
        JsonObject config;
        try {
            config = com.google.gson.JsonParser.parseString(Files.readString(configFile))
                    .getAsJsonObject();
        } catch (java.io.IOException e) {
            throw new SkillscopeException(configFile + ": cannot read (" + e.getMessage() + ")", e);
        }
        config.addProperty("bos_token_id", tok.bosId());
        config.addProperty("eos_token_id", tok.eosId());
        com.google.gson.Gson gson = new GsonBuilder().setPrettyPrinting().create();
        AtomicFiles.writeString(configFile, gson.toJson(config) + "\n");
        JsonObject generation = new JsonObject();
        generation.addProperty("bos_token_id", tok.bosId());
        generation.addProperty("eos_token_id", tok.eosId());
        generation.addProperty("pad_token_id", tok.padId());
        AtomicFiles.writeString(out.resolve("generation_config.json"), gson.toJson(generation) + "\n");
    }

    /** Refuses an output folder that is the run's starting model. */
    static void requireNotInit(Recipe recipe, Path out) {
        if (recipe.init() != null
                && Path.of(recipe.init())
                        .toAbsolutePath()
                        .normalize()
                        .equals(out.toAbsolutePath().normalize())) {
            throw new SkillscopeException("refusing to write " + out + ": it is the run's starting model");
        }
    }

    static String stageName(Recipe recipe) {
        return recipe.stage().name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Writes the model, tokenizer and recipe with provenance; the model's bytes depend only on the weights. */
    static void save(
            Transformer model,
            CharTokenizer tok,
            Recipe recipe,
            LabData data,
            Path out,
            double seconds,
            long tokens,
            Map<String, Object> extra) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("skillscope.stage", recipe.stage().name().toLowerCase(java.util.Locale.ROOT));
        meta.put("skillscope.seed", Long.toString(recipe.seed()));
        meta.put("skillscope.data_sha256", data.sha256());
        model.save(out, meta);
        tok.writeTokenizerJson(out.resolve("tokenizer.json"));
        declareSpecialTokens(out, tok);
        JsonObject json = recipe.toJsonObject();
        JsonObject prov = new JsonObject();
        prov.addProperty("data_sha256", data.sha256());
        prov.addProperty("train_examples", data.train().size());
        if (recipe.init() != null) {
            prov.addProperty(
                    "init_model_sha256", Hashing.sha256(Path.of(recipe.init()).resolve("model.safetensors")));
        }
        prov.addProperty("model_sha256", Hashing.sha256(out.resolve("model.safetensors")));
        prov.addProperty("seconds", Math.round(seconds));
        prov.addProperty("tokens", tokens);
        extra.forEach((k, v) -> prov.add(k, new com.google.gson.Gson().toJsonTree(v)));
        JsonObject env = new JsonObject();
        Provenance.environment().forEach(env::addProperty);
        prov.add("environment", env);
        json.add("provenance", prov);
        AtomicFiles.writeString(
                out.resolve(RECIPE_FILE),
                new GsonBuilder()
                                .setPrettyPrinting()
                                .disableHtmlEscaping()
                                .create()
                                .toJson(json) + "\n");
    }
}
