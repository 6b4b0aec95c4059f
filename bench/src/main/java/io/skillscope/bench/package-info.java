/**
 * Benchmark and study programs, each run as {@code skillscope bench NAME} (or by its own {@code main})
 * and printing tables.
 *
 * <ul>
 *   <li>{@link io.skillscope.bench.ForwardBenchmark} ({@code skillscope bench} or {@code bench forward}):
 *       ratios rather than raw times, so that a number means the same on any machine — the forward pass's
 *       achieved FLOP/s against the fp32 matmul rate measured in the same run, and the cost of streaming
 *       hook statistics into the probes module's {@link io.skillscope.probes.StatsCollector} (the collector
 *       {@code skillscope probe} uses) against a plain forward.
 *       With {@code --load N} and {@code --torch SCRIPT} ({@link io.skillscope.bench.ForwardBenchmark#compare}),
 *       each figure is measured idle and under a {@link io.skillscope.bench.BackgroundLoad} (N threads spinning in
 *       a child process the benchmark starts and stops), alternating, beside a PyTorch-eager baseline
 *       ({@link io.skillscope.bench.TorchAnchor}); {@link io.skillscope.bench.LoadComparison} holds the rounds.</li>
 *   <li>{@link io.skillscope.bench.ThreadStudy} ({@code bench threads}): OpenMP wait policy, spin count, intra-
 *       and inter-op threads per workload, each in a fresh JVM, idle and loaded (bench/THREADS.md).</li>
 *   <li>{@link io.skillscope.bench.MethodsBenchmark} ({@code bench methods}): the methods users call, each as a
 *       rate and as a ratio to a plain forward, generation or training step of the same model in the same
 *       run (alternating samples, medians) — the probe, a Neuron Adjust and a KSD generation pass, a
 *       grafting step against a fine-tuning step on the same batch, KV-cache decode against prefill — and
 *       the peak memory of a streamed merge in a child JVM over one model's weights; rows are
 *       {@link io.skillscope.bench.MethodRow}s.</li>
 *   <li>{@link io.skillscope.bench.UnlearningBenchmark} ({@code bench unlearning}): Key Space Detection,
 *       Neuron Adjust and Selective Pruning on a skill-lab model, with the activation-space survey of
 *       {@link io.skillscope.unlearning.KeySpaceSurvey}.</li>
 *   <li>{@link io.skillscope.bench.LocalizationBenchmark} ({@code bench localization}): fine-tune held-out
 *       skills and sweep the grafting sparsity.</li>
 *   <li>{@link io.skillscope.bench.WeightSpaceBenchmark} ({@code bench weight-space}): peak heap and RSS of
 *       streaming skill-vector and merge work.</li>
 *   <li>{@link io.skillscope.bench.MulStudy} ({@code bench mul-study}) and
 *       {@link io.skillscope.bench.CompositionStudy} ({@code bench composition}): the skill lab's studies.</li>
 *   <li>{@link io.skillscope.bench.OrthogonalityControls} ({@code bench orthogonality-controls}): the controls
 *       of PaST's SFT-vs-RL orthogonality over seeds (continued SFT with RL's budget, RL vs RL, SFT vs SFT,
 *       random-subspace angles) and PaST's skill-vector transfer, {@link io.skillscope.bench.SkillTransfer}
 *       (analysis/ORTHOGONALITY.md).</li>
 * </ul>
 */
package io.skillscope.bench;
