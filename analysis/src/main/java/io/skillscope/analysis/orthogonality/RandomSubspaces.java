package io.skillscope.analysis.orthogonality;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The principal-angle level of unrelated updates: the mean principal angle between the top-k left
 * singular subspaces of two independent Gaussian m × n matrices (docs/methods.md §3), the number a
 * measured mean angle between two real updates of an m × n tensor must be read against.
 *
 * <p>By the rotational invariance of the Gaussian, the top-k left singular subspace of an m × n Gaussian
 * matrix is uniformly distributed on the Grassmannian of k-planes in ℝᵐ, so the level depends on m and
 * k only (n ≥ k). Two uniform k-planes have cos²θ_i distributed as the eigenvalues of a matrix-variate
 * Beta(k/2, (m − k)/2); for k = 1 the angle θ has density ∝ sin^{m−2}θ on [0, π/2]. Exact values: m = 2,
 * k = 1 gives E θ = 45°; m = 3, k = 1 gives |cos θ| uniform on [0, 1] (Archimedes) and
 * E θ = ∫₀¹ arccos u du = 1 rad = 57.30°; k = m gives 0°; and the mean tends to 90° as m/k grows (k = 8
 * gives about 78° in ℝ¹²⁸ and 83° in ℝ³⁵²). A measured mean angle <em>below</em> this level means the two
 * updates share directions beyond chance; one at the level means they are as unrelated as two random
 * updates.
 *
 * @param rows    m, the dimension of the subspaces' space (the matrix's row count)
 * @param cols    n, the matrix's column count
 * @param rank    k, the subspace dimension (capped at min(m, n))
 * @param draws   the number of independent pairs drawn
 * @param means   the mean principal angle of each pair, degrees
 */
public record RandomSubspaces(int rows, int cols, int rank, int draws, double[] means) {
    /** Validates the sizes and copies the draws. */
    public RandomSubspaces {
        if (rows < 1 || cols < 1 || rank < 1 || draws < 1 || means.length != draws) {
            throw new IllegalArgumentException("need rows, cols, rank, draws >= 1 and one mean per draw, got rows="
                    + rows + ", cols=" + cols + ", rank=" + rank + ", draws=" + draws + ", means=" + means.length);
        }
        means = means.clone();
    }

