package io.skillscope.lab;

import ai.djl.ndarray.NDManager;
import io.skillscope.core.Progress;
import io.skillscope.core.checkpoint.AtomicFolder;
import io.skillscope.core.generate.Generation;
import io.skillscope.core.generate.GenerationConfig;
import io.skillscope.core.generate.Generator;
import io.skillscope.core.model.Transformer;
import io.skillscope.core.train.Grpo;
import io.skillscope.core.train.GrpoObjective;
import io.skillscope.core.train.LossFunction;
import io.skillscope.core.train.Losses;
import io.skillscope.core.train.Sequence;
import io.skillscope.core.train.StepStats;
import io.skillscope.core.train.Trainer;
import io.skillscope.datasets.CharTokenizer;
import io.skillscope.datasets.Example;
import io.skillscope.datasets.Skill;
import io.skillscope.datasets.SkillSuite;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One GRPO run (see {@link Grpo}): each round draws {@code batchSize / G} training prompts, samples G
 * answers per prompt at the recipe's temperature, scores them with {@link Skill#score} (reward 1 / 0 /
 * −1), computes group-relative advantages and the old-policy log-probabilities before any update, then
 * takes {@code updatesPerBatch} optimizer steps on the clipped objective (plus β·KL to the starting
 * model when β &gt; 0), per token at the sampling temperature ({@link GrpoObjective#TOKEN}, the default) or
 * per answer ({@link GrpoObjective#SEQUENCE}). {@code steps} counts rounds.
 */
final class GrpoRun {
    private GrpoRun() {}

    static SkillLab.TrainResult run(Recipe recipe, Path out, Progress progress) {
        SkillLab.requireNotInit(recipe, out);
        Recipe.Rl rl = recipe.rl();
        CharTokenizer tok = CharTokenizer.standard();
        SkillSuite suite = recipe.suite();
        LabData data = LabData.of(recipe, suite);
        List<Example> train = data.train();
        int prompts = recipe.batchSize() / rl.groupSize();
        int maxNew = 1;
        for (Example e : train) {
            maxNew = Math.max(maxNew, suite.get(e.skill()).maxAnswerLength() + 1);
        }
        double[] losses = new double[recipe.steps() * rl.updatesPerBatch()];
        double[] rewardsPerRound = new double[recipe.steps()];
        long tokens = 0;
        long start = System.nanoTime();
        SplittableRandom rng = new SplittableRandom(recipe.seed() ^ 0x6A09E667F3BCC909L);
        try (Transformer model = SkillLab.open(recipe, tok);
                Transformer ref = rl.klBeta() > 0 ? SkillLab.open(recipe, tok) : null) {
            List<String> names =
                    Trainer.matching(model, recipe.trainablePattern().asMatchPredicate());
            try (Trainer trainer = new Trainer(model, recipe.optim().toTrainConfig(losses.length), names)) {
                for (int round = 0; round < recipe.steps(); round++) {
                    List<Example> chosen = new ArrayList<>(prompts);
                    List<int[]> promptIds = new ArrayList<>(recipe.batchSize());
                    for (int p = 0; p < prompts; p++) {
                        Example e = train.get(rng.nextInt(train.size()));
                        chosen.add(e);
                        for (int g = 0; g < rl.groupSize(); g++) {
                            promptIds.add(LabData.prompt(tok, e));
                        }
                    }
                    GenerationConfig cfg = GenerationConfig.sampled(
                            maxNew,
                            rl.temperature(),
                            1.0,
                            recipe.seed() * 1_000_003L + round,
                            tok.padId(),
                            tok.eosId());
                    List<Generation> gens = Generator.generate(model, promptIds, cfg);
                    float[] rewards = new float[gens.size()];
                    List<Sequence> seqs = new ArrayList<>(gens.size());
                    double rewardSum = 0;
                    for (int i = 0; i < gens.size(); i++) {
                        Example e = chosen.get(i / rl.groupSize());
                        Generation g = gens.get(i);
                        rewards[i] = suite.get(e.skill())
                                .score(e, SkillEvaluation.decodeOrNull(tok, g.tokens()), g.stopped())
                                .reward();
                        rewardSum += rewards[i];
                        seqs.add(sampled(g, tok));
                        tokens += g.tokens().length;
                    }
                    rewardsPerRound[round] = rewardSum / gens.size();
                    float[] adv = Grpo.advantages(rewards, rl.groupSize());
                    LossFunction loss = rl.objective() == GrpoObjective.TOKEN
                            ? tokenObjective(model, ref, seqs, adv, rl, tok.padId())
                            : sequenceObjective(model, ref, seqs, adv, rl, tok.padId());
                    double last = 0;
                    for (int u = 0; u < rl.updatesPerBatch(); u++) {
                        StepStats st = trainer.step(List.of(loss));
                        losses[round * rl.updatesPerBatch() + u] = st.loss();
                        last = st.loss();
                    }
                    progress.step(round + 1, last, promptIds.size());
                }
            }
            progress.done();
            double seconds = (System.nanoTime() - start) / 1e9;
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("trainable_tensors", names.size());
            extra.put("mean_reward_first_round", rewardsPerRound[0]);
            extra.put("mean_reward_last_round", rewardsPerRound[recipe.steps() - 1]);
            long total = tokens;
            AtomicFolder.write(
                    out, "train rl", dir -> SkillLab.save(model, tok, recipe, data, dir, seconds, total, extra));
        }
        return new SkillLab.TrainResult(out, losses, rewardsPerRound, (System.nanoTime() - start) / 1e9, tokens);
    }

    /** The prompt and the sampled answer, with the end token when the sample ended with it. */
    private static Sequence sampled(Generation g, CharTokenizer tok) {
        int[] p = g.prompt();
        int[] a = g.tokens();
        int[] t = new int[p.length + a.length + (g.stopped() ? 1 : 0)];
        System.arraycopy(p, 0, t, 0, p.length);
        System.arraycopy(a, 0, t, p.length, a.length);
        if (g.stopped()) {
            t[t.length - 1] = tok.eosId();
        }
        return new Sequence(t, p.length);
    }

    /**
     * The token-level objective: ℓ_old and ℓ_ref per answer token at the sampling temperature, taken once
     * before the updates, and the policy's per-token log-probs at that temperature in each step.
     */
    private static LossFunction tokenObjective(
            Transformer model, Transformer ref, List<Sequence> seqs, float[] adv, Recipe.Rl rl, int padId) {
        float[] old = tokenLogProbs(model, seqs, padId, rl.temperature());
        float[] refLp = ref == null ? null : tokenLogProbs(ref, seqs, padId, rl.temperature());
        return m -> Grpo.tokenLoss(
                Losses.answerTokenLogProbs(model, m, seqs, padId, rl.temperature()),
                old,
                adv,
                refLp,
                rl.clipEpsilon(),
                rl.klBeta());
    }

    /** The earlier per-answer objective, scored at temperature 1. */
    private static LossFunction sequenceObjective(
            Transformer model, Transformer ref, List<Sequence> seqs, float[] adv, Recipe.Rl rl, int padId) {
        float[] old = logProbs(model, seqs, padId);
        float[] refLp = ref == null ? null : logProbs(ref, seqs, padId);
        return m -> Grpo.loss(
                Losses.sequenceLogProbs(model, m, seqs, padId), old, adv, refLp, rl.clipEpsilon(), rl.klBeta());
    }

    /** Per-token answer log-probabilities at temperature τ without autograd, {@code [B·T]} row-major. */
    private static float[] tokenLogProbs(Transformer model, List<Sequence> seqs, int padId, double temperature) {
        try (NDManager m = model.manager().newSubManager()) {
            return Losses.answerTokenLogProbs(model, m, seqs, padId, temperature)
                    .logProbs()
                    .toFloatArray();
        }
    }

    /** Sequence log-probabilities without autograd, as plain floats. */
    private static float[] logProbs(Transformer model, List<Sequence> seqs, int padId) {
        try (NDManager m = model.manager().newSubManager()) {
            return Losses.sequenceLogProbs(model, m, seqs, padId).toFloatArray();
        }
    }
}
