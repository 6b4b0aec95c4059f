package io.skillscope.notebooks.kernel;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * Keeps the kernel's own start-up chatter out of the terminal that runs Jupyter: without it every
 * notebook printed about 120 lines before its first cell (two lines per classpath jar, "Parsing
 * classpath: …" and "Add … to classpath", on the kernel's standard output, and an INFO line per Jupyter
 * message from its {@code java.util.logging} logger).
 *
 * <p>Two parts: {@link #install()} sets the root {@code java.util.logging} level to WARNING for what the
 * kernel logs before it reads its configuration, and the launcher jar carries a {@code logging.properties}
 * (root and console at WARNING), which the kernel's {@code MainApp} reads from its class loader because
 * {@code install-kernel.sh} puts the launcher first on the JVM's class path. The standard output is
 * wrapped by a line filter that drops the two classpath lines only: a cell's output never passes through
 * it, since the kernel swaps {@code System.out} for each execution. Warnings and errors still print. Set
 * {@value #VERBOSE_ENV}=1 to see everything.
 */
final class QuietStartup {
    /** Environment variable that turns the filter off (any non-empty value but "0"). */
    static final String VERBOSE_ENV = "SKILLSCOPE_KERNEL_VERBOSE";

    /** The kernel's per-jar lines (rapaio-jupyter-kernel 3.0.1, {@code JavaEngine.Builder}). */
    static final Pattern CLASSPATH_LINE = Pattern.compile("^(Parsing classpath: .*|Add .* to classpath)$");

    private QuietStartup() {}

    /** Quiets the kernel unless {@value #VERBOSE_ENV} asks for everything. */
    static void install() {
        String verbose = System.getenv(VERBOSE_ENV);
        if (verbose != null && !verbose.isEmpty() && !verbose.equals("0")) {
            return;
        }
        Logger.getLogger("").setLevel(Level.WARNING);
        System.setOut(new PrintStream(new DroppingLines(System.out), true, StandardCharsets.UTF_8));
    }

    /** An output stream that passes whole lines on, except those {@link #CLASSPATH_LINE} matches. */
    static final class DroppingLines extends OutputStream {
        private final OutputStream out;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        DroppingLines(OutputStream out) {
            this.out = out;
        }

        @Override
        public synchronized void write(int b) throws java.io.IOException {
            line.write(b);
            if (b == '\n') {
                emit();
            }
        }

        private void emit() throws java.io.IOException {
            String text = line.toString(StandardCharsets.UTF_8);
            line.reset();
            if (!CLASSPATH_LINE.matcher(text.stripTrailing()).matches()) {
                out.write(text.getBytes(StandardCharsets.UTF_8));
            }
        }

        @Override
        public synchronized void flush() throws java.io.IOException {
            out.flush();
        }

        @Override
        public synchronized void close() throws java.io.IOException {
            if (line.size() > 0) {
                emit();
            }
            out.flush();
        }
    }
}
