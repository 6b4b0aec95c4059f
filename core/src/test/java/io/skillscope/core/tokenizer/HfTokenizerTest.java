package io.skillscope.core.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HfTokenizerTest {

    @TempDir
    Path dir;

    /** A WordLevel tokenizer with a whitespace pre-tokenizer and two special tokens. */
    static final String TOKENIZER_JSON = """
      {
        "version": "1.0",
        "truncation": null,
        "padding": null,
        "added_tokens": [
          {"id": 0, "content": "<unk>", "single_word": false, "lstrip": false, "rstrip": false,
           "normalized": false, "special": true},
          {"id": 1, "content": "<eos>", "single_word": false, "lstrip": false, "rstrip": false,
           "normalized": false, "special": true}
        ],
        "normalizer": null,
        "pre_tokenizer": {"type": "Whitespace"},
        "post_processor": null,
        "decoder": null,
        "model": {
          "type": "WordLevel",
          "vocab": {"<unk>": 0, "<eos>": 1, "hello": 2, "world": 3, "the": 4, "cat": 5, "sat": 6},
          "unk_token": "<unk>"
        }
      }
      """;

    private Path folder(String name) throws IOException {
        Path f = Files.createDirectories(dir.resolve(name));
        Files.writeString(f.resolve("tokenizer.json"), TOKENIZER_JSON);
        return f;
    }

    @Test
    void encodesAndDecodesWords() throws IOException {
        Path f = folder("plain");
        try (HfTokenizer tok = HfTokenizer.load(f)) {
            assertArrayEquals(new int[] {2, 3}, tok.encode("hello world"));
            assertArrayEquals(new int[] {4, 5, 6, 0}, tok.encode("the cat sat quietly"));
            assertArrayEquals(new int[] {}, tok.encode(""));
            assertEquals("the cat sat", tok.decode(new int[] {4, 5, 6}));
            assertEquals("hello world", tok.decode(tok.encode("hello   world")));
            assertEquals(7, tok.vocabSize());
            assertEquals(5, tok.idOf("cat"));
            assertEquals(OptionalInt.empty(), tok.findId("dog"));
            TokenizerException e = assertThrows(TokenizerException.class, () -> tok.idOf("dog"));
            assertTrue(e.getMessage().contains("\"dog\""), e.getMessage());
            assertEquals(OptionalInt.empty(), tok.eosId(), "nothing declares an eos");
        }
    }

    @Test
    void specialTokensFromTokenizerConfig() throws IOException {
        Path f = folder("withconfig");
        Files.writeString(
                f.resolve("tokenizer_config.json"),
                "{\"eos_token\": \"<eos>\", \"bos_token\": {\"content\": \"<eos>\"}, \"pad_token\": null}");
        try (HfTokenizer tok = HfTokenizer.load(f.resolve("tokenizer.json"))) {
            assertEquals(OptionalInt.of(1), tok.eosId());
            assertEquals(OptionalInt.of(1), tok.bosId());
            assertEquals(OptionalInt.empty(), tok.padId());
        }
    }

    @Test
    void specialTokensFallBackToModelConfig() throws IOException {
        Path f = folder("withmodelconfig");
        Files.writeString(f.resolve("config.json"), "{\"eos_token_id\": 1, \"bos_token_id\": 0, \"pad_token_id\": 1}");
        try (HfTokenizer tok = HfTokenizer.load(f)) {
            assertEquals(OptionalInt.of(1), tok.eosId());
            assertEquals(OptionalInt.of(0), tok.bosId());
            assertEquals(OptionalInt.of(1), tok.padId());
        }
    }

    @Test
    void missingFileNamesThePath() {
        Path absent = dir.resolve("nothing-here");
        TokenizerException e = assertThrows(TokenizerException.class, () -> HfTokenizer.load(absent));
        assertTrue(e.getMessage().contains(absent.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("no such file"), e.getMessage());
    }
}
