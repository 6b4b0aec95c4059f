package io.skillscope.spark;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.skillscope.cli.Main;
import io.skillscope.core.Json;
import io.skillscope.core.SkillscopeException;
import io.skillscope.core.checkpoint.AtomicFolder;
import io.skillscope.demo.ArtifactReports;
import io.skillscope.reports.IndexPage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Serializable;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine;

/**
 * A sweep as Spark tasks: every {@link SweepPoint} runs its {@code skillscope} command (in the executor's
 * JVM, through {@link Main#commandLine()}) into {@code ROOT/<point>/}, which the command builds as an
 * all-or-nothing folder ({@link AtomicFolder}): a task that dies is retried by Spark, and a reader finds a
 * point's folder complete or absent, never half-written. A point's artifacts depend only on its command
 * line (seeds included), so any partitioning of the points gives the same bytes. The driver then renders
 * each point's report ({@code ROOT/reports/<point>.html}), writes {@code ROOT/sweep.json} (every point's
 * command, exit code and seconds) and one {@code ROOT/index.html} over all points.
 */
public final class DistributedSweep {
    /**
     * One point at a time per JVM: DJL's PyTorch autograd has one gradient collector per JVM ("A
     * PtGradientCollector is already collecting"), so two localize points in one executor cannot train at
     * once. Parallelism comes from executors; give each one core ({@code spark.executor.cores=1}).
     */
    private static final Object ONE_POINT_PER_JVM = new Object();

    private DistributedSweep() {}

    /**
     * What one point's task reports.
     *
     * @param name the point's folder name
     * @param title its index line
     * @param args its command line, {@code --out} included
     * @param seconds wall time of the command
     * @param attempt Spark's attempt number of the task that completed it (0 for the first)
     */
    public record Outcome(String name, String title, List<String> args, double seconds, int attempt)
            implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /**
     * What a point's task does on an executor: writes {@code ROOT/<point>/} as an all-or-nothing folder and
     * reports; throws (so that Spark retries the task) when the point fails.
     */
    @FunctionalInterface
    public interface PointTask extends Serializable {
        /**
         * Runs one point.
         *
         * @param root the sweep's folder (absolute)
         * @param point the point
         * @return its outcome
         */
        Outcome run(String root, SweepPoint point) throws IOException;
    }

    /**
     * Runs every point as a {@code skillscope} command line ({@link Main#commandLine()}) and writes the index.
     *
     * @param sc the Spark context
     * @param root the sweep's folder on a file system every executor sees (created when missing)
     * @param points the grid, in index order; names must be distinct
     * @param slices how many tasks the points are dealt into ({@code points.size()} for one task per point)
     * @param force replace a previous sweep's points and index
     * @param notes receives one line per point on the driver
     * @return the outcomes in the order of {@code points}
     */
    public static List<Outcome> run(
            JavaSparkContext sc,
            Path root,
            List<SweepPoint> points,
            int slices,
            boolean force,
            Consumer<String> notes) {
        return run(sc, root, points, slices, force, notes, DistributedSweep::runPoint);
    }

    /**
     * Runs every point with {@code task} and writes the index.
     *
     * @param task what each point's Spark task does (e.g. {@link OrthogonalitySweep#runPoint})
     */
    public static List<Outcome> run(
            JavaSparkContext sc,
            Path root,
            List<SweepPoint> points,
            int slices,
            boolean force,
            Consumer<String> notes,
            PointTask task) {
        if (points.isEmpty()) {
            throw new IllegalArgumentException("a sweep needs at least one point");
        }
        Set<String> names = new HashSet<>();
        for (SweepPoint p : points) {
            if (!names.add(p.name())) {
                throw new SkillscopeException("two sweep points are both named '" + p.name() + "'");
            }
        }
        Path abs = root.toAbsolutePath().normalize();
        if (!force && Files.exists(abs.resolve("index.html"))) {
            throw new SkillscopeException(
                    "sweep folder " + root + " already holds a sweep (index.html); give --force to replace it");
        }
        try {
            Files.createDirectories(abs);
        } catch (IOException e) {
            throw new SkillscopeException("cannot create the sweep folder " + root + " (" + e.getMessage() + ")", e);
        }
        String rootText = abs.toString();
        List<Outcome> outcomes = sc.parallelize(points, Math.max(1, Math.min(slices, points.size())))
                .map(p -> task.run(rootText, p))
                .collect();
        outcomes.forEach(o -> notes.accept(String.format(
                Locale.ROOT,
                "point %s: %.1f s%s",
                o.name(),
                o.seconds(),
                o.attempt() > 0 ? " (attempt " + (o.attempt() + 1) + ")" : "")));
        writeIndex(abs, outcomes, sc.master());
        return outcomes;
    }

