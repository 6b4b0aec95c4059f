package io.skillscope.bench;

import io.skillscope.analysis.Stats;
import io.skillscope.analysis.orthogonality.RandomBaseline;
import io.skillscope.analysis.orthogonality.ShapedArray;
import io.skillscope.analysis.orthogonality.WeightUpdate;
import io.skillscope.core.model.ParameterStore;
import io.skillscope.core.model.Transformer;
import io.skillscope.grafting.SkillVector;
import io.skillscope.lab.LabData;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * PaST's transfer experiment on the skill lab (docs/methods.md §3): a skill vector v = θ_rl − θ_sft from
 * GRPO on model A is added to another SFT'd model B, θ = θ_B + λ v ({@link SkillVector#addTo(Transformer,
 * double)}, the injection of {@code grafting.Past.inject}), and B, B + λ v and B + λ r are scored by greedy
 * exact match, r a random vector norm-matched to v tensor by tensor ({@link RandomBaseline#normMatched}).
 *
 * <p>λ is chosen on dev only: the λ of the given grid with the best dev accuracy of B + λ v (ties: the one
 * nearest 1, then the smaller). Test is scored once at that λ, and at λ = 1, PaST's default, fixed
 * before looking at any split.
 */
public final class SkillTransfer {
    private SkillTransfer() {}

    /**
     * One target's transfer outcome.
     *
     * @param target          the target's description
     * @param seed            the replicate
     * @param devByScale      λ → dev accuracy of B + λ v
     * @param devTarget       dev accuracy of B
     * @param testTarget      test accuracy of B
     * @param chosenScale     λ* (chosen on dev)
     * @param testChosen      test accuracy of B + λ* v
     * @param devRandomChosen dev accuracy of B + λ* r for each random vector
     * @param testRandomChosen test accuracy of B + λ* r for each random vector
     * @param testUnit        test accuracy of B + v (λ = 1, fixed a priori)
     * @param testRandomUnit  test accuracy of B + r for each random vector
     */
    public record Outcome(
            String target,
            long seed,
            Map<Double, Double> devByScale,
            double devTarget,
            double testTarget,
            double chosenScale,
            double testChosen,
            double[] devRandomChosen,
            double[] testRandomChosen,
            double testUnit,
            double[] testRandomUnit) {
        /** Copies the parts. */
        public Outcome {
            Objects.requireNonNull(target, "target");
            devByScale = Map.copyOf(devByScale);
            devRandomChosen = devRandomChosen.clone();
            testRandomChosen = testRandomChosen.clone();
            testRandomUnit = testRandomUnit.clone();
        }

        /** Dev accuracy of B + λ* v. */
        public double devChosen() {
            return devByScale.get(chosenScale);
        }

        @Override
        public String toString() {
            return String.format(
                    Locale.ROOT,
                    "%s, seed %d: dev B %.3f, B+λv %s, λ*=%.2g (dev); test B %.3f, B+λ*v %.3f, B+λ*r %.3f"
                            + " (mean of %d), B+v %.3f, B+r %.3f",
                    target,
                    seed,
                    devTarget,
                    devByScale,
                    chosenScale,
                    testTarget,
                    testChosen,
                    Stats.mean(testRandomChosen),
                    testRandomChosen.length,
                    testUnit,
                    Stats.mean(testRandomUnit));
        }
    }

    /**
     * Runs the transfer onto one target.
     *
     * @param target  the target's description
     * @param seed    the replicate (random vectors use seeds 1000·seed + j)
     * @param targetB the target model folder θ_B
     * @param vector  the skill vector v, on disk
     * @param values  v as arrays (for the norm-matched random vectors)
     * @param data    the skill's dev and test splits
     * @param scales  the λ grid
     * @param randoms how many random vectors
     * @return the outcome
     */
    public static Outcome run(
            String target,
            long seed,
            Path targetB,
            SkillVector vector,
            WeightUpdate values,
            LabData data,
            List<Double> scales,
            int randoms) {
        double[] b = score(targetB, null, null, 0, data);
        Map<Double, Double> dev = new LinkedHashMap<>();
        for (double lambda : scales) {
            dev.put(lambda, scoreDev(targetB, vector, lambda, data));
        }
        double chosen = choose(dev);
        double testChosen = score(targetB, vector, null, chosen, data)[1];
        double testUnit = chosen == 1.0 ? testChosen : score(targetB, vector, null, 1.0, data)[1];
        double[] devRc = new double[randoms];
        double[] testRc = new double[randoms];
        double[] testRu = new double[randoms];
        for (int j = 0; j < randoms; j++) {
            WeightUpdate r = RandomBaseline.normMatched(values, 1000 * seed + j);
            double[] atChosen = score(targetB, null, r, chosen, data);
            devRc[j] = atChosen[0];
            testRc[j] = atChosen[1];
            testRu[j] = chosen == 1.0 ? atChosen[1] : score(targetB, null, r, 1.0, data)[1];
        }
        return new Outcome(target, seed, dev, b[0], b[1], chosen, testChosen, devRc, testRc, testUnit, testRu);
    }

    /**
     * The λ with the best dev accuracy; ties go to the λ nearest 1, then to the smaller.
     *
     * @param dev λ → dev accuracy
     * @return λ*
     */
    static double choose(Map<Double, Double> dev) {
        double best = Double.NaN;
        double bestAcc = Double.NEGATIVE_INFINITY;
        for (Map.Entry<Double, Double> e : dev.entrySet()) {
            double l = e.getKey();
            double acc = e.getValue();
            boolean better = acc > bestAcc
                    || (acc == bestAcc
                            && (Math.abs(l - 1) < Math.abs(best - 1)
                                    || (Math.abs(l - 1) == Math.abs(best - 1) && l < best)));
            if (better) {
                best = l;
                bestAcc = acc;
            }
        }
        return best;
    }

    private static double scoreDev(Path target, SkillVector v, double lambda, LabData data) {
        try (Transformer m = Transformer.load(target)) {
            v.addTo(m, lambda);
            return OrthogonalityControls.pooled(m, data.dev());
        }
    }

    /** {dev, test} of θ_B + λ v (or + λ r, or θ_B alone when both are null). */
    private static double[] score(Path target, SkillVector v, WeightUpdate r, double lambda, LabData data) {
        try (Transformer m = Transformer.load(target)) {
            if (v != null) {
                v.addTo(m, lambda);
            } else if (r != null) {
                add(m, r, lambda);
            }
            return new double[] {
                OrthogonalityControls.pooled(m, data.dev()), OrthogonalityControls.pooled(m, data.test())
            };
        }
    }

    /** θ ← θ + λ r for every tensor of r, in double per element (as {@link SkillVector} adds). */
    static void add(Transformer m, WeightUpdate r, double lambda) {
        ParameterStore params = m.parameters();
        for (Map.Entry<String, ShapedArray> e : r.tensors().entrySet()) {
            float[] theta = params.get(e.getKey()).toFloatArray();
            float[] d = e.getValue().values();
            if (theta.length != d.length) {
                throw new IllegalArgumentException("tensor '" + e.getKey() + "' has " + theta.length
                        + " elements in the model but " + d.length + " in the random vector");
            }
            for (int i = 0; i < theta.length; i++) {
                theta[i] = (float) (theta[i] + lambda * d[i]);
            }
            params.write(e.getKey(), theta);
        }
    }
}
