package io.skillscope.core.train;

/**
 * Settings of a training run.
 *
 * @param optimizer SGD or AdamW
 * @param learningRate base learning rate
 * @param momentum SGD momentum (ignored by AdamW)
 * @param beta1 AdamW β₁
 * @param beta2 AdamW β₂
 * @param eps AdamW ε
 * @param weightDecay decay of matrices and embeddings (never of norms and biases)
 * @param clipNorm clip the global gradient norm to this (0 = off)
 * @param accumulation micro-batches per optimizer step
 * @param schedule learning-rate schedule
 * @param l1Lambda strength λ of an L1 pull λ‖θ − θ_start‖₁ towards the starting weights ("sparse
 *     fine-tuning", Panigrahi et al. 2023), 0 = off
 */
public record TrainConfig(
        OptimizerKind optimizer,
        double learningRate,
        double momentum,
        double beta1,
        double beta2,
        double eps,
        double weightDecay,
        double clipNorm,
        int accumulation,
        LrSchedule schedule,
        double l1Lambda) {
    public TrainConfig {
        if (optimizer == null || schedule == null) {
            throw new IllegalArgumentException("optimizer and schedule are required");
        }
        if (!(learningRate > 0)
                || momentum < 0
                || momentum >= 1
                || beta1 < 0
                || beta1 >= 1
                || beta2 < 0
                || beta2 >= 1
                || !(eps > 0)
                || weightDecay < 0
                || clipNorm < 0
                || accumulation < 1
                || l1Lambda < 0) {
            throw new IllegalArgumentException("invalid training settings: " + this);
        }
    }

    /** SGD with the given rate and momentum, no decay, no clipping. */
    public static TrainConfig sgd(double lr, double momentum) {
        return new TrainConfig(OptimizerKind.SGD, lr, momentum, 0.9, 0.999, 1e-8, 0, 0, 1, LrSchedule.constant(), 0);
    }

    /** AdamW with the given rate and weight decay, β = (0.9, 0.999), ε = 1e-8. */
    public static TrainConfig adamW(double lr, double weightDecay) {
        return new TrainConfig(
                OptimizerKind.ADAMW, lr, 0, 0.9, 0.999, 1e-8, weightDecay, 0, 1, LrSchedule.constant(), 0);
    }

    public TrainConfig withSchedule(LrSchedule s) {
        return new TrainConfig(
                optimizer, learningRate, momentum, beta1, beta2, eps, weightDecay, clipNorm, accumulation, s, l1Lambda);
    }

    public TrainConfig withClipNorm(double c) {
        return new TrainConfig(
                optimizer, learningRate, momentum, beta1, beta2, eps, weightDecay, c, accumulation, schedule, l1Lambda);
    }

    public TrainConfig withWeightDecay(double wd) {
        return new TrainConfig(
                optimizer, learningRate, momentum, beta1, beta2, eps, wd, clipNorm, accumulation, schedule, l1Lambda);
    }

    public TrainConfig withAccumulation(int a) {
        return new TrainConfig(
                optimizer, learningRate, momentum, beta1, beta2, eps, weightDecay, clipNorm, a, schedule, l1Lambda);
    }

    public TrainConfig withL1(double lambda) {
        return new TrainConfig(
                optimizer,
                learningRate,
                momentum,
                beta1,
                beta2,
                eps,
                weightDecay,
                clipNorm,
                accumulation,
                schedule,
                lambda);
    }
}
