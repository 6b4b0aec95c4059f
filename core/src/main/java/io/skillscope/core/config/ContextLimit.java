package io.skillscope.core.config;

import io.skillscope.core.SkillscopeException;

/**
 * The one context-length rule: a sequence the model sees, prompt and everything after it, holds at most
 * the model's context ({@code config.json}'s {@code max_position_embeddings}, GPT-2's {@code n_positions})
 * tokens. An input longer than that is refused, never truncated: the command names the file and line
 * (JSONL) or the option ({@code --ids}, {@code --text}, {@code --prompt}) and both lengths. Generation
 * is the one exception the rule allows: a length limit on new tokens past the context is capped to what
 * still fits ({@link #capNew}), and the command says so in one line.
 *
 * @param tokens the context, in tokens
 * @param field the {@code config.json} field it comes from, for messages
 */
public record ContextLimit(int tokens, String field) {
    /** Validates the record. */
    public ContextLimit {
        if (tokens < 1) {
            throw new IllegalArgumentException("context must be >= 1 token, got " + tokens);
        }
    }

    /** The context of a model. */
    public static ContextLimit of(ModelConfig c) {
        return new ContextLimit(
                c.maxPositions(), c.architecture() == Architecture.GPT2 ? "n_positions" : "max_position_embeddings");
    }

    /** Whether a sequence of {@code length} tokens fits. */
    public boolean fits(long length) {
        return length <= tokens;
    }

    /**
     * The refusal of a sequence that does not fit, one line: {@code WHAT is N tokens, longer than the
     * model's M-token context (config.json FIELD)}.
     */
    public String describe(long length, String what) {
        return what + " is " + length + " tokens, longer than the model's " + tokens + "-token context (config.json "
                + field + ")";
    }

    /**
     * Refuses a sequence longer than the context.
     *
     * @param length its tokens
     * @param what what it is, for the message (a file and line, an option)
     * @throws ContextLengthException naming it and both lengths
     */
    public void require(long length, String what) {
        if (!fits(length)) {
            throw new ContextLengthException(describe(length, what));
        }
    }

    /**
     * New tokens that still fit after a prompt: {@code min(maxNew, tokens − promptLength)}, at least 0.
     *
     * @param promptLength the prompt's tokens (which must fit)
     * @param maxNew the requested limit
     */
    public int capNew(int promptLength, int maxNew) {
        return (int) Math.max(0, Math.min(maxNew, (long) tokens - promptLength));
    }

    /** A sequence longer than the model's context. */
    public static final class ContextLengthException extends SkillscopeException {
        /** @param message the input, its length and the context */
        public ContextLengthException(String message) {
            super(message);
        }
    }
}
