package io.skillscope.datasets;

import java.nio.file.Path;

/**
 * A data file that cannot be read as examples; the message names the file, the 1-based line and
 * what is wrong.
 */
public final class DatasetFormatException extends io.skillscope.core.SkillscopeException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final int line;

    /**
     * Creates the exception.
     *
     * @param file the file
     * @param line the 1-based line number
     * @param problem what is wrong, e.g. {@code missing field "answer"}
     * @param cause the underlying parse error, or null
     */
    public DatasetFormatException(Path file, int line, String problem, Throwable cause) {
        super(file + " line " + line + ": " + problem, cause);
        this.file = file;
        this.line = line;
    }

    /** The file that could not be read. */
    public Path file() {
        return file;
    }

    /** The 1-based line number of the problem. */
    public int line() {
        return line;
    }
}
