package io.skillscope.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skillscope.core.testing.Diffs;
import io.skillscope.core.testing.TinyModels;
import java.util.List;
import java.util.function.LongFunction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TransformerTest {
    private static Transformer make(String arch, long seed) {
        LongFunction<Transformer> f = arch.equals("llama") ? TinyModels::llama : TinyModels::gpt2;
        return f.apply(seed);
    }

    @ParameterizedTest
    @ValueSource(strings = {"llama", "gpt2"})
    void paddingLeftOrRightGivesTheUnpaddedLogits(String arch) {
        try (Transformer model = make(arch, 1)) {
            int[] a = {3, 5, 7, 11, 13, 17, 19};
            int[] b = {2, 4, 6};
            float[][] la = model.logits(a);
            float[][] lb = model.logits(b);
            float[][][] right = model.logits(TokenBatch.rightPadded(List.of(a, b), 0));
            float[][][] left = model.logits(TokenBatch.leftPadded(List.of(a, b), 0));
            assertTrue(Diffs.maxAbsDiff(la, right[0]) < 1e-5);
            assertTrue(Diffs.maxAbsDiff(la, left[0]) < 1e-5);
            for (int t = 0; t < b.length; t++) {
                assertTrue(Diffs.maxAbsDiff(lb[t], right[1][t]) < 1e-5, "right row 1 pos " + t);
                assertTrue(Diffs.maxAbsDiff(lb[t], left[1][t + a.length - b.length]) < 1e-5, "left row 1 pos " + t);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"llama", "gpt2"})
    void causalityLaterTokensDoNotChangeEarlierLogits(String arch) {
        try (Transformer model = make(arch, 2)) {
            float[][] full = model.logits(1, 2, 3, 4, 5);
            float[][] prefix = model.logits(1, 2, 3);
            for (int t = 0; t < 3; t++) {
                assertTrue(Diffs.maxAbsDiff(full[t], prefix[t]) < 1e-5);
            }
            // and a different later token does change the last position
            float[][] other = model.logits(1, 2, 3, 4, 6);
            assertTrue(Diffs.maxAbsDiff(full[4], other[4]) > 1e-4);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"llama", "gpt2"})
    void sameSeedSameWeightsDifferentSeedDifferent(String arch) {
        try (Transformer a = make(arch, 7);
                Transformer b = make(arch, 7);
                Transformer c = make(arch, 8)) {
            float[][] la = a.logits(1, 2, 3);
            assertEquals(0.0, Diffs.maxAbsDiff(la, b.logits(1, 2, 3)));
            assertTrue(Diffs.maxAbsDiff(la, c.logits(1, 2, 3)) > 1e-4);
        }
    }
}
