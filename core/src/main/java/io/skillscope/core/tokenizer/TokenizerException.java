package io.skillscope.core.tokenizer;

import io.skillscope.core.SkillscopeException;

/** A tokenizer could not be loaded or asked for something it does not have; names path and value. */
public class TokenizerException extends SkillscopeException {

    /**
     * A tokenizer error.
     *
     * @param message the path or token, and what was wrong
     */
    public TokenizerException(String message) {
        super(message);
    }

    /**
     * A tokenizer error with its cause.
     *
     * @param message the path or token, and what was wrong
     * @param cause the underlying error
     */
    public TokenizerException(String message, Throwable cause) {
        super(message, cause);
    }
}
