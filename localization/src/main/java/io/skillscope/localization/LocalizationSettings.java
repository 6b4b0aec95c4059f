package io.skillscope.localization;

import io.skillscope.grafting.ParamRegion;
import java.util.EnumSet;
import java.util.Set;

/**
 * Settings of grafting-mask optimization (docs/methods.md §1; defaults reproduce Panigrahi et al. 2023).
 *
 * @param sparsity k / N: the size of the base patch as a share of the included elements, in (0, 1]
 * @param steps gradient steps on S (100); the best binary mask over steps 0…steps is kept
 * @param learningRate η of S ← S − η ∂L/∂S (1e7; σ'(S − b) ≈ 4.5e-5 at the start)
 * @param sigmoidBias b in σ(S − b) (10)
 * @param batchSize examples per batch (128)
 * @param accumulation A, batches per step (8, so 1,024 examples)
 * @param regions the tensors searched (block parameters by default)
 * @param method the parametrization
 * @param l1 Localize-and-Stitch: λ of the pull λ Σ σ(S) (ignored by {@link MaskMethod#GRAFTING})
 * @param seed seeds S's initialisation and the batch order
 * @param scoreLimit at most this many train + dev examples score each step's binary mask (0 = all)
 * @param evalBatch examples per forward pass when scoring and generating
 * @param confidence the confidence used for ECE
 * @param progress print one line per step on stderr
 * @param budget whether the target sparsity caps the learned mask ({@link SparsityBudget#CAP}, the default)
 *     or only sizes the base patch ({@link SparsityBudget#LEARNED})
 */
