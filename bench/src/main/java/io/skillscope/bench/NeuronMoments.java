package io.skillscope.bench;

import io.skillscope.core.hooks.HookName;

/**
 * Per-neuron count, mean and sum of squared deviations of one hook point's activations over all
 * positions seen.
 *
 * @param hook the hook point
 * @param count positions seen (padding excluded)
 * @param mean per-neuron mean, {@code [F]}
 * @param m2 per-neuron sum of squared deviations from the mean, {@code [F]}
 */
public record NeuronMoments(HookName hook, long count, double[] mean, double[] m2) {

  /**
   * Checks the arrays.
   *
   * @throws IllegalArgumentException if they differ in length or the count is negative
   */
  public NeuronMoments {
    if (mean.length != m2.length) {
      throw new IllegalArgumentException(
          hook + ": mean has " + mean.length + " neurons, m2 has " + m2.length);
    }
    if (count < 0) {
      throw new IllegalArgumentException(hook + ": count must be >= 0, got " + count);
    }
  }

  /**
   * Neurons at the hook point.
   *
   * @return {@code F}
   */
  public int neurons() {
    return mean.length;
  }

  /**
   * Population variance per neuron, {@code M2 / n} (NaN when nothing was seen).
   *
   * @return {@code [F]}
   */
  public double[] variance() {
    double[] v = new double[m2.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = count == 0 ? Double.NaN : m2[i] / count;
    }
    return v;
  }

  @Override
  public String toString() {
    return "NeuronMoments[" + hook + ", " + neurons() + " neurons, n=" + count + "]";
  }
}
