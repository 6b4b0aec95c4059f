package io.skillscope.bench;

import io.skillscope.localization.LocalizationException;
import io.skillscope.localization.Predictions;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * One length of the fine-tune grid of {@code bench localization --ft-steps 30,60,120} and θ_ft's predictions
 * on the <b>dev</b> split after that many steps. {@link #choose} picks the length on dev only (issue 14: no
 * setting is chosen by looking at test): the shortest fine-tune whose dev accuracy reaches the bar (e.g.
 * 0.95, "the skill is learned"), else the fine-tune most accurate on dev, ties going to the shorter. The
 * record holds no test predictions, so no test number can enter the choice; θ_ft's test accuracy is scored
 * afterwards for the chosen length only.
 *
 * <p>The lengths share one run: the fine-tune of n steps is the first n steps of the longest one (the same
 * seed draws the same batches, and the learning rate is constant), saved when it reaches n.
 *
 * @param steps SGD (or AdamW) steps
 * @param dev θ_ft's predictions on the dev items after {@code steps} steps
 */
record FineTuneLength(int steps, Predictions dev) {
    /** Validates. */
    FineTuneLength {
        if (steps < 1 || dev == null) {
            throw new LocalizationException("a fine-tune length needs steps >= 1 and dev predictions, got " + steps);
        }
    }

    /**
     * The length chosen on dev: the fewest steps whose dev accuracy is at least {@code bar}; when none
     * reaches it, the most accurate on dev, ties going to fewer steps.
     *
     * @param grid one entry per length, any order
     * @param bar e.g. 0.95
     * @return the chosen entry
     * @throws LocalizationException when the grid is empty or has no dev items to choose on
     */
    static FineTuneLength choose(List<FineTuneLength> grid, double bar) {
        if (grid.isEmpty()) {
            throw new LocalizationException("--ft-steps: no fine-tune length to choose from");
        }
        if (grid.stream().anyMatch(g -> g.dev().size() == 0)) {
            throw new LocalizationException("--ft-steps with several lengths chooses on the dev split, which is"
                    + " empty (give it dev examples, e.g. --dev 64)");
        }
        return grid.stream()
                .filter(g -> g.dev().accuracy() >= bar)
                .min(Comparator.comparingInt(FineTuneLength::steps))
                .orElseGet(() -> grid.stream()
                        .max(Comparator.comparingDouble(
                                        (FineTuneLength g) -> g.dev().accuracy())
                                .thenComparing(g -> -g.steps()))
                        .orElseThrow());
    }

    /**
     * The rule that chose {@link #choose}'s entry, for reports.
     *
     * @param chosen the chosen entry
     * @param bar the bar of the choice
     * @return one line
     */
    static String rule(FineTuneLength chosen, double bar) {
        return chosen.dev().accuracy() >= bar
                ? String.format(Locale.ROOT, "chosen on dev: the shortest fine-tune whose dev accuracy is >= %.2f", bar)
                : String.format(
                        Locale.ROOT,
                        "chosen on dev: no fine-tune reaches dev accuracy %.2f; the most accurate on dev",
                        bar);
    }

    /**
     * Parses {@code --ft-steps}: one or more positive step counts, comma-separated, returned ascending
     * without repeats.
     *
     * @param value e.g. {@code 30,60,120}
     * @return the lengths, ascending
     * @throws LocalizationException naming the flag and the value when a count is not a positive integer
     */
    static int[] parse(String value) {
        try {
            int[] steps = Arrays.stream(value.split(","))
                    .map(String::trim)
                    .mapToInt(Integer::parseInt)
                    .sorted()
                    .distinct()
                    .toArray();
            if (steps.length == 0 || steps[0] < 1) {
                throw new NumberFormatException();
            }
            return steps;
        } catch (NumberFormatException e) {
            throw new LocalizationException(
                    "--ft-steps must be positive step counts separated by commas (e.g. 30,60,120), got " + value);
        }
    }

    /**
     * Every length's final training loss and dev accuracy, the chosen one marked (no test number).
     *
     * @param grid the entries in step order
     * @param losses each entry's last training loss, same order
     * @param chosen the chosen entry
     * @return lines ending in a newline
     */
    static String table(List<FineTuneLength> grid, double[] losses, FineTuneLength chosen) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "  %6s %10s %8s%n", "steps", "loss", "devFt"));
        for (int i = 0; i < grid.size(); i++) {
            FineTuneLength g = grid.get(i);
            sb.append(String.format(
                    Locale.ROOT,
                    "  %6d %10.4f %8.3f%s%n",
                    g.steps(),
                    losses[i],
                    g.dev().accuracy(),
                    g == chosen ? "  <- chosen on dev" : ""));
        }
        return sb.toString();
    }
}
