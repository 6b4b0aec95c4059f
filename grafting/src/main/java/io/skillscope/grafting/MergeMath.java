package io.skillscope.grafting;

import java.util.BitSet;
import java.util.SplittableRandom;

/**
 * The per-tensor arithmetic of merges on flat arrays, in double precision: task arithmetic, TIES
 * (trim, elect sign, disjoint mean) and DARE (drop and rescale). {@link Merger} streams checkpoints
 * through these one tensor at a time.
 */
public final class MergeMath {
    private MergeMath() {}

    /**
     * TIES trim: keeps the k = ⌈density · n⌉ entries of largest |τ| and zeroes the rest, in place. Ties at
     * the threshold are broken by lower index, so exactly k entries survive.
     *
     * @param tau a task vector tensor, modified
     * @param density the fraction to keep, in (0, 1]
     * @return {@code tau}
     */
    public static double[] trim(double[] tau, double density) {
        int n = tau.length;
        int k = (int) Math.min(n, Math.ceil(density * n - 1e-9));
        if (k >= n) {
            return tau;
        }
        if (k <= 0) {
            java.util.Arrays.fill(tau, 0);
            return tau;
        }
        double[] abs = new double[n];
        for (int i = 0; i < n; i++) {
            abs[i] = Math.abs(tau[i]);
        }
        double threshold = kthLargest(abs, k);
        int above = 0;
        for (double v : tau) {
            if (Math.abs(v) > threshold) {
                above++;
            }
        }
        int ties = k - above;
        for (int i = 0; i < n; i++) {
            double a = Math.abs(tau[i]);
            if (a > threshold) {
                continue;
            }
            if (a == threshold && ties > 0) {
                ties--;
                continue;
            }
            tau[i] = 0;
        }
        return tau;
    }

    /** The k-th largest value (1-based) by quickselect; reorders {@code values}. */
    static double kthLargest(double[] values, int k) {
        int target = values.length - k; // index in ascending order
        int lo = 0;
        int hi = values.length - 1;
        SplittableRandom rng = new SplittableRandom(values.length);
        while (lo < hi) {
            double pivot = values[lo + rng.nextInt(hi - lo + 1)];
            int lt = lo;
            int gt = hi;
            int i = lo;
            while (i <= gt) { // three-way partition: < pivot | == pivot | > pivot
                if (values[i] < pivot) {
                    swap(values, lt++, i++);
                } else if (values[i] > pivot) {
                    swap(values, i, gt--);
                } else {
                    i++;
                }
            }
            if (target < lt) {
                hi = lt - 1;
            } else if (target > gt) {
                lo = gt + 1;
            } else {
                return pivot;
            }
        }
        return values[target];
    }

    private static void swap(double[] a, int i, int j) {
        double t = a[i];
        a[i] = a[j];
        a[j] = t;
    }

    /**
     * TIES sign election: the sign of Σ_t τ̂_t per entry (+1, −1 or 0).
     *
     * @param trimmed the trimmed task vectors of one tensor
     * @return the elected signs
     */
    public static byte[] electSign(double[][] trimmed) {
        int n = trimmed[0].length;
        byte[] sign = new byte[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (double[] t : trimmed) {
                s += t[i];
            }
            sign[i] = (byte) Math.signum(s);
        }
        return sign;
    }

    /**
     * TIES disjoint mean: per entry, the mean of the τ̂_t whose sign equals the elected sign (zeros do
     * not count); 0 where none agrees.
     *
     * @param trimmed the trimmed task vectors
     * @param sign the elected signs
     * @return τ_m
     */
    public static double[] disjointMean(double[][] trimmed, byte[] sign) {
        int n = sign.length;
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            if (sign[i] == 0) {
                continue;
            }
            double sum = 0;
            int count = 0;
            for (double[] t : trimmed) {
                if (t[i] != 0 && Math.signum(t[i]) == sign[i]) {
                    sum += t[i];
                    count++;
                }
            }
            out[i] = count == 0 ? 0 : sum / count;
        }
        return out;
    }

    /**
     * TIES: trim each τ_t (in place), elect signs, disjoint mean.
     *
     * @param taus the task vectors of one tensor, modified by the trim
     * @param density the fraction kept per τ_t
     * @return τ_m
     */
    public static double[] ties(double[][] taus, double density) {
        for (double[] t : taus) {
            trim(t, density);
        }
        return disjointMean(taus, electSign(taus));
    }

    /**
     * DARE's drop pattern: each entry kept independently with probability d, from a stream seeded by the
     * seed, the model index and the tensor name (so the pattern does not depend on reading order).
     *
     * @param seed the merge seed
     * @param model the model index t
     * @param tensor the tensor name
     * @param n the number of entries
     * @param keep d
     * @return the kept indices
     */
    public static BitSet dareKeep(long seed, int model, String tensor, int n, double keep) {
        SplittableRandom rng =
                new SplittableRandom(seed * 0x9E3779B97F4A7C15L + model * 0xBF58476D1CE4E5B9L + tensor.hashCode());
        BitSet kept = new BitSet(n);
        for (int i = 0; i < n; i++) {
            if (rng.nextDouble() < keep) {
                kept.set(i);
            }
        }
        return kept;
    }

    /**
     * DARE drop and rescale in place: τ_i ← τ_i / d where kept, 0 elsewhere.
     *
     * @param tau a task vector tensor, modified
     * @param kept the kept entries
     * @param keep d
     * @return {@code tau}
     */
    public static double[] dropAndRescale(double[] tau, BitSet kept, double keep) {
        for (int i = 0; i < tau.length; i++) {
            tau[i] = kept.get(i) ? tau[i] / keep : 0;
        }
        return tau;
    }
}
