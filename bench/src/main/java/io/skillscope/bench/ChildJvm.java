package io.skillscope.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Child processes of a benchmark: a JVM on this JVM's own {@code java} and class path (for settings that must
 * be in place before PyTorch's native library loads, such as OpenMP's environment variables), or any other
 * program (the PyTorch-eager anchor). Output goes to a pipe; the last line of standard output is the
 * result.
 */
final class ChildJvm {
    private ChildJvm() {}

    /**
     * This JVM's {@code java} binary and class path.
     *
     * @return {@code [JAVA_HOME/bin/java, -cp, CLASSPATH]}
     */
    static List<String> javaCommand() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return List.of(java, "-cp", System.getProperty("java.class.path"));
    }

    /**
     * Runs {@code mainClass} in a child JVM with extra environment variables and system properties, and
     * returns the last line it printed on standard output.
     *
     * @param mainClass the class whose {@code main} runs
     * @param env environment variables to set (a null value removes the variable)
     * @param properties {@code -D} system properties
     * @param jvmOptions further JVM options ({@code -Xmx...})
     * @param args the program's arguments
     * @param timeoutSeconds how long to wait
     * @return the last non-empty line of standard output
     * @throws IllegalStateException when it fails, naming the command and its standard error's tail
     */
    static String runJava(
            Class<?> mainClass,
            Map<String, String> env,
            Map<String, String> properties,
            List<String> jvmOptions,
            List<String> args,
            long timeoutSeconds) {
        List<String> cmd = new ArrayList<>(javaCommand().subList(0, 1));
        cmd.addAll(jvmOptions);
        properties.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.addAll(javaCommand().subList(1, 3));
        cmd.add(mainClass.getName());
        cmd.addAll(args);
        return run(cmd, env, timeoutSeconds);
    }

    /**
     * Runs a program and returns the last non-empty line it printed on standard output.
     *
     * @param cmd the command
     * @param env environment variables to set (a null value removes the variable)
     * @param timeoutSeconds how long to wait
     * @return that line
     * @throws IllegalStateException when it cannot start, times out or exits non-zero
     */
    static String run(List<String> cmd, Map<String, String> env, long timeoutSeconds) {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        env.forEach((k, v) -> {
            if (v == null) {
                pb.environment().remove(k);
            } else {
                pb.environment().put(k, v);
            }
        });
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + cmd.get(0) + ": " + e.getMessage(), e);
        }
        try {
            p.getOutputStream().close();
            Drain out = new Drain(p.getInputStream());
            Drain err = new Drain(p.getErrorStream());
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(
                        "timed out after " + timeoutSeconds + " s: " + String.join(" ", shortCommand(cmd)));
            }
            out.join();
            err.join();
            String stdout = out.text();
            if (p.exitValue() != 0) {
                throw new IllegalStateException("exit " + p.exitValue() + " from " + String.join(" ", shortCommand(cmd))
                        + ":\n" + tail(err.text(), 2000));
            }
            String last = "";
            for (String line : stdout.split("\n")) {
                if (!line.isBlank()) {
                    last = line.strip();
                }
            }
            if (last.isEmpty()) {
                throw new IllegalStateException(
                        "no output from " + String.join(" ", shortCommand(cmd)) + ":\n" + tail(err.text(), 2000));
            }
            return last;
        } catch (IOException e) {
            throw new IllegalStateException("reading from " + cmd.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IllegalStateException("interrupted", e);
        } finally {
            p.destroyForcibly();
        }
    }

    /**
     * Reads one line from a stream, failing after a timeout.
     *
     * @param in the stream
     * @param timeoutMillis how long to wait
     * @return the line without its end, or null at end of stream
     * @throws IOException on a read error or a timeout
     */
    static String readLine(InputStream in, long timeoutMillis) throws IOException {
        StringBuilder sb = new StringBuilder();
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (true) {
            while (in.available() == 0) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IOException("no line within " + timeoutMillis + " ms");
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
            }
            int c = in.read();
            if (c < 0) {
                return sb.isEmpty() ? null : sb.toString();
            }
            if (c == '\n') {
                return sb.toString();
            }
            sb.append((char) c);
        }
    }

    private static List<String> shortCommand(List<String> cmd) {
        List<String> s = new ArrayList<>();
        for (String a : cmd) {
            s.add(a.length() > 120 ? a.substring(0, 60) + "..." : a);
        }
        return s;
    }

    private static String tail(String s, int n) {
        return s.length() <= n ? s : "..." + s.substring(s.length() - n);
    }

    /** Reads a stream to its end on its own thread (so that a full pipe never blocks the child). */
    private static final class Drain extends Thread {
        private final InputStream in;
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();

        Drain(InputStream in) {
            this.in = in;
            setDaemon(true);
            start();
        }

        @Override
        public void run() {
            try {
                in.transferTo(buf);
            } catch (IOException e) {
                // the process is gone; keep what was read
            }
        }

        String text() {
            return buf.toString(StandardCharsets.UTF_8);
        }
    }
}
