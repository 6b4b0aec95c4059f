package io.skillscope.bench;

import io.skillscope.core.hooks.HookName;
import io.skillscope.core.hooks.HookSession;
import java.util.Collection;
import java.util.Map;

/**
 * Streams activations at hook points into per-neuron statistics without keeping any tensor: the
 * operation whose cost {@link ForwardBenchmark} measures. The probes module's collector will implement
 * this too and replace {@link StreamingMoments} here.
 *
 * <pre>{@code
 * NeuronStatsCollector stats = new StreamingMoments();
 * try (HookSession hooks = model.hooks()) {
 *   stats.attach(hooks, HookName.allLayers(HookSite.MLP_POST, model.config().numLayers()));
 *   for (TokenBatch batch : batches) { ... model.forward(step, batch) ... }
 * }
 * NeuronMoments keys0 = stats.snapshot().get(HookName.block(0, HookSite.MLP_POST));
 * }</pre>
 */
public interface NeuronStatsCollector {

  /**
   * Adds a reader at each hook point to a session; every later pass with the session open folds its
   * activations ({@code [B, T, F]}, statistics over the last axis's neurons) into the statistics.
   *
   * @param session an open hook session of the model
   * @param hooks the hook points
   */
  void attach(HookSession session, Collection<HookName> hooks);

  /**
   * The statistics gathered so far, as plain arrays (a copy; later passes do not change it).
   *
   * @return per hook point that has fired, in hook order
   */
  Map<HookName, NeuronMoments> snapshot();
}
