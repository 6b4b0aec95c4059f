package io.skillscope.core.memory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What this process may use: physical memory available ({@code MemAvailable} of {@code /proc/meminfo},
 * plus what this process already holds) and the JVM's maximum heap. {@link #require} refuses an
 * estimate that exceeds either before the command allocates anything.
 *
 * @param physical bytes of physical memory the command may use
 * @param maxHeap the JVM's maximum heap ({@link Runtime#maxMemory()})
 */
public record MemoryBudget(long physical, long maxHeap) {
    /** System property that turns the check off ({@code -Dskillscope.memory.check=false}). */
    public static final String CHECK_PROPERTY = "skillscope.memory.check";

    /**
     * The machine's budget now: {@code MemAvailable} plus this process's resident set, and the JVM's max
     * heap. Where {@code /proc/meminfo} cannot be read, the physical budget is unlimited.
     */
    public static MemoryBudget ofMachine() {
        long physical = Long.MAX_VALUE;
        try {
            long available = kibField(Path.of("/proc/meminfo"), "MemAvailable:");
            long rss = kibField(Path.of("/proc/self/status"), "VmRSS:");
            if (available > 0) {
                physical = (available + Math.max(0, rss)) * 1024;
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: no physical check
        }
        return new MemoryBudget(physical, Runtime.getRuntime().maxMemory());
    }

    /** Peak resident set of this process so far ({@code VmHWM}), in bytes; -1 where unknown. */
    public static long peakRss() {
        try {
            long k = kibField(Path.of("/proc/self/status"), "VmHWM:");
            return k < 0 ? -1 : k * 1024;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static long kibField(Path file, String key) throws IOException {
        List<String> lines = Files.readAllLines(file);
        for (String line : lines) {
            if (line.startsWith(key)) {
                String[] parts = line.substring(key.length()).trim().split("\\s+");
                return Long.parseLong(parts[0]);
            }
        }
        return -1;
    }

    /**
     * Refuses an estimate that does not fit.
     *
     * @param e the command's estimate
     * @throws InsufficientMemoryException naming the command, the estimate and the budget
     */
    public void require(MemoryEstimate e) {
        if (e.total() > physical) {
            throw new InsufficientMemoryException(
                    e.command() + " needs an estimated " + e.describe() + ", but only "
                            + MemoryEstimate.human(physical) + " of physical memory is available"
                            + " (MemAvailable); use a smaller --batch, a machine with more memory, or a smaller"
                            + " model (-D" + CHECK_PROPERTY + "=false skips this check)",
                    e);
        }
        if (e.heap() > maxHeap) {
            throw new InsufficientMemoryException(
                    e.command() + " keeps an estimated " + MemoryEstimate.human(e.heap()) + " on the Java heap,"
                            + " more than the JVM's maximum heap " + MemoryEstimate.human(maxHeap)
                            + " (raise -Xmx through SKILLSCOPE_JAVA_OPTS)",
                    e);
        }
    }

    /**
     * Checks an estimate against the machine's budget unless {@link #CHECK_PROPERTY} is {@code false}.
     *
     * @param e the command's estimate
     * @throws InsufficientMemoryException when it does not fit
     */
    public static void check(MemoryEstimate e) {
        if (!"false".equals(System.getProperty(CHECK_PROPERTY))) {
            ofMachine().require(e);
        }
    }
}
