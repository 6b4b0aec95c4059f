package io.skillscope.core.memory;

import io.skillscope.core.SkillscopeException;

/**
 * A command whose memory estimate exceeds what the machine or the JVM has, refused before it allocated
 * anything. The message names the command, the estimate, its parts and the budget.
 */
public final class InsufficientMemoryException extends SkillscopeException {
    private final transient MemoryEstimate estimate;

    /**
     * @param message what does not fit, with the numbers
     * @param estimate the estimate that was refused
     */
    public InsufficientMemoryException(String message, MemoryEstimate estimate) {
        super(message);
        this.estimate = estimate;
    }

    /** The refused estimate. */
    public MemoryEstimate estimate() {
        return estimate;
    }
}
