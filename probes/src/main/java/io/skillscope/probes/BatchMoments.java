package io.skillscope.probes;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.stream.IntStream;

/**
 * The per-neuron statistics of one batch's selected rows {@code [n, F]}: count, mean, centred sum of
 * squares M2, minimum, maximum and histogram counts, each in float64, for {@link StatsCollector} to
 * merge into its running {@link NeuronStats} (Chan et al.).
 *
 * <p>Two reductions give the same statistics up to float64 rounding:
 *
 * <ul>
 *   <li>{@link #onHost} (float32 activations on the CPU): one pass over the activation's memory, read in
 *       place, with per-neuron sums of the deviations from a shift {@code c_j} (the first selected row),
 *       <pre>
 *   S1_j = Σ_i (x_ij − c_j),  S2_j = Σ_i (x_ij − c_j)²,  mean_j = c_j + S1_j / n,  M2_j = S2_j − S1_j² / n
 *       </pre>
 *       (the shifted-data algorithm, Chan, Golub and LeVeque 1983, "Algorithms for computing the sample
 *       variance", §3; with c a data value, M2 ≥ (c − mean)², so the cancellation loses at most
 *       log₂ n bits of float64 — far below float32's resolution). Every {@code x − c} of two float32
 *       values is exact in float64, and rows are summed in blocks of {@link #BLOCK} (cascaded), so the
 *       rounding of S1 and S2 grows with {@code BLOCK + n / BLOCK} rather than n. Minimum and maximum
 *       are taken on the float32 values (exact). Neurons are reduced in tiles of {@link #TILE}, in parallel on
 *       the common fork-join pool (the model's threads are idle while a hook runs).
 *   <li>{@link #onDevice} (GPU, or other dtypes): the two-pass float64 reduction on the model's device
 *       — mean, then Σ (x − mean)² — over all rows, or the selected rows gathered by index.
 * </ul>
 *
 * @param n selected rows
 * @param mean per-neuron mean {@code [F]}
 * @param m2 per-neuron Σ (x − mean)² {@code [F]}
 * @param min per-neuron minimum {@code [F]}
 * @param max per-neuron maximum {@code [F]}
 * @param hist histogram counts {@code [F × slots]}, or null
 */
record BatchMoments(long n, double[] mean, double[] m2, double[] min, double[] max, long[] hist) {

    /** Rows summed into a block's partial sums before they are added to the totals. */
    static final int BLOCK = 64;

    /** Neurons per task of the host reduction: a tile's accumulators (24 bytes a neuron) stay in L1. */
    static final int TILE = 512;

    /**
     * Whether {@link #onHost} reads this activation: float32 on the CPU.
     *
     * @param x the activation
     * @return true for the host reduction
     */
    static boolean hostReadable(NDArray x) {
        return x.getDevice().equals(Device.cpu()) && x.getDataType() == DataType.FLOAT32;
    }

    /**
     * One pass over the selected rows of a float32 CPU activation, read in place (a non-contiguous one is
     * first copied to a contiguous one in {@code scope}).
     *
     * @param x the activation, {@code [B, T, ...]} with {@code rows = B·T}
     * @param rows {@code B·T}
     * @param width neurons per row {@code F}
     * @param mask selected rows {@code [B·T]}, row-major
     * @param n number of true entries of {@code mask}, {@code >= 1}
     * @param absolute statistics of |x|
     * @param histogram the histogram, or null
     * @param scope where a contiguous copy lives
     * @return the batch's statistics
     */
    static BatchMoments onHost(
            NDArray x,
            long rows,
            int width,
            boolean[] mask,
            long n,
            boolean absolute,
            HistogramSpec histogram,
            NDManager scope) {
        NDArray flat = x.reshape(rows, width); // [B·T, F]: a view, or a contiguous copy of a strided x
        flat.attach(scope);
        ByteBuffer bytes = flat.toByteBuffer(true); // the tensor's own memory when contiguous
        FloatBuffer data = bytes.asFloatBuffer();
        if (data.remaining() != rows * width) {
            throw new IllegalStateException("expected " + rows * width + " floats, got " + data.remaining());
        }
        int[] selected = new int[(int) n];
        for (int r = 0, k = 0; r < rows; r++) {
            if (mask[r]) {
                selected[k++] = r;
            }
        }
        double[] mean = new double[width];
        double[] m2 = new double[width];
        double[] min = new double[width];
        double[] max = new double[width];
        long[] hist = histogram == null ? null : new long[width * histogram.slots()];
        int tiles = (width + TILE - 1) / TILE;
        // Column tiles are independent (each writes only its own neurons' entries), so they run in parallel.
        IntStream.range(0, tiles)
                .parallel()
                .forEach(tile -> reduceTile(
                        data,
                        width,
                        tile * TILE,
                        Math.min(width, (tile + 1) * TILE),
                        selected,
                        absolute,
                        histogram,
                        mean,
                        m2,
                        min,
                        max,
                        hist));
        return new BatchMoments(n, mean, m2, min, max, hist);
    }

