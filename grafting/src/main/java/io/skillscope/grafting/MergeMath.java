package io.skillscope.grafting;

import java.util.Arrays;
import java.util.BitSet;
import java.util.SplittableRandom;
import java.util.function.IntToDoubleFunction;
import java.util.function.ObjIntConsumer;

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
            Arrays.fill(tau, 0);
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
     * A vector handed over chunk by chunk: each call of {@link #forEach} gives the sink every entry once,
     * in index order, as {@code values[0..count)} of arrays valid only during the call. A tensor too
     * large to hold is read this way, as many times as a computation needs passes.
     */
    @FunctionalInterface
    public interface Entries {
        /**
         * One pass over the entries.
         *
         * @param sink receives the chunks in order
         */
        void forEach(ObjIntConsumer<double[]> sink);

        /**
         * The entries of a function of the index, in chunks of 2^16.
         *
         * @param tau entry i
         * @param n the number of entries
         * @return the entries
         */
        static Entries of(IntToDoubleFunction tau, int n) {
            return sink -> {
                double[] chunk = new double[Math.min(n, 1 << 16)];
                for (int from = 0; from < n; from += chunk.length) {
                    int count = Math.min(chunk.length, n - from);
                    for (int i = 0; i < count; i++) {
                        chunk[i] = tau.applyAsDouble(from + i);
                    }
                    sink.accept(chunk, count);
                }
            };
        }
    }

    /**
     * The k-th largest |τ_i| and how many entries exceed it.
     *
     * @param value the k-th largest |τ_i|
     * @param above the number of entries with |τ_i| &gt; value (fewer than k; the rest of the k equal it)
     */
    public record Threshold(double value, long above) {}

    /**
     * The TIES trim of one task vector given chunk by chunk, without a copy: {@link #of} finds the
     * threshold ({@link #kthLargestAbs(Entries, long, long, int)}) and how many entries equal to it
     * survive, and {@link #apply}, called for the entries in index order, keeps the same k entries as
     * {@link #trim} (ties at the threshold to the lower indices), however the entries were chunked.
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
         * @param tau the task vector (several passes are made over it)
         * @param n its length
         * @param density the fraction kept, as in {@link #trim}
         * @param gather the most candidates held at once to finish the selection by a sort (0: radix passes
         *     only); 8 bytes each
         * @return the trim, ready for entry 0
         */
        public static Trim of(Entries tau, long n, double density, int gather) {
            long k = (long) Math.min(n, Math.ceil(density * n - 1e-9));
            if (k >= n || k <= 0) {
                return new Trim(k >= n, k <= 0, 0, 0);
            }
            Threshold t = kthLargestAbs(tau, n, k, gather);
            return new Trim(false, false, t.value(), k - t.above());
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
     * The k-th largest |τ_i| (1-based) of a vector given entry by entry. The same value as
     * {@link #kthLargest} of the absolute values.
     *
     * @param tau entry i
     * @param n the number of entries
     * @param k the rank from the top, 1 ≤ k ≤ n
     * @return the value
     */
    public static double kthLargestAbs(IntToDoubleFunction tau, int n, int k) {
        return kthLargestAbs(Entries.of(tau, n), n, k, 0).value();
    }

    /**
     * The k-th largest |τ_i| (1-based) of a vector given chunk by chunk, by radix selection on the bits of
     * the non-negative doubles (their order as longs is their order as numbers): up to four passes over
     * the entries, 16 bits each, with 2^16 counters, and no copy of the vector. After a pass, once at most
     * {@code gather} entries share the bits chosen so far, one more pass collects those entries and a sort
     * finishes the selection. Entries above the value are counted on the way: at the first 16 bits where
     * an entry's bits leave the chosen prefix, a larger digit puts it above. Exact, whatever the chunking.
     *
     * @param tau the entries
     * @param n the number of entries
     * @param k the rank from the top, 1 ≤ k ≤ n
     * @param gather the most entries collected for the final sort (0: radix passes only)
     * @return the value and how many entries exceed it
     */
    public static Threshold kthLargestAbs(Entries tau, long n, long k, int gather) {
        if (k < 1 || k > n) {
            throw new IllegalArgumentException("k must be in [1, " + n + "], got " + k);
        }
        long rank = n - k; // 0-based index in ascending order
        long prefix = 0;
        long above = 0;
        long[] counts = new long[1 << 16];
        for (int shift = 48; shift >= 0; shift -= 16) {
            Arrays.fill(counts, 0);
            long highMask = shift == 48 ? 0 : -1L << (shift + 16);
            long high = prefix;
            int s = shift;
            tau.forEach((v, count) -> {
                for (int i = 0; i < count; i++) {
                    long bits = Double.doubleToRawLongBits(Math.abs(v[i]));
                    if ((bits & highMask) == high) {
                        counts[(int) ((bits >>> s) & 0xFFFF)]++;
                    }
                }
            });
            int digit = 0;
            while (rank >= counts[digit]) {
                rank -= counts[digit];
                digit++;
            }
            for (int d = digit + 1; d < counts.length; d++) {
                above += counts[d];
            }
            prefix |= (long) digit << shift;
            if (shift > 0 && counts[digit] <= gather) {
                long[] candidates = new long[(int) counts[digit]];
                long mask = -1L << shift;
                long chosen = prefix;
                int[] at = {0};
                tau.forEach((v, count) -> {
                    for (int i = 0; i < count; i++) {
                        long bits = Double.doubleToRawLongBits(Math.abs(v[i]));
                        if ((bits & mask) == chosen) {
                            candidates[at[0]++] = bits;
                        }
                    }
                });
                Arrays.sort(candidates);
                long value = candidates[(int) rank];
                int greater = candidates.length;
                while (greater > 0 && candidates[greater - 1] > value) {
                    greater--;
                }
                return new Threshold(Double.longBitsToDouble(value), above + candidates.length - greater);
            }
        }
        return new Threshold(Double.longBitsToDouble(prefix), above);
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
        DareDraws draws = new DareDraws(seed, model, tensor, keep);
        boolean[] chunk = new boolean[Math.min(n, 1 << 16)];
        BitSet kept = new BitSet(n);
        for (int from = 0; from < n; from += chunk.length) {
            int count = Math.min(chunk.length, n - from);
            draws.next(chunk, count);
            for (int i = 0; i < count; i++) {
                if (chunk[i]) {
                    kept.set(from + i);
                }
            }
        }
        return kept;
    }

    /**
     * DARE's drop pattern of one model and tensor drawn chunk by chunk, entry 0 first: the draws of
     * {@link #dareKeep}, so a tensor merged in chunks drops the same entries as one merged whole.
     * {@link #restart} begins again at entry 0 for another pass.
     */
    public static final class DareDraws {
        private final long seed;
        private final double keep;
        private SplittableRandom rng;

        /**
         * @param seed the merge seed
         * @param model the model index t
         * @param tensor the tensor name
         * @param keep d
         */
        public DareDraws(long seed, int model, String tensor, double keep) {
            this.seed = seed * 0x9E3779B97F4A7C15L + model * 0xBF58476D1CE4E5B9L + tensor.hashCode();
            this.keep = keep;
            restart();
        }

        /** Goes back to entry 0. */
        public void restart() {
            rng = new SplittableRandom(seed);
        }

        /**
         * Whether each of the next {@code count} entries is kept.
         *
         * @param kept receives the draws in {@code [0, count)}
         * @param count how many entries
         */
        public void next(boolean[] kept, int count) {
            for (int i = 0; i < count; i++) {
                kept[i] = rng.nextDouble() < keep;
            }
        }
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
