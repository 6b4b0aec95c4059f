package io.skillscope.api;

import io.skillscope.core.tokenizer.TextTokenizer;
import io.skillscope.datasets.CharTokenizer;
import java.util.OptionalInt;

/** The skill lab's character tokenizer seen as a {@link TextTokenizer}; holds no native resources. */
final class CharTextTokenizer implements TextTokenizer {
    private final CharTokenizer chars;

    CharTextTokenizer(CharTokenizer chars) {
        this.chars = chars;
    }

    CharTokenizer chars() {
        return chars;
    }

    @Override
    public int[] encode(String text) {
        return chars.encode(text);
    }

    @Override
    public String decode(int[] ids) {
        return chars.decode(ids);
    }

    @Override
    public int vocabSize() {
        return chars.vocabSize();
    }

    @Override
    public OptionalInt eosId() {
        return OptionalInt.of(chars.eosId());
    }

    @Override
    public OptionalInt bosId() {
        return OptionalInt.of(chars.bosId());
    }

    @Override
    public OptionalInt padId() {
        return OptionalInt.of(chars.padId());
    }

    @Override
    public OptionalInt findId(String token) {
        for (int id = 0; id < chars.vocabSize(); id++) {
            if (chars.token(id).equals(token)) {
                return OptionalInt.of(id);
            }
        }
        return OptionalInt.empty();
    }

    @Override
    public void close() {}

    @Override
    public String toString() {
        return "char tokenizer (" + chars.vocabSize() + " ids)";
    }
}