    /** Runs one point on an executor; throws (so that Spark retries) when the command fails. */
    static Outcome runPoint(String root, SweepPoint p) throws IOException {
        Path target = Path.of(root).resolve(p.name());
        TaskContext tc = TaskContext.get();
        int attempt = tc == null ? 0 : tc.attemptNumber();
        if (SparkSettings.failsOnPurpose(tc) && tc.partitionId() == 0) {
            // the test hook: die in the middle of writing the point, as a lost executor would
            try (AtomicFolder f = AtomicFolder.begin(target, "spark sweep (test hook)")) {
                Files.writeString(f.dir().resolve("result.json"), "{\"kind\": \"locali");
                throw new IllegalStateException("test hook " + SparkSettings.FAIL_FIRST_ATTEMPT + ": point " + p.name()
                        + " fails its first attempt half-way through its folder, on purpose");
            }
        }
        List<String> args = new ArrayList<>(p.args());
        args.addAll(List.of("--out", target.toString(), "--force"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = Main.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        long t0;
        int code;
        double seconds;
        synchronized (ONE_POINT_PER_JVM) {
            t0 = System.nanoTime();
            code = cmd.execute(args.toArray(String[]::new));
            seconds = (System.nanoTime() - t0) / 1e9;
        }
        if (code != 0) {
            throw new SkillscopeException("sweep point " + p.name() + ": skillscope " + String.join(" ", args)
                    + " exited with " + code + ": " + lastLines(err.toString(), 5));
        }
        return new Outcome(p.name(), p.title(), args, seconds, attempt);
    }

    private static String lastLines(String text, int n) {
        String[] lines = text.strip().split("\n");
        return String.join(" | ", java.util.Arrays.asList(lines).subList(Math.max(0, lines.length - n), lines.length));
    }

    /** {@code reports/<point>.html}, {@code sweep.json} and {@code index.html}. */
    static void writeIndex(Path root, List<Outcome> outcomes, String master) {
        IndexPage.Builder index = IndexPage.builder("skillscope sweep: " + outcomes.size() + " points")
                .summary("Each point ran as one Spark task (" + master + ") into its own folder under " + root
                        + "; each link is the point's report.");
        JsonArray pts = new JsonArray();
        for (Outcome o : outcomes) {
            Path dir = root.resolve(o.name());
            String href = o.name() + "/result.json";
            String summary = "";
            try {
                var report = ArtifactReports.report(dir);
                report.writeTo(root.resolve("reports").resolve(o.name() + ".html"));
                href = "reports/" + o.name() + ".html";
                summary = report.summary();
            } catch (RuntimeException e) {
                summary = "no report (" + e.getMessage() + "); the link is the point's result.json";
            }
            index.entry(
                    o.title(),
                    href,
                    String.format(Locale.ROOT, "%s (%.1f s)", summary, o.seconds())
                            .strip());
            JsonObject j = new JsonObject();
            j.addProperty("name", o.name());
            j.addProperty("title", o.title());
            JsonArray args = new JsonArray();
            o.args().forEach(args::add);
            j.add("command", args);
            j.addProperty("seconds", o.seconds());
            j.addProperty("attempt", o.attempt());
            pts.add(j);
        }
        JsonObject sweep = new JsonObject();
        sweep.addProperty("kind", "sweep");
        sweep.addProperty("master", master);
        sweep.add("points", pts);
        sweep.add("environment", JobJson.environment());
        Json.write(root.resolve("sweep.json"), sweep);
        index.build().writeTo(root.resolve("index.html"));
    }
}
