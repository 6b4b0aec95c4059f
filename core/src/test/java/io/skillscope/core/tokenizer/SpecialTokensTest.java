package io.skillscope.core.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skillscope.core.testing.ShippedModels;
import io.skillscope.core.testing.TinyBpe;
import io.skillscope.core.testing.TinyBpeFolder;
import io.skillscope.core.testing.TinyModelFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** BOS, stop ids and padding of a model folder, resolved in the documented order. */
class SpecialTokensTest {
    @TempDir
    Path dir;

    private static SpecialTokens resolve(Path folder) {
        try (HfTokenizer tok = HfTokenizer.load(folder)) {
            return SpecialTokens.resolve(folder, tok);
        }
    }

    @Test
    void qwenStylePrependsNothingAndStopsAtEveryGenerationConfigEos() throws IOException {
        Path f = TinyBpeFolder.write(dir.resolve("qwen"), TinyBpeFolder.Style.QWEN2, 1);
        TinyBpe bpe = TinyBpeFolder.tokenizer(TinyBpeFolder.Style.QWEN2);
        SpecialTokens s = resolve(f);
        int eot = bpe.id("<|endoftext|>");
        assertEquals(OptionalInt.of(eot), s.bos(), "config.json's bos_token_id");
        assertFalse(s.prependBos(), "the ByteLevel post-processor adds no BOS, as Qwen2.5's does not");
        assertEquals(List.of(bpe.id("<|im_end|>"), eot), s.eos(), "generation_config.json's list, in order");
        assertEquals(bpe.id("<|im_end|>"), s.pad(), "padding falls back to the first stop id");
        assertEquals(bpe.vocabSize(), s.vocabSize());
        s.check(bpe.vocabSize() + TinyBpeFolder.EXTRA_ROWS, f.resolve("tokenizer.json"));
        assertTrue(s.greedy(4).masks(bpe.vocabSize() + TinyBpeFolder.EXTRA_ROWS), "extra rows are masked");
        assertFalse(s.greedy(4).masks(bpe.vocabSize()), "nothing to mask when the sizes match");
    }

    @Test
    void llama3StylePrependsTheTemplatesBeginOfText() throws IOException {
        Path f = TinyBpeFolder.write(dir.resolve("llama3"), TinyBpeFolder.Style.LLAMA3, 1);
        TinyBpe bpe = TinyBpeFolder.tokenizer(TinyBpeFolder.Style.LLAMA3);
        SpecialTokens s = resolve(f);
        assertTrue(s.prependBos());
        assertEquals(OptionalInt.of(bpe.id("<|begin_of_text|>")), s.bos());
        assertEquals(List.of(bpe.id("<|end_of_text|>"), bpe.id("<|eot_id|>")), s.eos());
        int[] p = s.prompt(new int[] {5, 6});
        assertEquals(3, p.length);
        assertEquals(bpe.id("<|begin_of_text|>"), p[0]);
        assertFalse(s.withPrependBos(false).prependBos(), "the explicit override");
    }

    @Test
    void generationConfigOverridesConfigJsonWhichOverridesTheTokenizer() throws IOException {
        Path f = TinyModelFolder.write(dir.resolve("tiny"), 3);
        Files.writeString(f.resolve("tokenizer_config.json"), "{\"eos_token\": \"m\", \"add_bos_token\": true}");
        SpecialTokens tokenizerOnly = resolve(f);
        assertEquals(List.of(14), tokenizerOnly.eos(), "tokenizer_config.json's eos_token");
        assertFalse(tokenizerOnly.prependBos(), "add_bos_token without any BOS id declared");
        com.google.gson.JsonObject config = com.google.gson.JsonParser.parseString(
                        Files.readString(f.resolve("config.json")))
                .getAsJsonObject();
        config.addProperty("bos_token_id", 4);
        com.google.gson.JsonArray eos = new com.google.gson.JsonArray();
        eos.add(5);
        eos.add(6);
        config.add("eos_token_id", eos);
        Files.writeString(f.resolve("config.json"), config.toString());
        SpecialTokens fromConfig = resolve(f);
        assertEquals(List.of(5, 6), fromConfig.eos(), "config.json's list beats the tokenizer");
        assertEquals(OptionalInt.of(4), fromConfig.bos());
        assertTrue(fromConfig.prependBos(), "add_bos_token with config.json's BOS");
        Files.writeString(f.resolve("generation_config.json"), "{\"eos_token_id\": 7, \"bos_token_id\": 8}");
        SpecialTokens fromGeneration = resolve(f);
        assertEquals(List.of(7), fromGeneration.eos(), "generation_config.json beats config.json");
        assertEquals(OptionalInt.of(8), fromGeneration.bos());
        Files.writeString(f.resolve("generation_config.json"), "{\"eos_token_id\": \"seven\"}");
        TokenizerException bad = assertThrows(TokenizerException.class, () -> resolve(f));
        assertTrue(bad.getMessage().contains("generation_config.json: field \"eos_token_id\""), bad.getMessage());
    }

    @Test
    void theShippedSkillLabDeclaresBosAndEos() {
        Path f = ShippedModels.SKILL_LAB_BASE;
        SpecialTokens s = resolve(f);
        assertEquals(OptionalInt.of(1), s.bos());
        assertTrue(s.prependBos());
        assertEquals(List.of(2), s.eos());
        assertEquals(0, s.pad());
        for (String file : new String[] {"config.json", "generation_config.json"}) {
            try {
                String json = Files.readString(f.resolve(file));
                assertTrue(json.contains("\"bos_token_id\": 1") && json.contains("\"eos_token_id\": 2"), file);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    @Test
    void aTokenizerLargerThanTheEmbeddingIsRefusedByFileAndSizes() throws IOException {
        Path f = TinyBpeFolder.write(dir.resolve("qwen"), TinyBpeFolder.Style.QWEN2, 1);
        SpecialTokens s = resolve(f);
        int vocab = s.vocabSize();
        TokenizerException e =
                assertThrows(TokenizerException.class, () -> s.check(vocab - 10, f.resolve("tokenizer.json")));
        assertTrue(e.getMessage().contains(f.resolve("tokenizer.json").toString()), e.getMessage());
        assertTrue(e.getMessage().contains(vocab + " ids") && e.getMessage().contains((vocab - 10) + " rows"));
        SpecialTokens shrunk = new SpecialTokens(s.bos(), false, List.of(vocab + 5), 0, 10, new int[0], "test");
        TokenizerException eos = assertThrows(TokenizerException.class, () -> shrunk.check(vocab, f));
        assertTrue(eos.getMessage().contains("EOS " + (vocab + 5)), eos.getMessage());
    }
}
