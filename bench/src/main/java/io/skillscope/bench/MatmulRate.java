package io.skillscope.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * The fp32 matrix-multiply rate of this machine through DJL: the median time of {@code [m, k]·[k, n]}
 * products, as FLOP/s {@code = 2 m k n / time}. The forward pass's achieved FLOP/s is reported as a
 * ratio of this, so the ratio means the same on a laptop and on a server.
 *
 * @param m rows of the left operand
 * @param k inner dimension
 * @param n columns of the right operand
 * @param secondsPerProduct median seconds of one product
 */
public record MatmulRate(int m, int k, int n, double secondsPerProduct) {

    /** Products per timed sample, so that one sample is long enough to time reliably. */
    static final int PRODUCTS_PER_SAMPLE = 8;

    /**
     * Measures the rate on its own (the benchmark instead interleaves {@link Probe} samples with its
     * forward passes, so that changes in the machine's load hit both alike).
     *
     * @param device where to multiply
     * @param m rows of the left operand
     * @param k inner dimension
     * @param n columns of the right operand
     * @param warmup untimed samples first
     * @param samples timed samples (the median is kept)
     * @return the measured rate
     */
    public static MatmulRate measure(Device device, int m, int k, int n, int warmup, int samples) {
        try (Probe probe = new Probe(device, m, k, n)) {
            for (int s = 0; s < warmup; s++) {
                probe.sample();
            }
            long[] nanos = new long[samples];
            for (int s = 0; s < samples; s++) {
                nanos[s] = probe.sample();
            }
            return probe.rate(nanos);
        }
    }

    /** Random operands held on a device, timed on demand. */
    static final class Probe implements AutoCloseable {
        private final NDManager manager;
        private final NDArray a;
        private final NDArray b;
        private final int m;
        private final int k;
        private final int n;

        Probe(Device device, int m, int k, int n) {
            this.manager = NDManager.newBaseManager(device);
            this.a = manager.randomNormal(new Shape(m, k)); // [m, k]
            this.b = manager.randomNormal(new Shape(k, n)); // [k, n]
            this.m = m;
            this.k = k;
            this.n = n;
        }

        /** Nanoseconds for {@link #PRODUCTS_PER_SAMPLE} products, each freed before the next. */
        long sample() {
            long t0 = System.nanoTime();
            for (int i = 0; i < PRODUCTS_PER_SAMPLE; i++) {
                try (NDManager step = manager.newSubManager()) {
                    NDArray c = a.matMul(b); // [m, n]
                    c.attach(step);
                    if (i == PRODUCTS_PER_SAMPLE - 1) {
                        ForwardBenchmark.sync(c);
                    }
                }
            }
            return System.nanoTime() - t0;
        }

        /** The rate from the median of samples. */
        MatmulRate rate(long[] nanos) {
            return new MatmulRate(m, k, n, Timing.medianSeconds(nanos) / PRODUCTS_PER_SAMPLE);
        }

        @Override
        public void close() {
            manager.close();
        }
    }

    /**
     * Operations of one product.
     *
     * @return {@code 2 m k n}
     */
    public double flopsPerProduct() {
        return 2.0 * m * k * n;
    }

    /**
     * The rate.
     *
     * @return FLOP per second
     */
    public double flopsPerSecond() {
        return flopsPerProduct() / secondsPerProduct;
    }

    @Override
    public String toString() {
        return String.format("MatmulRate[[%d×%d]·[%d×%d], %.1f GFLOP/s]", m, k, k, n, flopsPerSecond() / 1e9);
    }
}
