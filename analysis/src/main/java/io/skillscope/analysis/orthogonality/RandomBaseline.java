package io.skillscope.analysis.orthogonality;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The random-direction control: an update of the same shapes with i.i.d. standard Gaussian entries,
 * seeded so reports are reproducible.
 *
 * <p>For a fixed vector and a uniformly random direction in ℝⁿ, cos has mean 0 and standard deviation
 * 1/√n (the "≈ 1/√n" of docs/methods.md §3), and E|cos| → √(2/(π n)) for large n (|cos|·√n tends to a
 * half-normal). Cosines between real updates that are near this level are indistinguishable from
 * orthogonal.
 */
public final class RandomBaseline {
    private RandomBaseline() {}

    /** Expected |cos| between a fixed vector and a random direction in ℝⁿ, √(2/(π n)). */
    public static double expectedAbsCosine(long n) {
        if (n < 1) {
            throw new IllegalArgumentException("dimension must be >= 1, got " + n);
        }
        return Math.sqrt(2 / (Math.PI * n));
    }

    /**
     * A Gaussian update with the shapes of {@code like}. Each tensor draws from its own stream, derived
     * from the seed and the tensor's position in name order, so adding a tensor does not change the
     * others' draws.
     */
    public static WeightUpdate like(WeightUpdate like, long seed) {
        Map<String, ShapedArray> out = new LinkedHashMap<>();
        SplittableRandom root = new SplittableRandom(seed);
        for (Map.Entry<String, ShapedArray> e : like.tensors().entrySet()) {
            out.put(e.getKey(), gaussian(e.getValue().shape(), root.split()));
        }
        return WeightUpdate.of(out);
    }

    /**
     * A random vector norm-matched to {@code like} tensor by tensor: each tensor is a Gaussian direction of
     * the same shape scaled to ‖like_ℓ‖ (Frobenius), the control of a skill-vector injection (PaST's v
     * against "any perturbation of the same size"). Zero tensors stay zero.
     *
     * @param like the update whose per-tensor norms are matched
     * @param seed the seed (streams as in {@link #like})
     * @return a random update with ‖r_ℓ‖ = ‖like_ℓ‖ for every tensor ℓ
     */
    public static WeightUpdate normMatched(WeightUpdate like, long seed) {
        WeightUpdate g = like(like, seed);
        Map<String, ShapedArray> out = new LinkedHashMap<>();
        for (Map.Entry<String, ShapedArray> e : g.tensors().entrySet()) {
            ShapedArray r = e.getValue();
            double target = like.get(e.getKey()).norm();
            double norm = r.norm();
            float[] v = r.values().clone();
            double f = norm == 0 ? 0 : target / norm;
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (v[i] * f);
            }
            out.put(e.getKey(), new ShapedArray(v, r.shape()));
        }
        return WeightUpdate.of(out);
    }

    /** One Gaussian tensor of the given shape from a seed. */
    public static ShapedArray gaussian(int[] shape, long seed) {
        return gaussian(shape, new SplittableRandom(seed));
    }

    private static ShapedArray gaussian(int[] shape, SplittableRandom rng) {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        float[] v = new float[Math.toIntExact(n)];
        for (int i = 0; i < v.length; i += 2) {
            // Box–Muller: two independent N(0, 1) per pair of uniforms.
            double u1 = 1.0 - rng.nextDouble();
            double u2 = rng.nextDouble();
            double r = Math.sqrt(-2 * Math.log(u1));
            v[i] = (float) (r * Math.cos(2 * Math.PI * u2));
            if (i + 1 < v.length) {
                v[i + 1] = (float) (r * Math.sin(2 * Math.PI * u2));
            }
        }
        return new ShapedArray(v, shape);
    }
}
