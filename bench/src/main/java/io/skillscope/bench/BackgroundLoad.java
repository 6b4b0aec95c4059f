package io.skillscope.bench;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A background load that a benchmark starts itself: {@code n} threads that spin on arithmetic in a separate
 * child JVM, so that "one core kept busy" means the same thing in every run and on every machine. The child
 * runs {@link #main} of this class with the parent's own {@code java} and class path; it exits when
 * {@link #close()} destroys it, and also when the parent dies (it watches its standard input, which closes
 * with the parent), so a killed benchmark never leaves a spinner behind.
 *
 * <pre>{@code
 * try (BackgroundLoad load = BackgroundLoad.start(1)) {   // one core busy
 *     ... timed work ...
 * }
 * }</pre>
 *
 * <p>{@code BackgroundLoad.start(0)} is a no-op load (no process), so callers can loop over
 * {@code [0, 1]} without a special case.
 */
public final class BackgroundLoad implements AutoCloseable {
    /** Printed by the child on its standard output once all its threads spin. */
    static final String READY = "spinning";

    private final int threads;
    private final Process process; // null when threads == 0

    private BackgroundLoad(int threads, Process process) {
        this.threads = threads;
        this.process = process;
    }

    /**
     * Starts {@code threads} spinning threads in a child JVM and waits until they run.
     *
     * @param threads busy threads, {@code >= 0} (0: no process at all)
     * @return the running load; close it to stop it
     * @throws IllegalArgumentException when {@code threads < 0}
     * @throws IllegalStateException when the child cannot start or does not report ready within 30 s
     */
    public static BackgroundLoad start(int threads) {
        if (threads < 0) {
            throw new IllegalArgumentException("load threads must be >= 0, got " + threads);
        }
        if (threads == 0) {
            return new BackgroundLoad(0, null);
        }
        List<String> cmd = new ArrayList<>(ChildJvm.javaCommand());
        cmd.add("-Xmx32m");
        cmd.add("-XX:+UseSerialGC");
        cmd.add(BackgroundLoad.class.getName());
        cmd.add(Integer.toString(threads));
        Process p;
        try {
            p = new ProcessBuilder(cmd)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the background load " + cmd + ": " + e.getMessage(), e);
        }
        BackgroundLoad load = new BackgroundLoad(threads, p);
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
        try {
            String line = ChildJvm.readLine(p.getInputStream(), 30_000);
            if (!READY.equals(line)) {
                load.close();
                throw new IllegalStateException("the background load did not start (it printed '" + line + "')");
            }
        } catch (IOException e) {
            load.close();
            throw new IllegalStateException("the background load did not start: " + e.getMessage(), e);
        }
        return load;
    }

    /**
     * Busy threads.
     *
     * @return the {@code threads} this load was started with
     */
    public int threads() {
        return threads;
    }

    /**
     * Whether the child is still running.
     *
     * @return false for a no-op load or once closed
     */
    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** The child's process id, or -1 for a no-op load. */
    long pid() {
        return process == null ? -1 : process.pid();
    }

    /** Stops the child (forcibly) and waits for it to exit. */
    @Override
    public void close() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The child: spins {@code args[0]} threads until its standard input closes (the parent closed it, or
     * died).
     *
     * @param args {@code N}, the number of threads
     */
    public static void main(String[] args) throws IOException {
        int n = Integer.parseInt(args[0]);
        for (int i = 0; i < n; i++) {
            Thread t = new Thread(BackgroundLoad::spin, "spin-" + i);
            t.setDaemon(true);
            t.start();
        }
        System.out.println(READY);
        System.out.flush();
        InputStream in = System.in;
        while (in.read() >= 0) {
            // the parent never writes; EOF means it is gone
        }
        System.exit(0);
    }

    private static volatile double sink;

    private static void spin() {
        double x = 1.0;
        while (true) {
            for (int i = 0; i < 1_000_000; i++) {
                x = x * 1.0000001 + 1e-9;
            }
            sink = x;
        }
    }
}
