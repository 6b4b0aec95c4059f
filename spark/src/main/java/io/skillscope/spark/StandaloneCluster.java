package io.skillscope.spark;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * A Spark standalone cluster on 127.0.0.1 for a test or a measurement ({@code bench-scaling}): one Master
 * and {@code workers} Workers, each its own JVM started from this JVM's class path, each Worker with one
 * core. Workers launch executors through Spark's {@code WorkerCommandBuilder}, which needs a Spark home with
 * a {@code jars/} folder: one is laid out under {@code home}, with a link to every jar of the class path and
 * a jar made of every class folder. The Master and Workers get the {@code --add-opens} options Spark needs
 * on Java 17: the {@code spark.java17.opens} property when set (the build sets it for tests), else Spark's
 * own list ({@code JavaModuleOptions}).
 */
final class StandaloneCluster implements AutoCloseable {
    private final List<Process> processes = new ArrayList<>();
    private final int port;
    private final Path home;

    private StandaloneCluster(Path home, int port) {
        this.home = home;
        this.port = port;
    }

    /** The master's URL. */
    String master() {
        return "spark://127.0.0.1:" + port;
    }

    /**
     * Starts the master and the workers and waits until the master listens.
     *
     * @param home a fresh folder for the Spark home, work folders and logs
     * @param workers how many workers
     * @param workerMemory memory each worker offers its executors, e.g. {@code 1g}
     */
    static StandaloneCluster start(Path home, int workers, String workerMemory)
            throws IOException, InterruptedException {
        Path jars = home.resolve("jars");
        Files.createDirectories(jars);
        int n = 0;
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path p = Path.of(entry).toAbsolutePath();
            if (Files.isDirectory(p)) {
                jarFolder(p, jars.resolve("classes-" + (n++) + ".jar"));
            } else if (p.toString().endsWith(".jar") && Files.isRegularFile(p)) {
                Path link = jars.resolve((n++) + "-" + p.getFileName());
                Files.createSymbolicLink(link, p);
            }
        }
        int port = freePort();
        StandaloneCluster c = new StandaloneCluster(home, port);
        try {
            c.launch(
                    "master",
                    "org.apache.spark.deploy.master.Master",
                    List.of("--host", "127.0.0.1", "--port", Integer.toString(port), "--webui-port", "0"));
            waitForPort(port, 120_000);
            for (int i = 0; i < workers; i++) {
                Path work = home.resolve("work-" + i);
                Files.createDirectories(work);
                c.launch(
                        "worker-" + i,
                        "org.apache.spark.deploy.worker.Worker",
                        List.of(
                                "--host",
                                "127.0.0.1",
                                "--cores",
                                "1",
                                "--memory",
                                workerMemory,
                                "--webui-port",
                                "0",
                                "--work-dir",
                                work.toString(),
                                c.master()));
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            c.close();
            throw e;
        }
        return c;
    }

    private void launch(String name, String mainClass, List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx192m");
        cmd.add("-XX:+UseSerialGC");
        String opens = System.getProperty(
                "spark.java17.opens", org.apache.spark.launcher.JavaModuleOptions.defaultModuleOptions());
        for (String o : opens.trim().split("\\s+")) {
            if (!o.isEmpty()) {
                cmd.add(o);
            }
        }
        cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        cmd.add("-cp");
        cmd.add(home.resolve("jars").toAbsolutePath() + "/*");
        cmd.add(mainClass);
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.redirectOutput(home.resolve(name + ".log").toFile());
        pb.environment().put("SPARK_HOME", home.toAbsolutePath().toString());
        pb.environment().put("SPARK_SCALA_VERSION", "2.13");
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        pb.environment().put("SPARK_WORKER_DIR", home.toAbsolutePath().toString());
        processes.add(pb.start());
    }

    /** The log a process wrote, for a failure message. */
    String logs() throws IOException {
        StringBuilder s = new StringBuilder();
        try (Stream<Path> all = Files.walk(home)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                String f = p.getFileName().toString();
                if (Files.isRegularFile(p) && (f.endsWith(".log") || f.equals("stderr"))) {
                    String text = Files.readString(p);
                    s.append("== ")
                            .append(home.relativize(p))
                            .append('\n')
                            .append(text.substring(Math.max(0, text.length() - 3000)))
                            .append('\n');
                }
            }
        }
        return s.toString();
    }

    /** Stops the workers (and the executors they launched) and the master. */
    @Override
    public void close() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            Process p = processes.get(i);
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
        }
        for (Process p : processes) {
            try {
                if (!p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
        }
    }

    /** Whether every process of the cluster is still running. */
    boolean alive() {
        return processes.stream().allMatch(Process::isAlive);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void waitForPort(int port, long timeoutMs) throws InterruptedException, IOException {
        long end = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < end) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return;
            } catch (IOException notYet) {
                Thread.sleep(500);
            }
        }
        throw new IOException("the Spark master did not listen on port " + port + " within " + timeoutMs + " ms");
    }

    private static void jarFolder(Path folder, Path jar) throws IOException {
        try (OutputStream out = Files.newOutputStream(jar);
                JarOutputStream j = new JarOutputStream(out);
                Stream<Path> all = Files.walk(folder)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                if (Files.isRegularFile(p)) {
                    j.putNextEntry(new JarEntry(folder.relativize(p).toString().replace('\\', '/')));
                    Files.copy(p, j);
                    j.closeEntry();
                }
            }
        }
    }
}
