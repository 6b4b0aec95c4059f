/**
 * Benchmarks that print ratios rather than raw times, so that a number means the same on any machine:
 * the forward pass's achieved FLOP/s against the fp32 matmul rate measured in the same run, and the
 * cost of streaming hook statistics against a plain forward.
 *
 * <p>{@link io.skillscope.bench.ForwardBenchmark} is the entry point ({@code skillscope bench}, or its
 * own {@code main}). Its hooked pass streams into the probes module's
 * {@link io.skillscope.probes.StatsCollector}, the collector {@code skillscope probe} uses.
 */
package io.skillscope.bench;
