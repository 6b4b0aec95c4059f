package io.skillscope.notebooks.kernel;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.util.HashMap;
import java.util.Map;

/**
 * Starts the rapaio Java kernel ({@code org.rapaio.jupyter.kernel.MainApp}) and restarts any of its
 * socket loop threads that a start-up race killed, which otherwise leaves the kernel alive but deaf.
 *
 * <p>rapaio-jupyter-kernel 3.0.1 has two such races, both seen on a loaded 2-core machine (together in
 * about 1 start of 3, each ending in "Kernel didn't respond in 60 seconds"):
 * <ol>
 *   <li>{@code LoopThread.start()} calls {@code Thread.start()} before it sets {@code running = true};
 *       a loop thread that gets the CPU first sees {@code false} and returns at once, silently.</li>
 *   <li>{@code Channels.connect} binds the sockets and starts their loops before it creates the
 *       message-handler map. Clients queue a {@code kernel_info_request} as soon as they start, so it
 *       arrives the moment the shell socket is bound; when it wins, {@code Channels.getHandler} throws a
 *       NullPointerException outside the loop's try block and the shell loop thread dies.</li>
 * </ol>
 * Either way the heartbeat (or the process) stays alive and the client waits for its whole start-up
 * timeout. This launcher needs no change to the kernel: a watchdog thread waits until the channels are
 * connected (handlers exist), then every {@value #PERIOD_MILLIS} ms checks the heartbeat, shell and
 * control loops and replaces a dead one (not closed, no shutdown requested) with a new daemon loop thread
 * over the same loop body and socket, its {@code running} flag set before it starts. A request lost to
 * race 2 is harmless: clients repeat {@code kernel_info_request} every second until one is answered.
 */
public final class KernelLauncher {
    static final String MAIN = "org.rapaio.jupyter.kernel.MainApp";
    static final long PERIOD_MILLIS = 100;
    private static final int MAX_RESTARTS = 5;
    private static final String[] LOOPED_CHANNELS = {"shell", "control", "heartbeat"};

    private KernelLauncher() {}

    /** Arguments as for the kernel: the connection file. */
    public static void main(String[] args) throws Throwable {
        QuietStartup.install();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> {
            log("thread " + t.getName() + " died: " + e);
            e.printStackTrace();
        });
        Thread watchdog = new Thread(KernelLauncher::watch, "skillscope-kernel-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        try {
            Class.forName(MAIN).getMethod("main", String[].class).invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    static void watch() {
        Map<String, Integer> restarts = new HashMap<>();
        try {
            Object channels = awaitConnectedChannels();
            while (!shuttingDown(channels)) {
                for (String name : LOOPED_CHANNELS) {
                    Object channel = field(channels, name);
                    Thread loop = (Thread) field(channel, "loopThread");
                    if (loop == null || loop.getState() != Thread.State.TERMINATED) {
                        continue;
                    }
                    Thread.sleep(2 * PERIOD_MILLIS); // let a shutdown that is under way show itself
                    if (shuttingDown(channels)
                            || Boolean.TRUE.equals(field(channel, "closed"))
                            || field(channel, "loopThread") != loop) {
                        continue;
                    }
                    int n = restarts.merge(name, 1, Integer::sum);
                    if (n > MAX_RESTARTS) {
                        log("the " + name + " loop died " + n + " times; giving up");
                        return;
                    }
                    restart(channel, loop);
                    log("restarted the " + name + " loop thread " + loop.getName() + " (it ended during start-up)");
                }
                Thread.sleep(PERIOD_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ReflectiveOperationException | RuntimeException e) {
            log("watchdog stopped: " + e);
        }
    }

    /** A new loop thread over the dead one's body, marked running before it starts (so race 1 cannot recur). */
    private static void restart(Object channel, Thread dead) throws ReflectiveOperationException {
        Constructor<?> ctor = dead.getClass().getConstructor(String.class, long.class, Runnable.class);
        Thread fresh = (Thread)
                ctor.newInstance(dead.getName(), (long) field(dead, "sleep"), (Runnable) field(dead, "loopBody"));
        fresh.setDaemon(true);
        setField(fresh, "running", true);
        setField(channel, "loopThread", fresh);
        fresh.start();
    }

    private static boolean shuttingDown(Object channels) throws ReflectiveOperationException {
        return Boolean.TRUE.equals(
                channels.getClass().getMethod("isMarkedForShutdown").invoke(channels));
    }

    /** The kernel's {@code Channels} once {@code connect} has finished (its handlers exist). */
    private static Object awaitConnectedChannels() throws ReflectiveOperationException, InterruptedException {
        Object kernel = Class.forName(MAIN).getField("kernel").get(null);
        while (true) {
            Object channels = kernel.getClass().getMethod("channels").invoke(kernel);
            if (channels != null && Boolean.TRUE.equals(field(channels, "isConnected"))) {
                return channels;
            }
            Thread.sleep(10);
        }
    }

    private static Field find(Object target, String name) throws NoSuchFieldException {
        for (Class<?> c = target.getClass(); c != null; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField(name);
                f.setAccessible(true);
                return f;
            } catch (NoSuchFieldException e) {
                // look in the superclass
            }
        }
        throw new NoSuchFieldException(target.getClass().getName() + "." + name);
    }

    private static Object field(Object target, String name) throws ReflectiveOperationException {
        return find(target, name).get(target);
    }

    private static void setField(Object target, String name, Object value) throws ReflectiveOperationException {
        find(target, name).set(target, value);
    }

    private static void log(String message) {
        System.err.println("[skillscope-kernel] " + message);
    }
}
