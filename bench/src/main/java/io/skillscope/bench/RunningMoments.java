package io.skillscope.bench;

/**
 * Per-neuron running count, mean and M2 in doubles, merged one batch at a time with the parallel
 * update of Chan, Golub and LeVeque (1979), "Updating formulae and a pairwise algorithm for computing
 * sample variances": for a batch with {@code n_b} positions, sum {@code s} and sum of squares
 * {@code q}, its mean is {@code m_b = s / n_b} and {@code M2_b = q - n_b m_b²}; merged into
 * {@code (n, m, M2)}:
 *
 * <pre>
 * δ = m_b - m,   n' = n + n_b,   m' = m + δ n_b / n',   M2' = M2 + M2_b + δ² n n_b / n'
 * </pre>
 *
 * The batch's own {@code M2_b} comes from float32 sums, so it loses precision when a neuron's mean is
 * much larger than its spread within one batch; merging across batches is exact in doubles.
 */
final class RunningMoments {
  private final double[] mean;
  private final double[] m2;
  private long count;

  RunningMoments(int neurons) {
    mean = new double[neurons];
    m2 = new double[neurons];
  }

  int neurons() {
    return mean.length;
  }

  /**
   * Merges one batch given by per-neuron sums and sums of squares over {@code n} positions.
   *
   * @param n positions in the batch
   * @param sumsAndSquares {@code [2, F]} row-major: the sums over positions, then the sums of squares
   */
  void merge(long n, float[] sumsAndSquares) {
    int f = mean.length;
    if (sumsAndSquares.length != 2 * f) {
      throw new IllegalArgumentException(
          "expected [2, " + f + "] = " + 2 * f + " values, got " + sumsAndSquares.length);
    }
    if (n == 0) {
      return;
    }
    long total = count + n;
    for (int i = 0; i < f; i++) {
      double s = sumsAndSquares[i];
      double batchMean = s / n;
      double batchM2 = Math.max(0.0, sumsAndSquares[f + i] - s * batchMean);
      double delta = batchMean - mean[i];
      mean[i] += delta * n / total;
      m2[i] += batchM2 + delta * delta * ((double) count * n / total);
    }
    count = total;
  }

  long count() {
    return count;
  }

  double[] mean() {
    return mean.clone();
  }

  double[] m2() {
    return m2.clone();
  }
}
