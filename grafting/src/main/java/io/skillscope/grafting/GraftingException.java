package io.skillscope.grafting;

import io.skillscope.core.SkillscopeException;

/** A weight-space operation could not be done; the message names the file, tensor and value. */
public class GraftingException extends SkillscopeException {

    /**
     * @param message what was wrong, naming the file, tensor and value
     */
    public GraftingException(String message) {
        super(message);
    }

    /**
     * @param message what was wrong, naming the file, tensor and value
     * @param cause the underlying error
     */
    public GraftingException(String message, Throwable cause) {
        super(message, cause);
    }
}
