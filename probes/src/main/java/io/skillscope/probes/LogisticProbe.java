package io.skillscope.probes;

import ai.djl.ndarray.NDManager;
import io.skillscope.core.SkillscopeException;
import io.skillscope.core.hooks.HookName;
import io.skillscope.core.hooks.HookSession;
import io.skillscope.core.model.TokenBatch;
import io.skillscope.core.model.Transformer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A linear probe: L2-regularised logistic regression on standardized features, in plain Java.
 *
 * <p>Minimises {@code (1/n) Σ log(1 + exp(−s_i (w·z_i + b))) + (λ/2)‖w‖²} over standardized features
 * {@code z = (x − mean)/std} (train-set moments) by accelerated gradient descent (Nesterov) with step
 * {@code 1/L}, {@code L = λ_max(ZᵀZ/n)/4 + λ} from a power iteration, until the gradient's norm falls
 * below the tolerance. Use it to ask whether a hook linearly encodes a label (which skill a prompt
 * belongs to): {@link #evaluate} splits the rows into train and held-out parts and reports held-out
 * accuracy.
 */
public final class LogisticProbe {

    /**
     * @param l2 λ, the L2 penalty on the weights (not the bias)
     * @param maxIterations gradient steps at most
     * @param tolerance stop when the gradient norm is below this
     * @param trainFraction share of rows used for training in {@link #evaluate}, in (0, 1)
     * @param seed seed of the train/held-out shuffle
     */
    public record Settings(double l2, int maxIterations, double tolerance, double trainFraction, long seed) {
        public Settings {
            if (!(l2 >= 0) || maxIterations < 1 || !(tolerance > 0) || !(trainFraction > 0 && trainFraction < 1)) {
                throw new IllegalArgumentException(
                        "LogisticProbe.Settings: need l2 >= 0, maxIterations >= 1, tolerance > 0,"
                                + " trainFraction in (0, 1); got " + l2 + ", " + maxIterations + ", " + tolerance + ", "
                                + trainFraction);
            }
        }

        /** λ = 1e-3, 2000 steps, tolerance 1e-6, 70% train, seed 0. */
        public static Settings defaults() {
            return new Settings(1e-3, 2000, 1e-6, 0.7, 0);
        }
    }

    /**
     * Held-out evaluation of a probe.
     *
     * @param probe the probe fitted on the train part
     * @param trainAccuracy accuracy on the train part
     * @param heldOutAccuracy accuracy on the held-out part
     * @param nTrain rows trained on
     * @param nHeldOut rows held out
     */
    public record Evaluation(
            LogisticProbe probe, double trainAccuracy, double heldOutAccuracy, int nTrain, int nHeldOut) {
        @Override
        public String toString() {
            return String.format(
                    "LogisticProbe.Evaluation[train %.3f (%d rows), held-out %.3f (%d rows)]",
                    trainAccuracy, nTrain, heldOutAccuracy, nHeldOut);
        }
    }

    private final double[] center;
    private final double[] scale;
    private final double[] w;
    private final double b;
    private final int iterations;

    private LogisticProbe(double[] center, double[] scale, double[] w, double b, int iterations) {
        this.center = center;
        this.scale = scale;
        this.w = w;
        this.b = b;
        this.iterations = iterations;
    }

    /**
     * Fits on rows {@code x[n][d]} with labels 0/1.
     *
     * @throws IllegalArgumentException on ragged rows, labels other than 0/1, or a single class
     */
    public static LogisticProbe fit(double[][] x, int[] y, Settings s) {
        int n = x.length;
        if (n == 0 || y.length != n) {
            throw new IllegalArgumentException(
                    "need as many labels as rows, got " + n + " rows and " + y.length + " labels");
        }
        int d = x[0].length;
        int pos = 0;
        for (int i = 0; i < n; i++) {
            if (x[i].length != d) {
                throw new IllegalArgumentException("row " + i + " has " + x[i].length + " features, expected " + d);
            }
            if (y[i] != 0 && y[i] != 1) {
                throw new IllegalArgumentException("label " + y[i] + " at row " + i + " is not 0 or 1");
            }
            pos += y[i];
        }
        if (pos == 0 || pos == n) {
            throw new IllegalArgumentException(
                    "both classes are needed to fit a probe; got " + pos + " positives of " + n);
        }
        double[] center = new double[d];
        double[] scale = new double[d];
        for (double[] r : x) {
            for (int j = 0; j < d; j++) {
                center[j] += r[j] / n;
            }
        }
        for (double[] r : x) {
            for (int j = 0; j < d; j++) {
                scale[j] += (r[j] - center[j]) * (r[j] - center[j]) / n;
            }
        }
        for (int j = 0; j < d; j++) {
            scale[j] = scale[j] > 1e-24 ? Math.sqrt(scale[j]) : 1; // constant features stay 0 after centring
        }
        double[][] z = new double[n][d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                z[i][j] = (x[i][j] - center[j]) / scale[j];
            }
        }
        double lipschitz = largestEigenvalue(z) / 4 + s.l2() + 0.25; // + 0.25 for the bias column
        double step = 1 / lipschitz;
        double[] wv = new double[d + 1]; // weights then bias
        double[] look = wv.clone();
        double[] g = new double[d + 1];
        int it = 0;
        for (; it < s.maxIterations(); it++) {
            gradient(z, y, look, s.l2(), g);
            if (norm(g) < s.tolerance()) {
                wv = look.clone();
                break;
            }
            double momentum = it / (it + 3.0);
            for (int j = 0; j <= d; j++) {
                double next = look[j] - step * g[j];
                double l = next + momentum * (next - wv[j]);
                wv[j] = next;
                look[j] = l;
            }
        }
        return new LogisticProbe(center, scale, Arrays.copyOf(wv, d), wv[d], it);
    }

    private static void gradient(double[][] z, int[] y, double[] wv, double l2, double[] g) {
        int n = z.length;
        int d = z[0].length;
        Arrays.fill(g, 0);
        for (int i = 0; i < n; i++) {
            double p = sigmoid(dot(z[i], wv, d) + wv[d]);
            double r = (p - y[i]) / n;
            for (int j = 0; j < d; j++) {
                g[j] += r * z[i][j];
            }
            g[d] += r;
        }
        for (int j = 0; j < d; j++) {
            g[j] += l2 * wv[j];
        }
    }

    private static double largestEigenvalue(double[][] z) {
        int d = z[0].length;
        double[] v = new double[d];
        Arrays.fill(v, 1 / Math.sqrt(d));
        double lambda = 0;
        for (int k = 0; k < 50; k++) {
            double[] u = new double[d];
            for (double[] r : z) {
                double proj = dot(r, v, d);
                for (int j = 0; j < d; j++) {
                    u[j] += proj * r[j] / z.length;
                }
            }
            lambda = norm(u);
            if (lambda == 0) {
                return 0;
            }
            for (int j = 0; j < d; j++) {
                v[j] = u[j] / lambda;
            }
        }
        return lambda * 1.05; // a margin: the power iteration approaches λ_max from below
    }

    private static double dot(double[] a, double[] b, int d) {
        double s = 0;
        for (int j = 0; j < d; j++) {
            s += a[j] * b[j];
        }
        return s;
    }

    private static double norm(double[] a) {
        return Math.sqrt(dot(a, a, a.length));
    }

    private static double sigmoid(double t) {
        return t >= 0 ? 1 / (1 + Math.exp(-t)) : Math.exp(t) / (1 + Math.exp(t));
    }

    /** P(label = 1 | x). */
    public double probability(double[] x) {
        double t = b;
        for (int j = 0; j < w.length; j++) {
            t += w[j] * (x[j] - center[j]) / scale[j];
        }
        return sigmoid(t);
    }

    /** The predicted label, 1 when P ≥ 0.5. */
    public int predict(double[] x) {
        return probability(x) >= 0.5 ? 1 : 0;
    }

    /** Share of rows predicted correctly. */
    public double accuracy(double[][] x, int[] y) {
        int ok = 0;
        for (int i = 0; i < x.length; i++) {
            ok += predict(x[i]) == y[i] ? 1 : 0;
        }
        return (double) ok / x.length;
    }

    /** Weights on the standardized features. */
    public double[] weights() {
        return w.clone();
    }

    public double bias() {
        return b;
    }

    /** Gradient steps taken. */
    public int iterations() {
        return iterations;
    }

    /** Shuffles rows with the seed, fits on the first {@code trainFraction}, scores the rest. */
    public static Evaluation evaluate(double[][] x, int[] y, Settings s) {
        int n = x.length;
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom rng = new SplittableRandom(s.seed());
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int nTrain = (int) Math.round(n * s.trainFraction());
        if (nTrain < 2 || nTrain >= n) {
            throw new IllegalArgumentException(n + " rows cannot be split " + s.trainFraction() + " / rest");
        }
        double[][] xt = new double[nTrain][];
        int[] yt = new int[nTrain];
        double[][] xh = new double[n - nTrain][];
        int[] yh = new int[n - nTrain];
        for (int i = 0; i < n; i++) {
            if (i < nTrain) {
                xt[i] = x[order[i]];
                yt[i] = y[order[i]];
            } else {
                xh[i - nTrain] = x[order[i]];
                yh[i - nTrain] = y[order[i]];
            }
        }
        LogisticProbe p = fit(xt, yt, s);
        return new Evaluation(p, p.accuracy(xt, yt), p.accuracy(xh, yh), nTrain, n - nTrain);
    }

    /**
     * A probe that tells {@code positive} rows (label 1) from {@code negative} rows (label 0) by the
     * activation at {@code hook} at each row's last prompt token.
     */
    public static Evaluation evaluate(
            Transformer model, HookName hook, ProbeDataset positive, ProbeDataset negative, Settings s) {
        double[][] a = lastPromptFeatures(model, hook, positive, 32);
        double[][] c = lastPromptFeatures(model, hook, negative, 32);
        double[][] x = new double[a.length + c.length][];
        int[] y = new int[x.length];
        for (int i = 0; i < a.length; i++) {
            x[i] = a[i];
            y[i] = 1;
        }
        for (int i = 0; i < c.length; i++) {
            x[a.length + i] = c[i];
        }
        return evaluate(x, y, s);
    }

    /**
     * The activation at {@code name} at each row's last prompt token, {@code [rows][width]}: one
     * vector per row (the features of a probe, not a corpus of activations).
     */
    public static double[][] lastPromptFeatures(Transformer model, HookName name, ProbeDataset data, int batchSize) {
        List<double[]> out = new ArrayList<>(data.size());
        int[][] current = new int[1][];
        try (HookSession s = model.hooks()) {
            s.read(name, (x, ctx) -> {
                TokenBatch batch = ctx.batch();
                boolean[] mask = PositionMode.LAST_PROMPT_TOKEN.mask(batch, current[0]);
                int t = batch.length();
                long width = x.getShape().size() / ((long) batch.batchSize() * t);
                float[] flat = x.toFloatArray(); // [B·T·F]
                for (int i = 0; i < mask.length; i++) {
                    if (mask[i]) {
                        double[] v = new double[(int) width];
                        for (int j = 0; j < width; j++) {
                            v[j] = flat[(int) (i * width + j)];
                        }
                        out.add(v);
                    }
                }
            });
            List<ProbeDataset.Row> rows = data.rows();
            for (int from = 0; from < rows.size(); from += batchSize) {
                List<ProbeDataset.Row> chunk = rows.subList(from, Math.min(rows.size(), from + batchSize));
                List<int[]> ids = new ArrayList<>();
                current[0] = new int[chunk.size()];
                for (int i = 0; i < chunk.size(); i++) {
                    ids.add(chunk.get(i).tokens());
                    current[0][i] = chunk.get(i).promptLength();
                }
                try (NDManager m = model.manager().newSubManager()) {
                    model.forward(m, TokenBatch.rightPadded(ids, 0));
                }
            }
        }
        if (out.size() != data.size()) {
            throw new SkillscopeException("expected one vector per row of " + data.name() + ", got " + out.size());
        }
        return out.toArray(new double[0][]);
    }

    @Override
    public String toString() {
        return "LogisticProbe[" + w.length + " features, " + iterations + " iterations]";
    }
}
