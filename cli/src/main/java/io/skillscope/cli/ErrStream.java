package io.skillscope.cli;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * A {@link PrintStream} onto a command's error writer, for library code that reports progress on a
 * stream ({@link io.skillscope.core.Progress}); bytes are decoded as UTF-8 at each flush or line end.
 */
final class ErrStream extends OutputStream {
    private final PrintWriter err;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    private ErrStream(PrintWriter err) {
        this.err = err;
    }

    /** A print stream writing into {@code err}. */
    static PrintStream of(PrintWriter err) {
        return new PrintStream(new ErrStream(err), true, StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void write(int b) {
        pending.write(b);
        if (b == '\n' || b == '\r') {
            flush();
        }
    }

    @Override
    public synchronized void flush() {
        if (pending.size() > 0) {
            err.print(pending.toString(StandardCharsets.UTF_8));
            pending.reset();
        }
        err.flush();
    }
}
