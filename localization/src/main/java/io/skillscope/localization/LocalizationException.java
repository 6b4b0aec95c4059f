package io.skillscope.localization;

import io.skillscope.core.SkillscopeException;

/** Localization could not run; the message names the file, setting or value. */
public class LocalizationException extends SkillscopeException {

    /**
     * @param message what was wrong, naming the file, setting or value
     */
    public LocalizationException(String message) {
        super(message);
    }
}