    /** Neurons {@code [j0, j1)} over the {@code selected} rows, into the output arrays' entries of those neurons. */
    private static void reduceTile(
            FloatBuffer data,
            int width,
            int j0,
            int j1,
            int[] selected,
            boolean absolute,
            HistogramSpec histogram,
            double[] mean,
            double[] m2,
            double[] min,
            double[] max,
            long[] hist) {
        int w = j1 - j0;
        float[] r0 = new float[w];
        float[] r1 = new float[w];
        float[] r2 = new float[w];
        float[] r3 = new float[w];
        double[] shift = new double[w];
        double[] s1 = new double[w];
        double[] s2 = new double[w];
        double[] p1 = new double[w];
        double[] p2 = new double[w];
        float[] lo = new float[w];
        float[] hi = new float[w];
        read(data, selected[0] * width + j0, r0, absolute);
        for (int j = 0; j < w; j++) {
            shift[j] = r0[j];
            lo[j] = r0[j];
            hi[j] = r0[j];
        }
        int n = selected.length;
        int inBlock = 0;
        int i = 0;
        // Four rows at a time: each neuron's accumulators are loaded and stored once per four values.
        for (; i + 4 <= n; i += 4) {
            read(data, selected[i] * width + j0, r0, absolute); // [w]
            read(data, selected[i + 1] * width + j0, r1, absolute); // [w]
            read(data, selected[i + 2] * width + j0, r2, absolute); // [w]
            read(data, selected[i + 3] * width + j0, r3, absolute); // [w]
            for (int j = 0; j < w; j++) { // float only: the JIT vectorises it
                lo[j] = Math.min(lo[j], Math.min(Math.min(r0[j], r1[j]), Math.min(r2[j], r3[j])));
                hi[j] = Math.max(hi[j], Math.max(Math.max(r0[j], r1[j]), Math.max(r2[j], r3[j])));
            }
            for (int j = 0; j < w; j++) {
                float a = r0[j];
                float b = r1[j];
                float c = r2[j];
                float e = r3[j];
                double k = shift[j];
                double da = a - k;
                double db = b - k;
                double dc = c - k;
                double de = e - k;
                p1[j] += (da + db) + (dc + de);
                p2[j] += (da * da + db * db) + (dc * dc + de * de);
            }
            if (histogram != null) {
                for (float[] row : new float[][] {r0, r1, r2, r3}) {
                    count(row, j0, histogram, hist);
                }
            }
            if ((inBlock += 4) >= BLOCK) {
                fold(p1, p2, s1, s2);
                inBlock = 0;
            }
        }
        for (; i < n; i++) {
            read(data, selected[i] * width + j0, r0, absolute); // [w]
            for (int j = 0; j < w; j++) {
                float a = r0[j];
                lo[j] = Math.min(lo[j], a);
                hi[j] = Math.max(hi[j], a);
                double da = a - shift[j];
                p1[j] += da;
                p2[j] += da * da;
            }
            if (histogram != null) {
                count(r0, j0, histogram, hist);
            }
        }
        fold(p1, p2, s1, s2);
        for (int j = 0; j < w; j++) {
            mean[j0 + j] = shift[j] + s1[j] / n;
            // S2 ≥ S1²/n exactly (Cauchy–Schwarz); rounding may cross it only when every x_j is equal
            m2[j0 + j] = Math.max(0.0, s2[j] - s1[j] * s1[j] / n);
            min[j0 + j] = lo[j];
            max[j0 + j] = hi[j];
        }
    }

