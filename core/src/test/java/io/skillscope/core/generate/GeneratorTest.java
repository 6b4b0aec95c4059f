package io.skillscope.core.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skillscope.core.model.Transformer;
import io.skillscope.core.testing.TinyModels;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GeneratorTest {
    /** Greedy decoding without a cache: recompute the whole sequence for every token. */
    private static int[] greedyByRecompute(Transformer model, int[] prompt, int n) {
        int[] seq = prompt.clone();
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            float[][] logits = model.logits(seq);
            float[] last = logits[seq.length - 1];
            int best = 0;
            for (int v = 1; v < last.length; v++) {
                if (last[v] > last[best]) {
                    best = v;
                }
            }
            out[i] = best;
            seq = java.util.Arrays.copyOf(seq, seq.length + 1);
            seq[seq.length - 1] = best;
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"llama", "gpt2"})
    void kvCacheGreedyEqualsRecomputationInABatchOfUnequalPrompts(String arch) {
        try (Transformer model = arch.equals("llama") ? TinyModels.llama(5) : TinyModels.gpt2(5)) {
            int[] a = {3, 1, 4, 1, 5, 9};
            int[] b = {2, 7};
            List<Generation> gens = Generator.generate(model, List.of(a, b), GenerationConfig.greedy(8, 0));
            assertArrayEquals(greedyByRecompute(model, a, 8), gens.get(0).tokens());
            assertArrayEquals(greedyByRecompute(model, b, 8), gens.get(1).tokens());
            assertFalse(gens.get(0).stopped());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"llama"})
    void stopTokenEndsTheRowAndIsNotReturned(String arch) {
        try (Transformer model = TinyModels.llama(5)) {
            int[] expected = greedyByRecompute(model, new int[] {3, 1, 4}, 6);
            int stop = expected[2];
            Generation g = Generator.generate(model, new int[] {3, 1, 4}, GenerationConfig.greedy(6, 0, stop));
            int firstStop = 0;
            while (expected[firstStop] != stop) {
                firstStop++;
            }
            assertEquals(firstStop, g.tokens().length);
            assertTrue(g.stopped());
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2})
    void samplingIsSeededAndTemperatureMatters(long seed) {
        try (Transformer model = TinyModels.llama(6)) {
            GenerationConfig c = GenerationConfig.sampled(12, 1.5, 1.0, seed, 0);
            int[] one = Generator.generate(model, new int[] {1, 2}, c).tokens();
            int[] two = Generator.generate(model, new int[] {1, 2}, c).tokens();
            assertArrayEquals(one, two);
            int[] other = Generator.generate(
                            model, new int[] {1, 2}, GenerationConfig.sampled(12, 1.5, 1.0, seed + 100, 0))
                    .tokens();
            assertNotEquals(java.util.Arrays.toString(one), java.util.Arrays.toString(other));
            // top-p tiny = greedy
            int[] nucleus = Generator.generate(
                            model, new int[] {1, 2}, GenerationConfig.sampled(12, 1.0, 1e-6, seed, 0))
                    .tokens();
            assertArrayEquals(greedyByRecompute(model, new int[] {1, 2}, 12), nucleus);
        }
    }

    /** An embedding with more rows than the tokenizer: the extra ids are never generated, greedy or sampled. */
    @org.junit.jupiter.api.Test
    void idsBeyondTheTokenizersVocabularyAreNeverGenerated() {
        int tokenizerVocab = 24;
        int[] holes = {5, 7};
        try (Transformer model = Transformer.random(TinyModels.llamaConfig(64), 11, ai.djl.Device.cpu())) {
            List<int[]> prompts = List.of(new int[] {1, 2, 3}, new int[] {4, 9}, new int[] {10, 11, 12, 13});
            GenerationConfig plain = GenerationConfig.greedy(20, 0);
            boolean beyond = Generator.generate(model, prompts, plain).stream()
                    .flatMapToInt(g -> java.util.Arrays.stream(g.tokens()))
                    .anyMatch(id -> id >= tokenizerVocab || id == 5 || id == 7);
            assertTrue(beyond, "precondition: unmasked, this random model emits ids the tokenizer lacks");
            for (GenerationConfig c : List.of(
                    plain.withVocabulary(tokenizerVocab, holes),
                    GenerationConfig.sampled(20, 1.5, 1.0, 3, 0).withVocabulary(tokenizerVocab, holes))) {
                for (Generation g : Generator.generate(model, prompts, c)) {
                    for (int id : g.tokens()) {
                        assertTrue(id < tokenizerVocab && id != 5 && id != 7, c + " emitted " + id);
                    }
                }
            }
            GenerationConfig full = plain.withVocabulary(64, new int[0]);
            assertFalse(full.masks(64), "a tokenizer covering the embedding masks nothing");
            List<Generation> a = Generator.generate(model, prompts, plain);
            List<Generation> b = Generator.generate(model, prompts, full);
            for (int r = 0; r < prompts.size(); r++) {
                assertArrayEquals(a.get(r).tokens(), b.get(r).tokens());
            }
        }
    }
}