public record LocalizationSettings(
        double sparsity,
        int steps,
        double learningRate,
        double sigmoidBias,
        int batchSize,
        int accumulation,
        Set<ParamRegion> regions,
        MaskMethod method,
        double l1,
        long seed,
        int scoreLimit,
        int evalBatch,
        Confidence confidence,
        boolean progress,
        SparsityBudget budget) {
    /** Validates every field, naming it and its value. */
    public LocalizationSettings {
        if (!(sparsity > 0) || sparsity > 1) {
            throw new LocalizationException("sparsity must be in (0, 1], got " + sparsity);
        }
        if (steps < 0) {
            throw new LocalizationException("steps must be >= 0, got " + steps);
        }
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new LocalizationException("learningRate must be positive and finite, got " + learningRate);
        }
        if (!(sigmoidBias >= 0)) {
            throw new LocalizationException("sigmoidBias must be >= 0, got " + sigmoidBias);
        }
        if (batchSize < 1 || accumulation < 1 || evalBatch < 1) {
            throw new LocalizationException("batchSize, accumulation and evalBatch must be >= 1, got " + batchSize
                    + ", " + accumulation + ", " + evalBatch);
        }
        if (regions == null || regions.isEmpty()) {
            throw new LocalizationException("regions must name at least one ParamRegion, got " + regions);
        }
        regions = Set.copyOf(regions);
        if (method == null || confidence == null || budget == null) {
            throw new LocalizationException("method, confidence and budget are required");
        }
        if (!(l1 >= 0)) {
            throw new LocalizationException("l1 must be >= 0, got " + l1);
        }
        if (scoreLimit < 0) {
            throw new LocalizationException("scoreLimit must be >= 0, got " + scoreLimit);
        }
    }

    /** The paper's defaults at a sparsity: 100 steps, η = 1e7, b = 10, 128 × 8 examples per step, blocks only. */
    public static LocalizationSettings of(double sparsity) {
        return new LocalizationSettings(
                sparsity,
                100,
                1e7,
                10,
                128,
                8,
                ParamRegion.defaults(),
                MaskMethod.GRAFTING,
                1e-5,
                0,
                0,
                64,
                Confidence.SEQUENCE,
                true,
                SparsityBudget.CAP);
    }

    public LocalizationSettings withSparsity(double s) {
        return new LocalizationSettings(
                s,
                steps,
                learningRate,
                sigmoidBias,
                batchSize,
                accumulation,
                regions,
                method,
                l1,
                seed,
                scoreLimit,
                evalBatch,
                confidence,
                progress,
                budget);
    }

    public LocalizationSettings withSteps(int n) {
        return new LocalizationSettings(
                sparsity,
                n,
                learningRate,
                sigmoidBias,
                batchSize,
                accumulation,
                regions,
                method,
                l1,
                seed,
                scoreLimit,
                evalBatch,
                confidence,
                progress,
                budget);
    }

    public LocalizationSettings withLearningRate(double eta) {
        return new LocalizationSettings(
                sparsity,
                steps,
                eta,
                sigmoidBias,
                batchSize,
                accumulation,
                regions,
                method,
                l1,
                seed,
                scoreLimit,
                evalBatch,
                confidence,
                progress,
                budget);
    }

    /** Batches of {@code size} examples, {@code a} of them per step. */
    public LocalizationSettings withBatches(int size, int a) {
        return new LocalizationSettings(
                sparsity,
                steps,
                learningRate,
                sigmoidBias,
                size,
                a,
                regions,
                method,
                l1,
                seed,
                scoreLimit,
                evalBatch,
                confidence,
                progress,
                budget);
    }

    public LocalizationSettings withRegions(Set<ParamRegion> r) {
        return new LocalizationSettings(
                sparsity,
                steps,
                learningRate,
                sigmoidBias,
                batchSize,
                accumulation,
                r.isEmpty() ? r : EnumSet.copyOf(r),
                method,
                l1,
                seed,
                scoreLimit,
                evalBatch,
                confidence,
                progress,
                budget);
    }

    public LocalizationSettings withMethod(MaskMethod m) {
        return new LocalizationSettings(
                sparsity,
                steps,
                learningRate,
                sigmoidBias,
                batchSize,
                accumulation,
                regions,
                m,
                l1,
                seed,
                scoreLimit,
                evalBatch,
                confidence,
                progress,
                budget);
    }

    public LocalizationSettings withL1(double lambda) {
        return new LocalizationSettings(
                sparsity,
                steps,
                learningRate,
                sigmoidBias,
                batchSize,
                accumulation,
                regions,
                method,
                lambda,
                seed,
                scoreLimit,
                evalBatch,
                confidence,
                progress,
                budget);
    }

    public LocalizationSettings withSeed(long s) {
        return new LocalizationSettings(
                sparsity,
                steps,
                learningRate,
                sigmoidBias,
                batchSize,
                accumulation,
                regions,
                method,
                l1,
                s,
                scoreLimit,
                evalBatch,
                confidence,
                progress,
                budget);
    }

    public LocalizationSettings withScoreLimit(int n) {
        return new LocalizationSettings(
                sparsity,
                steps,
                learningRate,
                sigmoidBias,
                batchSize,
                accumulation,
                regions,
                method,
                l1,
                seed,
                n,
                evalBatch,
                confidence,
                progress,
                budget);
    }

    public LocalizationSettings withEvalBatch(int n) {
        return new LocalizationSettings(
                sparsity,
                steps,
                learningRate,
                sigmoidBias,
                batchSize,
                accumulation,
                regions,
                method,
                l1,
                seed,
                scoreLimit,
                n,
                confidence,
                progress,
                budget);
    }

    public LocalizationSettings withConfidence(Confidence c) {
        return new LocalizationSettings(
                sparsity,
                steps,
                learningRate,
                sigmoidBias,
                batchSize,
                accumulation,
                regions,
                method,
                l1,
                seed,
                scoreLimit,
                evalBatch,
                c,
                progress,
                budget);
    }

    public LocalizationSettings withProgress(boolean on) {
        return new LocalizationSettings(
                sparsity,
                steps,
                learningRate,
                sigmoidBias,
                batchSize,
                accumulation,
                regions,
                method,
                l1,
                seed,
                scoreLimit,
                evalBatch,
                confidence,
                on,
                budget);
    }

    /** The same settings with another {@link SparsityBudget}. */
    public LocalizationSettings withBudget(SparsityBudget b) {
        return new LocalizationSettings(
                sparsity,
                steps,
                learningRate,
                sigmoidBias,
                batchSize,
                accumulation,
                regions,
                method,
                l1,
                seed,
                scoreLimit,
                evalBatch,
                confidence,
                progress,
                b);
    }
}
