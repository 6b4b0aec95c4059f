package io.skillscope.core.config;

import io.skillscope.core.SkillscopeException;

/**
 * A model configuration is missing a field, holds a wrong type or value, or asks for something not
 * supported yet. The message names the file, the field and the value.
 */
public class ConfigException extends SkillscopeException {

    /**
     * A configuration error.
     *
     * @param message the file, the field and the offending value
     */
    public ConfigException(String message) {
        super(message);
    }

    /**
     * A configuration error with its cause (an I/O or JSON parse error).
     *
     * @param message the file and what went wrong
     * @param cause the underlying error
     */
    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
