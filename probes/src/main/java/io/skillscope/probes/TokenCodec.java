package io.skillscope.probes;

import io.skillscope.core.SkillscopeException;
import io.skillscope.core.generate.GenerationConfig;
import io.skillscope.core.tokenizer.SpecialTokens;
import io.skillscope.core.tokenizer.TextTokenizer;
import io.skillscope.datasets.CharTokenizer;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

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

    /** Every id generation stops at ({@link #eosId()} first). */
    default List<Integer> stopIds() {
        return List.of(eosId());
    }

    /** The tokenizer's id count: generation never emits an id at or above it ({@code MAX_VALUE}: no limit). */
    default int vocabSize() {
        return Integer.MAX_VALUE;
    }

    /** Ids below {@link #vocabSize()} without a token, never generated. */
    default int[] unknownIds() {
        return new int[0];
    }

    /**
     * Greedy decoding that stops at every stop id and emits only ids this codec can decode.
     *
     * @param maxNewTokens at most this many tokens per row
     * @return the settings
     */
    default GenerationConfig greedy(int maxNewTokens) {
        GenerationConfig g = new GenerationConfig(maxNewTokens, 0, 1, 0, Set.copyOf(stopIds()), padId());
        return vocabSize() == Integer.MAX_VALUE && unknownIds().length == 0
                ? g
                : g.withVocabulary(vocabSize(), unknownIds());
    }

    /**
     * Refuses, before any compute, a model whose embedding is smaller than this codec's vocabulary or
     * than one of its special ids (the ids it encodes could not be embedded).
     *
     * @param modelVocab the model's vocabulary ({@code config.json}'s {@code vocab_size})
     * @param where the model, for the message
     * @throws SkillscopeException naming both sizes
     */
    default void requireFits(int modelVocab, String where) {
        if (vocabSize() != Integer.MAX_VALUE && vocabSize() > modelVocab) {
            throw new SkillscopeException(this + " has " + vocabSize() + " ids but the model " + where + " has only "
                    + modelVocab + " embedding rows; the tokenizer does not belong to this model");
        }
        int top = Math.max(
                padId(), stopIds().stream().mapToInt(Integer::intValue).max().orElse(0));
        top = Math.max(top, bosId().orElse(0));
        if (top >= modelVocab) {
            throw new SkillscopeException(this + ": special token id " + top + " is outside the vocabulary [0, "
                    + modelVocab + ") of the model " + where);
        }
    }

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
            public int vocabSize() {
                return tokenizer.vocabSize();
            }

            @Override
            public String toString() {
                return "TokenCodec[" + tokenizer + ", bos+prompt, answer+eos]";
            }
        };
    }

    /**
     * A Hugging Face tokenizer with its own special tokens ({@link SpecialTokens#of}); the end token must
     * be declared; the beginning token is used when {@code prependBos} is set and the tokenizer declares
     * one; padding falls back to the end token. A model folder's conventions come from {@link
     * #of(TextTokenizer, SpecialTokens)} with {@link SpecialTokens#resolve}.
     */
    static TokenCodec of(TextTokenizer tokenizer, boolean prependBos) {
        SpecialTokens s = SpecialTokens.of(tokenizer);
        return of(tokenizer, s.bos().isPresent() ? s.withPrependBos(prependBos) : s);
    }

    /**
     * A tokenizer with a model folder's special tokens: BOS before prompts when {@code specials} prepends
     * it, answers end with the first stop id, generation stops at any stop id and emits only ids the
     * tokenizer can decode.
     *
     * @throws IllegalArgumentException when no end token is declared (generation could not stop)
     */
    static TokenCodec of(TextTokenizer tokenizer, SpecialTokens specials) {
        int eos = specials.firstEos()
                .orElseThrow(() -> new IllegalArgumentException("tokenizer " + tokenizer
                        + " declares no end-of-sequence token (generation_config.json, config.json or"
                        + " tokenizer_config.json); generation could not stop"));
        OptionalInt bos = specials.prependBos() ? specials.bos() : OptionalInt.empty();
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
                return specials.pad();
            }

            @Override
            public List<Integer> stopIds() {
                return specials.eos();
            }

            @Override
            public int vocabSize() {
                return specials.vocabSize();
            }

            @Override
            public int[] unknownIds() {
                return specials.unknownIds();
            }

            @Override
            public String toString() {
                return "TokenCodec[" + tokenizer + (bos.isPresent() ? ", bos+prompt" : "") + ", answer+eos]";
            }
        };
    }
}
