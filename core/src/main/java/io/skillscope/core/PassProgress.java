package io.skillscope.core;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/**
 * Progress of a pass over items (probe rows, prompts to generate) deep inside a library call, shown by a
 * {@link Listener} that the caller installs for its thread. Library code reports counts and never prints;
 * with no listener installed a pass costs one thread-local read.
 *
 * <pre>{@code
 * // the command line
 * try (PassProgress.Scope s = PassProgress.install(PassProgress.lines(System.err, System.console() != null, 10))) {
 *     Unlearning.fit(...);                       // its passes report themselves
 * }
 * // a library loop
 * try (PassProgress p = PassProgress.start("probe forget", rows.size())) {
 *     for (...) { ...; p.advance(batch.size()); }
 * }
 * // a caller naming the passes below it
 * try (PassProgress.Scope s = PassProgress.named("KSD calibration on dev")) { ... }
 * }</pre>
 */
public final class PassProgress implements AutoCloseable {
    /** Receives the passes of one thread. */
    public interface Listener {
        /**
         * A pass advanced (also called once with {@code done = 0} when it starts).
         *
         * @param label what the pass is
         * @param done items finished
         * @param total items in the pass
         * @param seconds since the pass started
         */
        void update(String label, int done, int total, double seconds);

        /**
         * A pass ended.
         *
         * @param label what the pass was
         * @param done items finished
         * @param total items in the pass
         * @param seconds it took
         */
        void finish(String label, int done, int total, double seconds);
    }

    /** Undoes an {@link #install} or a {@link #named}. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    private static final ThreadLocal<Listener> LISTENER = new ThreadLocal<>();
    private static final ThreadLocal<Deque<String>> NAMES = ThreadLocal.withInitial(ArrayDeque::new);

    private final Listener listener;
    private final String label;
    private final int total;
    private final long start = System.nanoTime();
    private int done;

    private PassProgress(Listener listener, String label, int total) {
        this.listener = listener;
        this.label = label;
        this.total = total;
    }

    /**
     * Installs a listener for this thread until the scope closes (the previous one is restored).
     *
     * @param listener the listener, or null for none
     * @return the scope
     */
    public static Scope install(Listener listener) {
        Listener previous = LISTENER.get();
        LISTENER.set(listener);
        return () -> LISTENER.set(previous);
    }

    /**
     * Names the passes started on this thread until the scope closes: a pass reports as
     * {@code "<name>: <its own label>"}; nested names join with ": ".
     *
     * @param name e.g. {@code "KSD calibration on dev"}
     * @return the scope
     */
    public static Scope named(String name) {
        Deque<String> names = NAMES.get();
        names.addLast(name);
        return names::removeLast;
    }

    /**
     * Starts a pass.
     *
     * @param label what the pass does, e.g. {@code "generate 1,600 prompts"}
     * @param total the number of items
     * @return the pass; close it when it ends
     */
    public static PassProgress start(String label, int total) {
        Listener l = LISTENER.get();
        Deque<String> names = NAMES.get();
        String full = names.isEmpty() ? label : String.join(": ", names) + ": " + label;
        PassProgress p = new PassProgress(l, full, Math.max(0, total));
        if (l != null) {
            l.update(full, 0, p.total, 0);
        }
        return p;
    }

    /** Records {@code n} more finished items. */
    public void advance(int n) {
        done += n;
        if (listener != null) {
            listener.update(label, done, total, seconds());
        }
    }

    /** The pass's full label (with the names around it). */
    public String label() {
        return label;
    }

    private double seconds() {
        return (System.nanoTime() - start) / 1e9;
    }

    /** Ends the pass. */
    @Override
    public void close() {
        if (listener != null) {
            listener.finish(label, done, total, seconds());
        }
    }

    /**
     * A listener for a command line. On a terminal it redraws one line in place ({@code label
     * done/total (pct) elapsed}), from the first second of a pass on; elsewhere (a log) it prints a line
     * every {@code everySeconds} and a closing line for any pass that took longer than that, so short
     * passes stay silent.
     *
     * @param out the stream (stderr)
     * @param terminal whether it is a terminal
     * @param everySeconds the interval between lines when not a terminal
     * @return the listener
     */
    public static Listener lines(PrintStream out, boolean terminal, double everySeconds) {
        return lines(new PrintWriter(out, true), terminal, everySeconds);
    }

    /** As {@link #lines(PrintStream, boolean, double)} on a writer (a command's error writer). */
    public static Listener lines(PrintWriter out, boolean terminal, double everySeconds) {
        return new Listener() {
            private double lastShown = -1;
            private boolean drawn;

            @Override
            public void update(String label, int done, int total, double seconds) {
                if (done == 0) {
                    lastShown = 0;
                    drawn = false;
                    return;
                }
                if (terminal) {
                    if (seconds >= 1 && seconds - lastShown >= 0.25) {
                        out.print("\r" + line(label, done, total, seconds) + "   ");
                        out.flush();
                        lastShown = seconds;
                        drawn = true;
                    }
                } else if (seconds - lastShown >= everySeconds) {
                    out.println(line(label, done, total, seconds));
                    out.flush();
                    lastShown = seconds;
                    drawn = true;
                }
            }

            @Override
            public void finish(String label, int done, int total, double seconds) {
                if (drawn || seconds >= everySeconds) {
                    out.print((terminal ? "\r" : "") + line(label, done, total, seconds) + " done"
                            + System.lineSeparator());
                    out.flush();
                }
                drawn = false;
            }
        };
    }

    /** {@code label done/total (pct%) 12.3 s}. */
    public static String line(String label, int done, int total, double seconds) {
        return String.format(
                Locale.ROOT,
                "%s %,d/%,d (%.0f%%) %.1f s",
                label,
                done,
                total,
                total == 0 ? 100.0 : 100.0 * done / total,
                seconds);
    }
}
