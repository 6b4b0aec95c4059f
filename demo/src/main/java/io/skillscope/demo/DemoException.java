package io.skillscope.demo;

import io.skillscope.core.SkillscopeException;

/** A demo or report failure that names the folder, file, field or value at fault. */
public class DemoException extends SkillscopeException {
    private static final long serialVersionUID = 1L;

    /** An error with a message. */
    public DemoException(String message) {
        super(message);
    }

    /** An error with a message and a cause. */
    public DemoException(String message, Throwable cause) {
        super(message, cause);
    }
}
