package io.skillscope.reports.results;

import java.util.Objects;

/**
 * What one training run did, for a table beside the analysis that uses its weights.
 *
 * @param label       how reports name the run, e.g. {@code SFT (seed 1)}
 * @param stage       {@code SFT}, {@code RL}, ...
 * @param start       the model it started from
 * @param seed        its seed
 * @param steps       optimizer steps (RL: rounds)
 * @param finalLoss   mean loss over the last steps
 * @param accuracy    exact-match accuracy on the evaluation set after training
 * @param firstReward RL: mean reward of the first round; NaN otherwise
 * @param lastReward  RL: mean reward of the last round; NaN otherwise
 * @param seconds     wall time of the run
 */
public record TrainingRun(
        String label,
        String stage,
        String start,
        long seed,
        int steps,
        double finalLoss,
        double accuracy,
        double firstReward,
        double lastReward,
        double seconds) {
    /** Validates the names and step count. */
    public TrainingRun {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(start, "start");
        if (steps < 0) {
            throw new IllegalArgumentException("run " + label + ": steps must be >= 0, got " + steps);
        }
    }
}
