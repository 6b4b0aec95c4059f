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

    /**
     * The TIES trim of one task vector given entry by entry, without a copy: {@link #of} finds the
     * threshold ({@link #kthLargestAbs}) and how many entries equal to it survive, and {@link #apply},
     * called for the entries in index order, keeps the same k entries as {@link #trim} (ties at the
     * threshold to the lower indices).
     */
    public static final class Trim {
        private final boolean all;
        private final boolean none;
        private final double threshold;
        private long ties;

        private Trim(boolean all, boolean none, double threshold, long ties) {
            this.all = all;
            this.none = none;
            this.threshold = threshold;
            this.ties = ties;
        }

        /**
         * @param tau entry i of the task vector (called several times per entry)
         * @param n its length
         * @param density the fraction kept, as in {@link #trim}
         * @return the trim, ready for entry 0
         */
        public static Trim of(java.util.function.IntToDoubleFunction tau, int n, double density) {
            int k = (int) Math.min(n, Math.ceil(density * n - 1e-9));
            if (k >= n || k <= 0) {
                return new Trim(k >= n, k <= 0, 0, 0);
            }
            double threshold = kthLargestAbs(tau, n, k);
            long above = 0;
            for (int i = 0; i < n; i++) {
                if (Math.abs(tau.applyAsDouble(i)) > threshold) {
                    above++;
                }
            }
            return new Trim(false, false, threshold, k - above);
        }

        /**
         * The trimmed value of the next entry.
         *
         * @param v τ_i, for i = 0, 1, 2, … in turn
         * @return v when kept, else 0
         */
        public double apply(double v) {
            if (all) {
                return v;
            }
            if (none) {
                return 0;
            }
            double a = Math.abs(v);
            if (a > threshold) {
                return v;
            }
            if (a == threshold && ties > 0) {
                ties--;
                return v;
            }
            return 0;
        }
    }

    /**
     * The k-th largest |τ_i| (1-based) of a vector given entry by entry, by radix selection on the bits
     * of the non-negative doubles (their order as longs is their order as numbers): four passes over the
     * entries, 16 bits each, and 2^16 counters; no copy of the vector. The same value as
     * {@link #kthLargest} of the absolute values.
     *
     * @param tau entry i
     * @param n the number of entries
     * @param k the rank from the top, 1 ≤ k ≤ n
     * @return the value
     */
    public static double kthLargestAbs(java.util.function.IntToDoubleFunction tau, int n, int k) {
        if (k < 1 || k > n) {
            throw new IllegalArgumentException("k must be in [1, " + n + "], got " + k);
        }
        long rank = n - k; // 0-based index in ascending order
        long prefix = 0;
        long[] counts = new long[1 << 16];
        for (int shift = 48; shift >= 0; shift -= 16) {
            java.util.Arrays.fill(counts, 0);
            long highMask = shift == 48 ? 0 : -1L << (shift + 16);
            for (int i = 0; i < n; i++) {
                long bits = Double.doubleToRawLongBits(Math.abs(tau.applyAsDouble(i)));
                if ((bits & highMask) == prefix) {
                    counts[(int) ((bits >>> shift) & 0xFFFF)]++;
                }
            }
            int digit = 0;
            while (rank >= counts[digit]) {
                rank -= counts[digit];
                digit++;
            }
            prefix |= (long) digit << shift;
        }
        return Double.longBitsToDouble(prefix);
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
