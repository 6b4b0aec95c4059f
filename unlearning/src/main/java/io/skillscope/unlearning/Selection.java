package io.skillscope.unlearning;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** Pooled top-p% selection over the neurons of several layers (shared by Neuron Adjust and pruning). */
final class Selection {
    private Selection() {}

    /**
     * The top-{@code percent}% value of the pooled scores, as the original code computes it: sort
     * ascending and take index {@code floor(N·(1 − p/100))}, clamped to {@code [0, N − 1]}.
     */
    static double threshold(Map<String, double[]> scores, double percent) {
        int n = 0;
        for (double[] s : scores.values()) {
            n += s.length;
        }
        double[] all = new double[n];
        int k = 0;
        for (double[] s : scores.values()) {
            System.arraycopy(s, 0, all, k, s.length);
            k += s.length;
        }
        Arrays.sort(all);
        int index = (int) Math.floor(n * (1 - percent / 100.0));
        return all[Math.max(0, Math.min(n - 1, index))];
    }

    /** Per hook, the sorted indices whose score is at or above the threshold. */
    static Map<String, int[]> atOrAbove(Map<String, double[]> scores, double threshold) {
        Map<String, int[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, double[]> e : scores.entrySet()) {
            double[] s = e.getValue();
            int[] idx = java.util.stream.IntStream.range(0, s.length)
                    .filter(i -> s[i] >= threshold)
                    .toArray();
            out.put(e.getKey(), idx);
        }
        return out;
    }
}
