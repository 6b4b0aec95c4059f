/**
 * skillscope beyond one machine: probing, evaluation and sweeps as Apache Spark jobs.
 *
 * <ul>
 *   <li>{@link io.skillscope.spark.DistributedProbe}: a JSONL corpus (any Hadoop-FS path) is split into
 *       whole batches; each executor loads the model once per JVM ({@link io.skillscope.spark.ModelCache})
 *       and runs its rows through {@link io.skillscope.probes.Probe} (the one {@code StatsCollector} of
 *       {@code skillscope probe}); the driver merges the partial statistics ({@link
 *       io.skillscope.probes.NeuronStats#merge}: Chan et al.'s parallel mean and M2, exact counts, minima,
 *       maxima and histograms) and writes the folder {@code skillscope probe} writes.
 *   <li>{@link io.skillscope.spark.DistributedEval}: exact-match accuracy over partitions, counts summed.
 *   <li>{@link io.skillscope.spark.DistributedSweep}: every point of a {@code localize} or {@code unlearn}
 *       grid ({@link io.skillscope.spark.SweepGrid}) is one task that runs the command into its own
 *       all-or-nothing folder under one root; the driver writes {@code index.html}.
 *   <li>{@link io.skillscope.spark.NeuronAdjustJob}, {@link io.skillscope.spark.KsdJob}: Neuron Adjust's and
 *       Key Space Detection's statistics as distributed probes ({@link io.skillscope.spark.RowForm}: the
 *       rows the single-machine fit reads), the intervention built on the driver (KSD's h calibrated there).
 *   <li>{@link io.skillscope.spark.OrthogonalitySweep}: the training-free orthogonality study over
 *       checkpoints, one task per (pair of updates, seed).
 *   <li>{@link io.skillscope.spark.SparkMain}: the {@code skillscope-spark} command and the job jar's main
 *       class for {@code spark-submit}.
 * </ul>
 *
 * <p>What travels between JVMs is plain: lines of text, serializable records of arrays ({@link
 * io.skillscope.spark.PartialStats}), never an NDArray. Optional: the {@code skillscope} command line does
 * not carry Spark.
 */
package io.skillscope.spark;
