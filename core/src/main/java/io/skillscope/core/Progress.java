package io.skillscope.core;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * A progress line for long loops (training, evaluation): step, loss, tokens per second and the time
 * left. On a terminal it redraws one line in place; otherwise (a log file, CI) it prints a line every
 * {@code every} steps and at the last step, so logs stay short.
 *
 * <pre>{@code
 * Progress p = Progress.stderr("base", totalSteps, 50);
 * for (...) { p.step(stats.step(), stats.loss(), tokensThisStep); }
 * p.done();
 * }</pre>
 */
public final class Progress {
    private final String label;
    private final int total;
    private final int every;
    private final PrintStream out;
    private final boolean terminal;
    private final long start = System.nanoTime();
    private long tokens;
    private int lastStep;
    private double lastLoss = Double.NaN;

    /**
     * @param label what is running, printed first
     * @param total the number of steps expected (for the ETA)
     * @param every print a line every this many steps when not on a terminal (≥ 1)
     * @param out where to print, or {@code null} for silence
     * @param terminal whether {@code out} is a terminal (redraw in place)
     */
    public Progress(String label, int total, int every, PrintStream out, boolean terminal) {
        if (total < 1 || every < 1) {
            throw new SkillscopeException(
                    "progress needs total >= 1 and every >= 1, got total " + total + ", every " + every);
        }
        this.label = label;
        this.total = total;
        this.every = every;
        this.out = out;
        this.terminal = terminal;
    }

    /** Progress on standard error; redraws in place when the JVM has a console. */
    public static Progress stderr(String label, int total, int every) {
        return new Progress(label, total, every, System.err, System.console() != null);
    }

    /** A progress that prints nothing (tests, library calls that want quiet). */
    public static Progress silent(int total) {
        return new Progress("", Math.max(1, total), 1, null, false);
    }

    /** Records a finished step (1-based) with its loss and the tokens it processed. */
    public void step(int step, double loss, long stepTokens) {
        lastStep = step;
        lastLoss = loss;
        tokens += stepTokens;
        if (out == null) {
            return;
        }
        if (terminal) {
            out.print("\r" + line());
            out.flush();
        } else if (step % every == 0 || step == total) {
            out.println(line());
        }
    }

    /** Prints a closing line (a newline after an in-place bar). */
    public void done() {
        if (out == null) {
            return;
        }
        if (terminal) {
            out.println();
        } else if (lastStep % every != 0 && lastStep != total) {
            out.println(line());
        }
    }

    /** Steps recorded so far. */
    public int steps() {
        return lastStep;
    }

    /** Tokens recorded so far. */
    public long tokens() {
        return tokens;
    }

    /** Seconds since this progress was created. */
    public double elapsedSeconds() {
        return (System.nanoTime() - start) / 1e9;
    }

    /** The current line: {@code label step/total loss tokens/s elapsed eta}. */
    public String line() {
        double secs = Math.max(1e-9, elapsedSeconds());
        double perStep = lastStep == 0 ? 0 : secs / lastStep;
        long eta = Math.round(perStep * Math.max(0, total - lastStep));
        return String.format(
                Locale.ROOT,
                "%s %d/%d (%.0f%%) loss %.4f  %.0f tok/s  %s elapsed  eta %s",
                label,
                lastStep,
                total,
                100.0 * lastStep / total,
                lastLoss,
                tokens / secs,
                clock(Math.round(secs)),
                clock(eta));
    }

    private static String clock(long seconds) {
        Duration d = Duration.ofSeconds(seconds);
        return String.format(Locale.ROOT, "%d:%02d:%02d", d.toHours(), d.toMinutesPart(), d.toSecondsPart());
    }

    @Override
    public String toString() {
        return "Progress[" + line() + "]";
    }
}
