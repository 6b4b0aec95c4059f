package io.skillscope.grafting;

import io.skillscope.core.checkpoint.TensorSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * PaST (2026): move an RL-learned skill between models as a vector of weight differences.
 *
 * <ul>
 *   <li>Skill vector from a source domain: v = θ_rl − θ_sft (RL started from the SFT model).
 *   <li>Injection into a target: θ = θ_sft^target + λ v, λ = 1 by default ({@link #inject}).
 *   <li>Iterative refinement over K source subsets ({@link #refine}): v_0 = 0; SFT on subset k gives
 *       θ_sft^k; RL from θ_sft^k + v_{k−1} gives θ_rl^k; v_k = θ_rl^k − θ_sft^k.
 * </ul>
 *
 * <p>Training is not done here: the skill lab's SFT and RL trainers are passed in as {@link Stages}
 * callbacks that return the folders they wrote.
 */
public final class Past {
    private Past() {}

    /**
     * The training stages of the refinement loop, implemented by the caller (e.g. with the skill lab).
     *
     * @param <D> what a data subset is (a list of examples, a JSONL path, a skill name)
     */
    public interface Stages<D> {
        /**
         * Supervised fine-tuning on subset k.
         *
         * @param k the 1-based round
         * @param subset the data
         * @param workDir an empty folder the stage may use
         * @return the folder holding θ_sft^k
         */
        Path sft(int k, D subset, Path workDir);

        /**
         * RL from a starting checkpoint.
         *
         * @param k the 1-based round
         * @param subset the data
         * @param start the folder holding θ_sft^k + v_{k−1}
         * @param workDir an empty folder the stage may use
         * @return the folder holding θ_rl^k
         */
        Path rl(int k, D subset, Path start, Path workDir);
    }

    /**
     * One round of the refinement.
     *
     * @param k the 1-based round
     * @param sft θ_sft^k
     * @param start θ_sft^k + v_{k−1} (equal to {@code sft} in round 1)
     * @param rl θ_rl^k
     * @param vector v_k = θ_rl^k − θ_sft^k
     */
    public record Round(int k, Path sft, Path start, Path rl, SkillVector vector) {}

    /**
     * θ = θ_sft^target + λ v, written as a Hugging Face folder.
     *
     * @param targetSft the target's SFT checkpoint
     * @param vector v
     * @param lambda λ
     * @param out the folder to create
     * @return {@code out}
     */
    public static Path inject(TensorSource targetSft, SkillVector vector, double lambda, Path out) {
        return vector.addTo(targetSft, lambda, out);
    }

    /**
     * Runs the iterative refinement over K subsets; round k works in {@code workDir/round-k/}.
     *
     * @param subsets the K source subsets, in order
     * @param stages the SFT and RL trainers
     * @param workDir the folder for every round's checkpoints and vectors
     * @param <D> the subset type
     * @return the rounds; the last round's vector is the refined skill vector
     */
    public static <D> List<Round> refine(List<D> subsets, Stages<D> stages, Path workDir) {
        if (subsets.isEmpty()) {
            throw new GraftingException("PaST refinement needs at least one subset");
        }
        List<Round> rounds = new ArrayList<>();
        SkillVector previous = null;
        for (int k = 1; k <= subsets.size(); k++) {
            Path dir = workDir.resolve("round-" + k);
            Outputs.createFolder(dir);
            D subset = subsets.get(k - 1);
            Path sft = stages.sft(k, subset, dir.resolve("sft-work"));
            Path start = sft;
            if (previous != null) {
                start = dir.resolve("start");
                try (TensorSource s = TensorSource.open(sft)) {
                    previous.addTo(s, 1.0, start);
                }
            }
            Path rl = stages.rl(k, subset, start, dir.resolve("rl-work"));
            SkillVector v;
            try (TensorSource r = TensorSource.open(rl);
                    TensorSource s = TensorSource.open(sft)) {
                v = SkillVector.between(r, s, dir.resolve("vector"));
            }
            rounds.add(new Round(k, sft, start, rl, v));
            previous = v;
        }
        return rounds;
    }
}
