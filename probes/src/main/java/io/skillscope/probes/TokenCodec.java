package io.skillscope.probes;

import io.skillscope.core.tokenizer.TextTokenizer;
import io.skillscope.datasets.CharTokenizer;
import java.util.OptionalInt;

/**
 * How prompts and answers become token ids for a model, and generated ids become text: a tokenizer
 * plus the model's conventions (a beginning token before the prompt, an end token after the answer).
 * The skill lab's convention is {@code [bos] + prompt + answer + [eos]}.
 */
public interface TokenCodec {
    /** Ids of a text, no special tokens. */
    int[] encode(String text);

    /** Text of ids, special tokens dropped. */
    String decode(int[] ids);

    /** The id that starts every prompt, if the model uses one. */
    OptionalInt bosId();

    /** The id that ends every answer (generation stops there). */
    int eosId();

    /** The padding id. */
    int padId();

    /** A prompt as the model reads it: {@code [bos] + encode(prompt)}. */
    default int[] promptIds(String prompt) {
        int[] p = encode(prompt);
        if (bosId().isEmpty()) {
            return p;
        }
        int[] out = new int[p.length + 1];
        out[0] = bosId().getAsInt();
        System.arraycopy(p, 0, out, 1, p.length);
        return out;
    }

    /** An answer as the model was trained to produce it: {@code encode(answer) + [eos]}. */
    default int[] answerIds(String answer) {
        int[] a = encode(answer);
        int[] out = java.util.Arrays.copyOf(a, a.length + 1);
        out[a.length] = eosId();
        return out;
    }

    /** The skill lab's character tokenizer, with {@code <bos>} before prompts and {@code <eos>} after answers. */
    static TokenCodec of(CharTokenizer tokenizer) {
        return new TokenCodec() {
            @Override
            public int[] encode(String text) {
                return tokenizer.encode(text);
            }

            @Override
            public String decode(int[] ids) {
                return tokenizer.decode(ids);
            }

            @Override
            public OptionalInt bosId() {
                return OptionalInt.of(tokenizer.bosId());
            }

            @Override
            public int eosId() {
                return tokenizer.eosId();
            }

            @Override
            public int padId() {
                return tokenizer.padId();
            }

            @Override
            public String toString() {
                return "TokenCodec[" + tokenizer + ", bos+prompt, answer+eos]";
            }
        };
    }

    /**
     * A Hugging Face tokenizer; the end token must be declared; the beginning token is used when
     * {@code prependBos} is set and the tokenizer declares one; padding falls back to the end token.
     */
    static TokenCodec of(TextTokenizer tokenizer, boolean prependBos) {
        int eos = tokenizer
                .eosId()
                .orElseThrow(() -> new IllegalArgumentException(
                        "tokenizer " + tokenizer + " declares no end-of-sequence token; generation could not stop"));
        OptionalInt bos = prependBos ? tokenizer.bosId() : OptionalInt.empty();
        int pad = tokenizer.padId().orElse(eos);
        return new TokenCodec() {
            @Override
            public int[] encode(String text) {
                return tokenizer.encode(text);
            }

            @Override
            public String decode(int[] ids) {
                return tokenizer.decode(ids);
            }

            @Override
            public OptionalInt bosId() {
                return bos;
            }

            @Override
            public int eosId() {
                return eos;
            }

            @Override
            public int padId() {
                return pad;
            }

            @Override
            public String toString() {
                return "TokenCodec[" + tokenizer + (bos.isPresent() ? ", bos+prompt" : "") + ", answer+eos]";
            }
        };
    }
}