    /** Adds one row's values of neurons {@code [j0, j0 + row.length)} to their histogram slots. */
    private static void count(float[] row, int j0, HistogramSpec histogram, long[] hist) {
        int slots = histogram.slots();
        double lo = histogram.lo();
        double scale = histogram.bins() / (histogram.hi() - histogram.lo());
        int bins = histogram.bins();
        for (int j = 0; j < row.length; j++) {
            // HistogramSpec.slot: clip(floor((x − lo)·bins/(hi − lo)), −1, bins) + 1, in float64
            double b = Math.floor((row[j] - lo) * scale);
            hist[(j0 + j) * slots + (int) Math.max(-1, Math.min(bins, b)) + 1]++;
        }
    }

    /** {@code row.length} floats from {@code data} at {@code offset}, as |x| when {@code absolute}. */
    private static void read(FloatBuffer data, int offset, float[] row, boolean absolute) {
        data.get(offset, row);
        if (absolute) {
            for (int j = 0; j < row.length; j++) {
                row[j] = Math.abs(row[j]);
            }
        }
    }

    private static void fold(double[] p1, double[] p2, double[] s1, double[] s2) {
        for (int j = 0; j < p1.length; j++) {
            s1[j] += p1[j];
            s2[j] += p2[j];
            p1[j] = 0;
            p2[j] = 0;
        }
    }

    /**
     * The two-pass float64 reduction on the activation's device: the selected rows (all of them without
     * a gather when every row is selected), then mean, Σ (x − mean)², min and max, and the histogram's
     * slots counted on the host.
     *
     * @param x the activation, {@code [B, T, ...]} with {@code rows = B·T}
     * @param rows {@code B·T}
     * @param width neurons per row {@code F}
     * @param mask selected rows {@code [B·T]}, row-major
     * @param n number of true entries of {@code mask}, {@code >= 1}
     * @param absolute statistics of |x|
     * @param histogram the histogram, or null
     * @param scope where every intermediate lives
     * @return the batch's statistics
     */
    static BatchMoments onDevice(
            NDArray x,
            long rows,
            int width,
            boolean[] mask,
            long n,
            boolean absolute,
            HistogramSpec histogram,
            NDManager scope) {
        NDArray flat = x.reshape(rows, width); // [B·T, F]
        flat.attach(scope);
        NDArray sel = flat; // [n, F]
        if (n < rows) {
            long[] idx = new long[(int) n];
            int k = 0;
            for (int r = 0; r < rows; r++) {
                if (mask[r]) {
                    idx[k++] = r;
                }
            }
            sel = flat.get(scope.create(idx)); // [n, F], rows in order
        }
        if (absolute) {
            sel = sel.abs(); // [n, F]
        }
        double[] min = sel.min(new int[] {0}).toType(DataType.FLOAT64, false).toDoubleArray(); // [F], exact
        double[] max = sel.max(new int[] {0}).toType(DataType.FLOAT64, false).toDoubleArray(); // [F], exact
        NDArray xd = sel.toType(DataType.FLOAT64, false); // [n, F]
        NDArray mu = xd.mean(new int[] {0}); // [F]
        NDArray centred = xd.sub(mu); // [n, F]
        double[] m2 = centred.muli(centred).sum(new int[] {0}).toDoubleArray(); // [F]
        long[] hist = histogram == null ? null : histogramOf(xd, width, histogram);
        return new BatchMoments(n, mu.toDoubleArray(), m2, min, max, hist);
    }

    /** Slots computed on the device, counted on the host. */
    private static long[] histogramOf(NDArray sel, int width, HistogramSpec histogram) {
        double scale = histogram.bins() / (histogram.hi() - histogram.lo());
        // slot = clip(floor((x − lo)·scale), −1, bins) + 1; x ≥ hi lands in bins + 1
        NDArray idx = sel.sub(histogram.lo())
                .mul(scale)
                .floor()
                .clip(-1, histogram.bins())
                .add(1)
                .toType(DataType.INT32, false); // [n, F]
        int[] slots = idx.toIntArray();
        long[] counts = new long[width * histogram.slots()];
        int s = histogram.slots();
        for (int i = 0; i < slots.length; i++) {
            counts[(i % width) * s + slots[i]]++;
        }
        return counts;
    }
}
