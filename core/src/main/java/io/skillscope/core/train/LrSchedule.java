package io.skillscope.core.train;

/**
 * A learning-rate schedule: linear warm-up over {@code warmupSteps}, then constant, linear decay or
 * cosine decay to {@code minRatio}·lr at {@code totalSteps}.
 */
public record LrSchedule(Kind kind, int warmupSteps, int totalSteps, double minRatio) {
    /** The decay after warm-up. */
    public enum Kind {
        CONSTANT,
        LINEAR,
        COSINE
    }

    public LrSchedule {
        if (warmupSteps < 0 || totalSteps < 1 || minRatio < 0 || minRatio > 1) {
            throw new IllegalArgumentException(
                    "bad schedule: warmup " + warmupSteps + ", total " + totalSteps + ", minRatio " + minRatio);
        }
    }

    /** Constant learning rate. */
    public static LrSchedule constant() {
        return new LrSchedule(Kind.CONSTANT, 0, 1, 1);
    }

    /** Warm-up then cosine decay to {@code minRatio}. */
    public static LrSchedule cosine(int warmupSteps, int totalSteps, double minRatio) {
        return new LrSchedule(Kind.COSINE, warmupSteps, totalSteps, minRatio);
    }

    /** Multiplier of the base learning rate at a 0-based step. */
    public double factor(int step) {
        if (step < warmupSteps) {
            return (step + 1.0) / warmupSteps;
        }
        if (kind == Kind.CONSTANT) {
            return 1.0;
        }
        double progress = Math.min(1.0, (step - warmupSteps) / (double) Math.max(1, totalSteps - warmupSteps));
        double decay = kind == Kind.LINEAR ? 1 - progress : 0.5 * (1 + Math.cos(Math.PI * progress));
        return minRatio + (1 - minRatio) * decay;
    }
}
