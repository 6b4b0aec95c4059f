package io.skillscope.api;

import io.skillscope.core.SkillscopeException;
import io.skillscope.core.config.ModelConfig;
import io.skillscope.core.tokenizer.HfTokenizer;
import io.skillscope.core.tokenizer.SpecialTokens;
import io.skillscope.core.tokenizer.TextTokenizer;
import io.skillscope.datasets.CharTokenizer;
import io.skillscope.probes.TokenCodec;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How a model folder turns prompts and answers into ids, and generated ids back into text: its tokenizer
 * ({@link #tokenizer(Path)}) plus its special tokens ({@link SpecialTokens#resolve}: BOS, whether prompts
 * start with it, the stop ids and padding, from {@code generation_config.json}, {@code config.json},
 * {@code tokenizer.json}'s post-processor and {@code tokenizer_config.json}, precedence in that class).
 * This is the one reading of a model folder's tokens, shared by {@link Skillscope#load(Path)} (the
 * facade's {@link Model}), {@code skillscope generate} and the pipeline commands (probe, unlearn,
 * localize). Close it to free the native tokenizer.
 *
 * <p>Opening checks, before any weights are read or any compute runs, that the tokenizer fits the model
 * ({@code config.json}'s {@code vocab_size}): a larger vocabulary or an out-of-range special id is an
 * error naming the file and both sizes; a smaller one (Qwen2.5's embedding has 271 more rows than its
 * tokenizer) is masked out of generation.
 */
public final class ModelCodec implements AutoCloseable {
    private final Path folder;
    private final TextTokenizer tokenizer;
    private final SpecialTokens specials;

    private ModelCodec(Path folder, TextTokenizer tokenizer, SpecialTokens specials) {
        this.folder = folder;
        this.tokenizer = tokenizer;
        this.specials = specials;
    }

    /**
     * The codec of a model folder, for the method modules (probes, unlearning, localization), which need
     * an end token.
     *
     * @throws SkillscopeException naming the folder when it has no {@code tokenizer.json}, or the files when
     *     no end token is declared or the tokenizer does not fit the model
     */
    public static ModelCodec of(Path folder) {
        ModelCodec c = open(folder);
        if (c.specials.eos().isEmpty()) {
            c.close();
            throw new SkillscopeException(folder.resolve("tokenizer.json") + ": no end-of-sequence token is declared"
                    + " (generation_config.json or config.json eos_token_id, tokenizer_config.json eos_token);"
                    + " probes, unlearning and localization need one to end answers and stop generation");
        }
        return c;
    }

    /**
     * The tokenizer and special tokens of a model folder, checked against its {@code config.json}; an end
     * token is optional (generation then stops only at the length limit).
     *
     * @param folder a Hugging Face model folder with {@code config.json} and {@code tokenizer.json}
     * @return the codec; close it
     * @throws SkillscopeException naming the folder when it has no {@code tokenizer.json}, or the file when
     *     the tokenizer does not fit the model
     */
    public static ModelCodec open(Path folder) {
        Path json = folder.resolve("tokenizer.json");
        if (!Files.isRegularFile(json)) {
            throw new SkillscopeException(
                    "model folder " + folder + " has no tokenizer.json; prompts cannot be encoded");
        }
        int modelVocab = ModelConfig.load(folder.resolve("config.json")).vocabSize();
        TextTokenizer tok = tokenizer(folder);
        try {
            SpecialTokens s = SpecialTokens.resolve(folder, tok).check(modelVocab, json);
            return new ModelCodec(folder, tok, s);
        } catch (RuntimeException e) {
            tok.close();
            throw e;
        }
    }

    /**
     * The tokenizer of a folder that holds a {@code tokenizer.json}: one written by the skill lab's
     * {@link CharTokenizer} (WordLevel, its four specials first) is read as that tokenizer (its decoding of
     * specials by spelling); any other is loaded with {@link HfTokenizer}. Either way the special tokens come
     * from {@link SpecialTokens#resolve}.
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

    /** The tokenizer; owned by this codec. */
    public TextTokenizer tokenizer() {
        return tokenizer;
    }

    /** The folder's special tokens. */
    public SpecialTokens specials() {
        return specials;
    }

    /** Hands the tokenizer to a new owner (the facade's Model): closing this codec no longer closes it. */
    TextTokenizer release() {
        released = true;
        return tokenizer;
    }

    private boolean released;

    /**
     * The token conventions of the method modules for this folder.
     *
     * @throws SkillscopeException when no end token is declared
     */
    public TokenCodec codec() {
        try {
            return TokenCodec.of(tokenizer, specials);
        } catch (IllegalArgumentException e) {
            throw new SkillscopeException(folder.resolve("tokenizer.json") + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (!released) {
            tokenizer.close();
        }
    }

    @Override
    public String toString() {
        return "tokens of " + folder + " (" + tokenizer + ", " + specials + ")";
    }
}