    /**
     * Draws {@code draws} pairs of independent m × n standard Gaussian matrices and measures the mean
     * principal angle between their top-k left singular subspaces, exactly as {@link
     * PrincipalAngles#ofTopSingular(double[][], double[][], int)} measures two updates.
     *
     * @param rows  m
     * @param cols  n
     * @param rank  k (the comparison's rank; capped at min(m, n) as the SVD caps it)
     * @param draws pairs to draw (≥ 1)
     * @param seed  the seed; the same arguments give the same numbers
     * @return the draws' mean angles
     */
    public static RandomSubspaces ofTopSingular(int rows, int cols, int rank, int draws, long seed) {
        if (rows < 1 || cols < 1 || rank < 1 || draws < 1) {
            throw new IllegalArgumentException("need rows, cols, rank and draws >= 1, got " + rows + "x" + cols
                    + ", rank " + rank + ", draws " + draws);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        double[] means = new double[draws];
        for (int d = 0; d < draws; d++) {
            double[][] a = gaussian(rows, cols, rng); // [m, n]
            double[][] b = gaussian(rows, cols, rng); // [m, n]
            means[d] = PrincipalAngles.ofTopSingular(a, b, rank).meanDegrees();
        }
        return new RandomSubspaces(rows, cols, Math.min(rank, Math.min(rows, cols)), draws, means);
    }

    /**
     * Draws {@code draws} pairs of uniformly random k-planes of ℝᵐ directly (the spans of m × k Gaussian
     * matrices), the same distribution as {@link #ofTopSingular} at a fraction of the cost.
     *
     * @param dim   m
     * @param rank  k ≤ m
     * @param draws pairs to draw
     * @param seed  the seed
     * @return the draws' mean angles (cols is reported as k)
     */
    public static RandomSubspaces ofSpans(int dim, int rank, int draws, long seed) {
        if (dim < 1 || rank < 1 || rank > dim || draws < 1) {
            throw new IllegalArgumentException(
                    "need 1 <= rank <= dim and draws >= 1, got dim " + dim + ", rank " + rank + ", draws " + draws);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        double[] means = new double[draws];
        for (int d = 0; d < draws; d++) {
            means[d] = PrincipalAngles.ofSpans(gaussian(dim, rank, rng), gaussian(dim, rank, rng))
                    .meanDegrees();
        }
        return new RandomSubspaces(dim, rank, rank, draws, means);
    }

    /**
     * The random level of a set of measured rows: for each row with principal angles (an m × n matrix
     * compared at k = its number of angles), the mean angle of random top-k subspaces of that shape,
     * averaged over the rows the way {@link GroupSummary#meanAngleDegrees()} averages the measured angles.
     * Shapes repeat across layers, so each distinct (m, n, k) is drawn once.
     *
     * @param rows  the comparison's rows
     * @param draws pairs per distinct shape
     * @param seed  the seed of every shape's draws
     * @return the mean random angle in degrees; NaN if no row has angles
     */
    public static double levelOver(List<TensorComparison> rows, int draws, long seed) {
        Map<List<Integer>, Double> byShape = new HashMap<>();
        double sum = 0;
        int n = 0;
        for (TensorComparison r : rows) {
            if (r.angles().isEmpty()) {
                continue;
            }
            int[] s = r.shape(); // [m, n]
            int k = r.angles().count();
            sum += byShape.computeIfAbsent(
                    List.of(s[0], s[1], k),
                    key -> ofTopSingular(s[0], s[1], k, draws, seed).meanDegrees());
            n++;
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    private static double[][] gaussian(int rows, int cols, SplittableRandom rng) {
        double[][] m = new double[rows][cols];
        for (double[] row : m) {
            for (int j = 0; j < cols; j++) {
                row[j] = normal(rng);
            }
        }
        return m;
    }

    private static double normal(SplittableRandom rng) {
        // Box–Muller, one of the pair.
        double u1 = 1.0 - rng.nextDouble();
        double u2 = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    /** A copy of each draw's mean angle, degrees. */
    @Override
    public double[] means() {
        return means.clone();
    }

    /** The mean over draws of the mean principal angle, degrees. */
    public double meanDegrees() {
        return Arrays.stream(means).average().orElseThrow();
    }

    /** The sample standard deviation over draws (ddof 1), degrees; NaN for one draw. */
    public double sdDegrees() {
        if (draws < 2) {
            return Double.NaN;
        }
        double m = meanDegrees();
        double ss = 0;
        for (double v : means) {
            ss += (v - m) * (v - m);
        }
        return Math.sqrt(ss / (draws - 1));
    }

    /** The smallest draw, degrees. */
    public double minDegrees() {
        return Arrays.stream(means).min().orElseThrow();
    }

    /** The largest draw, degrees. */
    public double maxDegrees() {
        return Arrays.stream(means).max().orElseThrow();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RandomSubspaces r
                && r.rows == rows
                && r.cols == cols
                && r.rank == rank
                && Arrays.equals(r.means, means);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(means) + rows * 7 + cols * 3 + rank;
    }

    /** {@code RandomSubspaces[k=8 of 128x352, 5 draws: 78.1° ± 0.4 (77.6–78.6)]}. */
    @Override
    public String toString() {
        return String.format(
                Locale.ROOT,
                "RandomSubspaces[k=%d of %dx%d, %d draws: %.1f° ± %.1f (%.1f–%.1f)]",
                rank,
                rows,
                cols,
                draws,
                meanDegrees(),
                sdDegrees(),
                minDegrees(),
                maxDegrees());
    }
}
