package io.skillscope.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CharTokenizerTest {

    private final CharTokenizer tok = CharTokenizer.standard();

    @Test
    void vocabularyLayout() {
        assertEquals(99, tok.vocabSize());
        assertEquals(0, tok.padId());
        assertEquals(1, tok.bosId());
        assertEquals(2, tok.eosId());
        assertEquals(3, tok.unkId());
        assertEquals("<eos>", tok.token(2));
        assertEquals(" ", tok.token(4));
        assertArrayEquals(new int[] {69, 70, 71}, tok.encode("abc"));
        assertArrayEquals(new int[] {20, 37, 33}, tok.encode("0A="));
    }

    @Test
    void encodesEverySuiteExampleAndDecodesBack() {
        SkillSuite suite = SkillSuite.standard();
        SplittableRandom rng = new SplittableRandom(11);
        for (Skill skill : suite.all()) {
            for (int i = 0; i < 50; i++) {
                String text = skill.sample(rng).text();
                assertEquals(text, tok.decode(tok.encode(text)));
            }
        }
    }

    @Test
    void decodeDropsSpecialTokens() {
        int[] ids = {1, 69, 70, 2, 0, 0};
        assertEquals("ab", tok.decode(ids));
        assertThrows(IllegalArgumentException.class, () -> tok.decode(new int[] {99}));
    }

    @Test
    void unknownCharacterIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> tok.encode("abé"));
        assertEquals(
                "character 'é' (U+00E9) at index 2 of \"abé\" is not in the vocabulary of 95 characters",
                e.getMessage());
        assertFalse(tok.canEncode('\n'));
        e = assertThrows(IllegalArgumentException.class, () -> tok.encode("x<eos>"));
        assertTrue(e.getMessage().startsWith("text contains the special token <eos> at index 1"), e.getMessage());
    }

    @Test
    void tokenizerJsonRoundTrip(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("tokenizer.json");
        tok.writeTokenizerJson(file);
        assertEquals(tok, CharTokenizer.load(file));
        CharTokenizer small = CharTokenizer.of(Alphabet.of("cab"));
        small.writeTokenizerJson(file);
        CharTokenizer loaded = CharTokenizer.load(file);
        assertEquals(7, loaded.vocabSize());
        assertArrayEquals(new int[] {4, 5, 6}, loaded.encode("abc"));

        Files.writeString(file, Files.readString(file).replace("\"WordLevel\"", "\"BPE\""));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CharTokenizer.load(file));
        assertTrue(e.getMessage().startsWith(file + ": field model.type must be \"WordLevel\""), e.getMessage());
    }
}
