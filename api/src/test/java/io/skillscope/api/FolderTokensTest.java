package io.skillscope.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skillscope.core.SkillscopeException;
import io.skillscope.core.generate.GenerationConfig;
import io.skillscope.core.generate.Generator;
import io.skillscope.core.testing.ShippedModels;
import io.skillscope.core.testing.TinyBpe;
import io.skillscope.core.testing.TinyBpeFolder;
import io.skillscope.core.testing.TinyBpeFolder.Style;
import io.skillscope.core.tokenizer.HfTokenizer;
import io.skillscope.probes.TokenCodec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The facade and the command line read a folder's tokens the same way ({@link ModelCodec}): BOS as the
 * folder's tokenizer puts it (none for Qwen2, {@code <|begin_of_text|>} for Llama 3, {@code <bos>} for the
 * skill lab), {@link Model#bos(boolean)} as an explicit override, and no generated id the tokenizer lacks.
 */
class FolderTokensTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Style.class)
    void theFacadeAndTheCommandLineCodecPrependTheSameBos(Style style) throws IOException {
        Path folder = TinyBpeFolder.write(dir.resolve("m"), style, 5);
        String text = "rev(abc)=";
        int[] expected;
        try (HfTokenizer tok = HfTokenizer.load(folder, true)) {
            expected = tok.encode(text); // what transformers' tokenizer(text) gives
        }
        try (Model model = Skillscope.load(folder);
                ModelCodec cli = ModelCodec.of(folder)) {
            assertArrayEquals(expected, model.ids(text), "the facade follows the tokenizer's post-processor");
            assertArrayEquals(expected, cli.codec().promptIds(text), "the command line's codec too");
            assertArrayEquals(expected, model.codec().promptIds(text));
            TinyBpe bpe = TinyBpeFolder.tokenizer(style);
            if (style == Style.QWEN2) {
                assertFalse(model.specials().prependBos(), "config.json's bos_token_id is not prepended");
                assertEquals(bpe.id("<|endoftext|>"), model.specials().bos().getAsInt());
                assertEquals(expected.length + 1, model.bos(true).ids(text).length, "the explicit override");
            } else {
                assertEquals(bpe.id("<|begin_of_text|>"), expected[0]);
                assertEquals(expected.length - 1, model.bos(false).ids(text).length, "the explicit override");
            }
            assertEquals(
                    List.of(bpe.id(style == Style.QWEN2 ? "<|im_end|>" : "<|end_of_text|>")),
                    List.of(model.codec().eosId()));
        }
    }

    @Test
    void theShippedSkillLabStartsWithBosInBoth() {
        try (Model model = Skillscope.load(ShippedModels.SKILL_LAB_BASE);
                ModelCodec cli = ModelCodec.of(ShippedModels.SKILL_LAB_BASE)) {
            assertEquals(1, model.ids("rev(abc)=")[0]);
            assertArrayEquals(model.ids("rev(abc)="), cli.codec().promptIds("rev(abc)="));
            assertEquals("cba", model.generate("rev(abc)=", 10).text());
        }
    }

    @Test
    void theFacadeNeverGeneratesAnIdTheTokenizerLacks() throws IOException {
        Path folder = TinyBpeFolder.write(dir.resolve("q"), Style.QWEN2, 5);
        int vocab = TinyBpeFolder.tokenizer(Style.QWEN2).vocabSize();
        List<String> prompts = List.of("the model", "rev(abc)=", "12 345", "sort it", "quickly the");
        try (Model model = Skillscope.load(folder)) {
            List<int[]> ids = prompts.stream().map(model::ids).toList();
            boolean beyond = false;
            for (long seed = 0; seed < 4; seed++) {
                beyond |=
                        Generator.generate(model.transformer(), ids, GenerationConfig.sampled(30, 1.0, 1.0, seed, 0))
                                .stream()
                                .flatMapToInt(g -> Arrays.stream(g.tokens()))
                                .anyMatch(id -> id >= vocab);
                for (String p : prompts) {
                    for (int id : model.sample(p, 30, 1.0, 1.0, seed).tokens()) {
                        assertTrue(id < vocab, "sampled " + id + " of a " + vocab + "-id tokenizer");
                    }
                }
            }
            assertTrue(beyond, "precondition: unmasked, the random model samples the extra rows");
            for (Completion c : model.generate(prompts, 30)) {
                for (int id : c.tokens()) {
                    assertTrue(id < vocab, "generated " + id + " of a " + vocab + "-id tokenizer");
                }
            }
            TokenCodec codec = model.codec();
            assertEquals(vocab, codec.vocabSize());
        }
    }

    @Test
    void aTokenizerLargerThanTheEmbeddingIsRefusedBeforeTheWeightsLoad() throws IOException {
        Path folder = TinyBpeFolder.write(dir.resolve("q"), Style.QWEN2, 5);
        String[] specials = java.util.stream.IntStream.range(0, 100)
                .mapToObj(k -> "<|extra_" + k + "|>")
                .toArray(String[]::new);
        TinyBpe bigger = TinyBpe.train(TinyBpe.sampleText(7, 4000), TinyBpeFolder.MERGES, specials);
        bigger.write(folder.resolve("tokenizer.json"), null);
        SkillscopeException e = assertThrows(SkillscopeException.class, () -> Skillscope.load(folder));
        assertTrue(e.getMessage().contains(folder.resolve("tokenizer.json").toString()), e.getMessage());
        int rows = TinyBpeFolder.tokenizer(Style.QWEN2).vocabSize() + TinyBpeFolder.EXTRA_ROWS;
        assertTrue(
                e.getMessage().contains(bigger.vocabSize() + " ids")
                        && e.getMessage().contains(rows + " rows"),
                e.getMessage());
    }

    @Test
    void savedFoldersKeepTheirSpecialTokens() throws IOException {
        Path folder = TinyBpeFolder.write(dir.resolve("q"), Style.QWEN2, 5);
        try (Model model = Skillscope.load(folder)) {
            model.save(dir.resolve("copy"));
            try (Model copy = Skillscope.load(dir.resolve("copy"))) {
                assertEquals(model.specials(), copy.specials());
            }
        }
        try (Model tiny = Skillscope.tinyModel()) {
            tiny.save(dir.resolve("tiny"));
            try (Model copy = Skillscope.load(dir.resolve("tiny"))) {
                assertEquals(tiny.specials().eos(), copy.specials().eos());
                assertEquals(tiny.specials().bos(), copy.specials().bos());
                assertTrue(copy.specials().prependBos());
            }
        }
    }
}
