/**
 * Activations in, statistics out: per-neuron streaming statistics of any hook point, read through
 * hooks without ever caching a corpus of activations.
 *
 * <p>The pieces, in the order a user meets them: a {@link io.skillscope.probes.ProbeDataset} (token
 * rows with their prompt lengths, made from skill examples with a {@link io.skillscope.probes.TokenCodec}),
 * {@link io.skillscope.probes.ProbeSettings} (hooks, {@link io.skillscope.probes.PositionMode}, batch
 * size, optional histogram), the {@link io.skillscope.probes.Probe} runner, whose
 * {@link io.skillscope.probes.ProbeResult} maps each hook to mergeable
 * {@link io.skillscope.probes.NeuronStats} and saves as an artifact folder. Then
 * {@link io.skillscope.probes.StatsComparison} (forget − retain differences, top-k neurons, per-layer
 * tables) and {@link io.skillscope.probes.LogisticProbe} (a linear probe with held-out accuracy).
 *
 * <p>Statistics are Welford/Chan: each batch's mean and centred sum of squares are reduced on the
 * model's device in float64 and merged into host {@code double[]} accumulators, so memory is
 * O(hooks × width) whatever the corpus size and shards combine exactly.
 */
package io.skillscope.probes;
