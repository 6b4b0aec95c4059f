package io.skillscope.api;

import io.skillscope.core.SkillscopeException;
import io.skillscope.core.tokenizer.HfTokenizer;
import io.skillscope.core.tokenizer.TextTokenizer;
import io.skillscope.datasets.CharTokenizer;
import io.skillscope.probes.TokenCodec;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How a model folder turns prompts and answers into ids: the skill lab's character tokenizer when the
 * folder's {@code tokenizer.json} is one ({@code [bos] + prompt}, {@code answer + [eos]}), else the folder's
 * Hugging Face tokenizer (its beginning token before prompts when it declares one; it must declare an end
 * token). Close it to free the native tokenizer.
 *
 * <p>{@link #tokenizer(Path)} is the one reading of a folder's {@code tokenizer.json}, shared by
 * {@link Skillscope#load(Path)} and the command line ({@link #of(Path)}).
 */
public final class ModelCodec implements AutoCloseable {
    private final TokenCodec codec;
    private final TextTokenizer hf; // null for the character tokenizer
    private final String description;

    private ModelCodec(TokenCodec codec, TextTokenizer hf, String description) {
        this.codec = codec;
        this.hf = hf;
        this.description = description;
    }

    /**
     * The codec of a model folder, for the method modules (probes, unlearning, localization).
     *
     * @throws SkillscopeException naming the folder when it has no {@code tokenizer.json}, or the file when
     *     its tokenizer declares no end token
     */
    public static ModelCodec of(Path folder) {
        Path json = folder.resolve("tokenizer.json");
        if (!Files.isRegularFile(json)) {
            throw new SkillscopeException(
                    "model folder " + folder + " has no tokenizer.json; prompts cannot be encoded");
        }
        TextTokenizer tok = tokenizer(folder);
        if (tok instanceof CharTextTokenizer c) {
            return new ModelCodec(TokenCodec.of(c.chars()), null, "character tokenizer (" + c.vocabSize() + " ids)");
        }
        try {
            return new ModelCodec(TokenCodec.of(tok, true), tok, "tokenizer.json of " + folder);
        } catch (IllegalArgumentException e) {
            tok.close();
            throw new SkillscopeException(json + ": " + e.getMessage(), e);
        }
    }

    /**
     * The tokenizer of a folder that holds a {@code tokenizer.json}: one written by the skill lab's
     * {@link CharTokenizer} (WordLevel, its four specials first) is read as that tokenizer, so {@code <bos>}
     * goes before prompts and generation stops at {@code <eos>} (its folders declare no special tokens that
     * a generic Hugging Face loader would find); any other is loaded with {@link HfTokenizer}.
     */
    static TextTokenizer tokenizer(Path folder) {
        Path json = folder.resolve("tokenizer.json");
        CharTokenizer chars;
        try {
            chars = CharTokenizer.load(json);
        } catch (IllegalArgumentException notCharacters) {
            chars = null; // another kind of tokenizer
        }
        return chars != null ? new CharTextTokenizer(chars) : HfTokenizer.load(folder);
    }

    /** The token conventions of the method modules for this folder. */
    public TokenCodec codec() {
        return codec;
    }

    @Override
    public void close() {
        if (hf != null) {
            hf.close();
        }
    }

    @Override
    public String toString() {
        return description;
    }
}
