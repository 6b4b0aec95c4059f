package io.skillscope.bench;

import java.util.Arrays;

/** Wall-clock helpers: medians of {@link System#nanoTime()} samples. */
final class Timing {
    private Timing() {}

    /** The median of samples in nanoseconds, in seconds (the mean of the middle two for even counts). */
    static double medianSeconds(long[] nanos) {
        if (nanos.length == 0) {
            throw new IllegalArgumentException("no samples");
        }
        long[] s = nanos.clone();
        Arrays.sort(s);
        int mid = s.length / 2;
        double median = s.length % 2 == 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2.0;
        return median / 1e9;
    }
}
