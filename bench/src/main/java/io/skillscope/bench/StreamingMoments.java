package io.skillscope.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import io.skillscope.core.hooks.HookContext;
import io.skillscope.core.hooks.HookName;
import io.skillscope.core.hooks.HookSession;
import io.skillscope.core.model.TokenBatch;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The simplest {@link NeuronStatsCollector}: per hook call, the per-neuron sum and sum of squares over
 * the batch and position axes are computed on the device, copied to the host in one transfer
 * ({@code [2, F]} floats), and merged into double accumulators ({@link RunningMoments}). Padding
 * positions are zeroed before summing and not counted. Nothing of the activation is kept.
 */
public final class StreamingMoments implements NeuronStatsCollector {
  private static final int[] BATCH_AND_POSITION = {0, 1};

  private final Map<HookName, RunningMoments> moments = new TreeMap<>();

  @Override
  public void attach(HookSession session, Collection<HookName> hooks) {
    for (HookName hook : hooks) {
      session.read(hook, this::accept);
    }
  }

  private void accept(NDArray x, HookContext ctx) {
    Shape shape = x.getShape(); // [B, T, F]
    if (shape.dimension() != 3) {
      throw new IllegalArgumentException(
          ctx.name() + ": expected an activation [B, T, F], got " + shape);
    }
    int f = Math.toIntExact(shape.get(2));
    TokenBatch batch = ctx.batch();
    long valid = validPositions(batch);
    boolean padded = valid < (long) batch.batchSize() * batch.length();
    NDArray mask = padded ? mask(batch, ctx) : null; // [B, T, 1]
    NDArray masked = padded ? x.mul(mask) : null; // [B, T, F]
    NDArray in = padded ? masked : x; // [B, T, F]
    NDArray squared = in.square(); // [B, T, F]
    NDArray sums = in.sum(BATCH_AND_POSITION); // [F]
    NDArray squares = squared.sum(BATCH_AND_POSITION); // [F]
    NDArray both = NDArrays.stack(new NDList(sums, squares)); // [2, F]
    float[] host = both.toFloatArray();
    for (NDArray a : new NDArray[] {mask, masked, squared, sums, squares, both}) {
      if (a != null) {
        a.close();
      }
    }
    synchronized (moments) {
      RunningMoments m = moments.computeIfAbsent(ctx.name(), k -> new RunningMoments(f));
      if (m.neurons() != f) {
        throw new IllegalArgumentException(
            ctx.name() + ": width changed from " + m.neurons() + " to " + f);
      }
      m.merge(valid, host);
    }
  }

  private static long validPositions(TokenBatch batch) {
    long n = 0;
    for (int b = 0; b < batch.batchSize(); b++) {
      for (int t = 0; t < batch.length(); t++) {
        n += batch.valid(b, t) ? 1 : 0;
      }
    }
    return n;
  }

  private static NDArray mask(TokenBatch batch, HookContext ctx) {
    float[] m = new float[batch.batchSize() * batch.length()];
    for (int b = 0; b < batch.batchSize(); b++) {
      for (int t = 0; t < batch.length(); t++) {
        m[b * batch.length() + t] = batch.valid(b, t) ? 1f : 0f;
      }
    }
    return ctx.manager().create(m, new Shape(batch.batchSize(), batch.length(), 1)); // [B, T, 1]
  }

  @Override
  public Map<HookName, NeuronMoments> snapshot() {
    Map<HookName, NeuronMoments> out = new LinkedHashMap<>();
    synchronized (moments) {
      for (Map.Entry<HookName, RunningMoments> e : moments.entrySet()) {
        RunningMoments m = e.getValue();
        out.put(e.getKey(), new NeuronMoments(e.getKey(), m.count(), m.mean(), m.m2()));
      }
    }
    return out;
  }

  @Override
  public String toString() {
    synchronized (moments) {
      long n = moments.values().stream().mapToLong(RunningMoments::count).max().orElse(0);
      return "StreamingMoments[" + moments.size() + " hooks, up to " + n + " positions]";
    }
  }
}
