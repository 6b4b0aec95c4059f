package io.skillscope.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.skillscope.core.tokenizer.TextTokenizer;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class CharTokenizerAsTextTokenizerTest {

    @Test
    void viewEncodesLikeTheTokenizerAndSpellsSpecialsWhenDecoding() {
        CharTokenizer tok = CharTokenizer.standard();
        try (TextTokenizer view = tok.asTextTokenizer()) {
            assertArrayEquals(tok.encode("rev(abc)="), view.encode("rev(abc)="));
            assertEquals(99, view.vocabSize());
            assertEquals(OptionalInt.of(2), view.eosId());
            assertEquals(OptionalInt.of(1), view.bosId());
            assertEquals(OptionalInt.of(0), view.padId());
            assertEquals(OptionalInt.of(69), view.findId("a"));
            assertEquals(OptionalInt.empty(), view.findId("ab"));
            int[] ids = {1, 69, 70, 2};
            assertEquals("<bos>ab<eos>", view.decode(ids));
            assertEquals("ab", tok.decode(ids), "the tokenizer's own decode drops specials");
        }
    }
}
