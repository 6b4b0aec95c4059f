package io.skillscope.core.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skillscope.core.testing.TinyBpe;
import io.skillscope.core.testing.TinyBpeFolder;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The test-built byte-level BPE tokenizer.json loads in DJL's Rust tokenizers and round-trips any text. */
class ByteLevelBpeTest {
    @TempDir
    Path dir;

    @Test
    void djlLoadsTheTrainedTokenizerAndRoundTripsTextsItNeverSaw() throws IOException {
        TinyBpe bpe = TinyBpeFolder.tokenizer(TinyBpeFolder.Style.QWEN2);
        assertEquals(TinyBpeFolder.MERGES, bpe.mergeCount(), "the sample text has enough repeated pairs");
        Path file = bpe.write(dir.resolve("tokenizer.json"), null);
        try (HfTokenizer tok = HfTokenizer.load(file)) {
            assertEquals(bpe.vocabSize(), tok.vocabSize());
            assertEquals(0, tok.unknownIds().length, "ids are dense");
            for (String text : new String[] {
                "the model reads a token", "rev(abc)=cba", "  two  spaces\nand a line", "héllo wörld 😀 ∑", "12345+6789"
            }) {
                int[] ids = tok.encode(text);
                assertEquals(text, tok.decode(ids), "round trip of " + text);
                for (int id : ids) {
                    assertTrue(id < bpe.vocabSize() - 3, "ordinary text never encodes to a special: " + id);
                }
            }
            String seen = "the model reads the next token";
            assertTrue(
                    tok.encode(seen).length < seen.length() / 2,
                    "merges apply: " + tok.encode(seen).length + " ids for " + seen.length() + " bytes");
            int eot = bpe.id("<|endoftext|>");
            assertArrayEquals(new int[] {eot}, tok.encode("<|endoftext|>"), "added tokens are matched whole");
            assertEquals(eot, tok.idOf("<|endoftext|>"));
            assertEquals(bpe.id("Ġthe"), tok.idOf("Ġthe"), "byte-level spelling of \" the\"");
        }
    }

    @Test
    void theLlama3TemplatePrependsBeginOfTextWhenSpecialTokensAreOn() throws IOException {
        TinyBpe bpe = TinyBpeFolder.tokenizer(TinyBpeFolder.Style.LLAMA3);
        Path file = bpe.write(dir.resolve("tokenizer.json"), "<|begin_of_text|>");
        try (HfTokenizer plain = HfTokenizer.load(file);
                HfTokenizer special = HfTokenizer.load(file, true)) {
            int[] ids = plain.encode("rev(abc)=");
            int[] withBos = special.encode("rev(abc)=");
            assertEquals(ids.length + 1, withBos.length);
            assertEquals(bpe.id("<|begin_of_text|>"), withBos[0]);
        }
    }
}
