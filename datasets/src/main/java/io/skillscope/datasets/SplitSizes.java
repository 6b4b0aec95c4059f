package io.skillscope.datasets;

/**
 * How many examples each split gets, per skill.
 *
 * @param train training examples, at least 0
 * @param dev development examples, at least 0
 * @param test test examples, at least 0
 */
public record SplitSizes(int train, int dev, int test) {

    /** Validates that no size is negative and that at least one is positive. */
    public SplitSizes {
        if (train < 0 || dev < 0 || test < 0 || (long) train + dev + test == 0) {
            throw new IllegalArgumentException("SplitSizes must be non-negative with a positive total, were train="
                    + train + ", dev=" + dev + ", test=" + test);
        }
        if ((long) train + dev + test > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "SplitSizes total must fit in an int, were train=" + train + ", dev=" + dev + ", test=" + test);
        }
    }

    /** The size of one split. */
    public int get(Split split) {
        return switch (split) {
            case TRAIN -> train;
            case DEV -> dev;
            case TEST -> test;
        };
    }

    /** train + dev + test. */
    public int total() {
        return train + dev + test;
    }
}
