package io.skillscope.core.tokenizer;

import java.util.OptionalInt;

/**
 * Text to token ids and back, the way a model's tokenizer does it.
 *
 * <p>Implementations hold native resources: use them in try-with-resources.
 */
public interface TextTokenizer extends AutoCloseable {

    /**
     * Token ids for a text, without truncation or padding.
     *
     * @param text the text
     * @return the ids, in order
     */
    int[] encode(String text);

    /**
     * The text for token ids, special tokens included.
     *
     * @param ids token ids
     * @return the decoded text
     */
    String decode(int[] ids);

    /**
     * The number of ids, {@code max id + 1} over the vocabulary and added tokens.
     *
     * @return the vocabulary size
     */
    int vocabSize();

    /**
     * Ids below {@link #vocabSize()} that have no token (holes in the vocabulary): generation never emits
     * them, since they cannot be decoded.
     *
     * @return the ids, sorted; empty by default
     */
    default int[] unknownIds() {
        return new int[0];
    }

    /**
     * The end-of-sequence token id, if the tokenizer or model declares one.
     *
     * @return the id or empty
     */
    OptionalInt eosId();

    /**
     * The beginning-of-sequence token id, if declared.
     *
     * @return the id or empty
     */
    OptionalInt bosId();

    /**
     * The padding token id, if declared.
     *
     * @return the id or empty
     */
    OptionalInt padId();

    /**
     * The id of a token string, if the vocabulary has it.
     *
     * @param token the token as it appears in the vocabulary (e.g. {@code "Ġthe"} for byte-level BPE)
     * @return the id or empty
     */
    OptionalInt findId(String token);

    /**
     * The id of a token string that must exist.
     *
     * @param token the token
     * @return its id
     * @throws TokenizerException naming the token if the vocabulary lacks it
     */
    default int idOf(String token) {
        return findId(token)
                .orElseThrow(() -> new TokenizerException("token \"" + token + "\" is not in the vocabulary"));
    }

    /** Releases native resources. */
    @Override
    void close();
}
