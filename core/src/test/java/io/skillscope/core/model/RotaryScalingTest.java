package io.skillscope.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.skillscope.core.config.RopeScaling;
import org.junit.jupiter.api.Test;

/**
 * Rotary frequencies under {@code rope_scaling}, against tables computed by hand from the formulas of
 * transformers' {@code modeling_rope_utils.py}.
 */
class RotaryScalingTest {
    /** θ^(−2i/16), θ = 10000: 10000^(−i/8). */
    static double[] base() {
        double[] w = new double[8];
        for (int i = 0; i < 8; i++) {
            w[i] = Math.pow(10000, -i / 8.0);
        }
        return w;
    }

    @Test
    void noScalingIsThePlainTable() {
        assertArrayEquals(base(), Rotary.frequencies(16, 10000, null), 1e-15);
    }

    @Test
    void linearDividesEveryFrequency() {
        double[] w = base();
        double[] expected = new double[8];
        for (int i = 0; i < 8; i++) {
            expected[i] = w[i] / 4;
        }
        assertArrayEquals(
                expected, Rotary.frequencies(16, 10000, new RopeScaling(RopeScaling.Kind.LINEAR, 4, 1, 4, 0)), 1e-15);
    }

    @Test
    void llama3KeepsHighScalesLowAndSmoothsBetween() {
        // L = 64, α = 1, β = 4, s = 8: wavelengths 2π·10000^(i/8) = 6.28, 19.87, 62.83, 198.7, ...
        // pair 0: λ < L/β = 16, kept; pairs 1, 2: 16 ≤ λ ≤ 64, γ = (64/λ − 1)/3; pairs 3..7: λ > 64, ω/8.
        double[] w = base();
        double[] expected = new double[8];
        expected[0] = 1.0;
        for (int i = 1; i <= 2; i++) {
            double lambda = 2 * Math.PI / w[i];
            double gamma = (64 / lambda - 1) / 3;
            expected[i] = (1 - gamma) * w[i] / 8 + gamma * w[i];
        }
        for (int i = 3; i < 8; i++) {
            expected[i] = w[i] / 8;
        }
        double[] got = Rotary.frequencies(16, 10000, new RopeScaling(RopeScaling.Kind.LLAMA3, 8, 1, 4, 64));
        assertArrayEquals(expected, got, 1e-15);
        // the values the reference script (scripts/reference/llama3.py) prints for llama3-tiny
        assertArrayEquals(
                new double[] {
                    1.0,
                    0.24438459943539834,
                    0.013042256043820465,
                    0.003952847075210474,
                    0.00125,
                    3.9528470752104737e-4,
                    1.25e-4,
                    3.952847075210474e-5
                },
                got,
                1e-12);
    }

    @Test
    void dynamicIsNotImplemented() {
        assertThrows(
                IllegalArgumentException.class,
                () -> Rotary.frequencies(16, 10000, new RopeScaling(RopeScaling.Kind.DYNAMIC, 2, 1, 4, 2048)));
    }
}
