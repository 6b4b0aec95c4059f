/**
 * Benchmarks that print ratios rather than raw times, so that a number means the same on any machine:
 * the forward pass's achieved FLOP/s against the fp32 matmul rate measured in the same run, and the
 * cost of streaming hook statistics against a plain forward.
 *
 * <p>{@link io.skillscope.bench.ForwardBenchmark} is the entry point ({@code skillscope bench}, or its
 * own {@code main}). {@link io.skillscope.bench.NeuronStatsCollector} is the seam where the probes
 * module's collector will replace {@link io.skillscope.bench.StreamingMoments}.
 */
package io.skillscope.bench;
