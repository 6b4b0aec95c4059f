package io.skillscope.core.checkpoint;

import io.skillscope.core.SkillscopeException;

/**
 * A checkpoint or tensor file could not be read or written: a malformed safetensors header, a missing
 * tensor or shard, a refused pickle, an I/O error. The message names the file, the field and the value.
 */
public class CheckpointException extends SkillscopeException {

    /**
     * A checkpoint error.
     *
     * @param message the file, the field and the offending value
     */
    public CheckpointException(String message) {
        super(message);
    }

    /**
     * A checkpoint error caused by a lower-level error.
     *
     * @param message the file, the field and the offending value
     * @param cause the underlying error
     */
    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
