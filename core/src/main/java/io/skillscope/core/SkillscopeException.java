package io.skillscope.core;

/**
 * The root of every exception skillscope throws on purpose.
 *
 * <p>Unchecked, so that a lambda in a notebook cell can call the library without a try block. Each
 * subclass's message names what was wrong and with which value (the file, the field, the value found).
 */
public class SkillscopeException extends RuntimeException {

    /**
     * An exception with a message that names the problem.
     *
     * @param message what was wrong, with the file, field and value where they apply
     */
    public SkillscopeException(String message) {
        super(message);
    }

    /**
     * An exception with a message and the low-level cause (an I/O error, a parse error).
     *
     * @param message what was wrong, with the file, field and value where they apply
     * @param cause the underlying error
     */
    public SkillscopeException(String message, Throwable cause) {
        super(message, cause);
    }
}
