package io.skillscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.skillscope.core.SkillscopeException;
import io.skillscope.core.checkpoint.AtomicFolder;
import io.skillscope.core.checkpoint.Hashing;
import io.skillscope.lab.testing.TinyRecipes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills the command line in a child JVM (SIGKILL, {@link Process#destroyForcibly()}) at seeded random
 * points while it writes, {@value #KILLS} times per command ({@code train} with checkpoints,
 * {@code unlearn}, a {@code localize} sweep, {@code demo}), alternating a missing target (run without
 * {@code --force}) and a complete previous result (run with {@code --force}). After each kill the target
 * is absent or the previous result is byte for byte intact, nothing a killed run left is accepted by a
 * reader unless its own marker says it is complete (a finished checkpoint), and a rerun succeeds, cleans
 * what the dead run left, and produces a folder whose marker matches its files.
 *
 * <p>The kill falls at a uniform delay after the child created its partial folder (that is, once it
 * starts writing), over the span the warm run needed from that moment to its exit; kills before then
 * leave nothing by construction. Reruns run in this JVM (warm), the killed runs in children with a small
 * heap and the C1 compiler only.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KillTest {
    static final int KILLS = Integer.getInteger("skillscope.kills", 20);
    static final long SEED = 20261206L;

    @TempDir
    static Path dir;

    private final Map<String, String> timings = new TreeMap<>();

    /** The tiny skill-lab base (d_model 32, one layer) and a 20-step SFT of it on cs3. */
    private Path base;

    private Path finetuned;

    @BeforeAll
    void tinyModels() {
        // in-process runs load PyTorch here, so that reruns measure the command, not the engine
        base = TinyLab.trainedBase();
        Path recipe = TinyRecipes.writeWithoutInit(TinyRecipes.sft("set-by-init", 20), dir.resolve("sft.json"));
        finetuned = dir.resolve("models/ft");
        CliRun r = CliRun.of(
                "train",
                "sft",
                "--recipe",
                recipe.toString(),
                "--init",
                base.toString(),
                "--out",
                finetuned.toString());
        assertEquals(0, r.code(), r.toString());
    }

    @AfterAll
    void report() {
        timings.forEach((k, v) -> System.err.println("KillTest " + k + ": " + v));
    }

    @Test
    void trainWithCheckpoints() {
        Path recipe = TinyRecipes.write(TinyRecipes.base(8, 7), dir.resolve("recipe.json"));
        Path out = dir.resolve("train/run");
        survivesKills(
                "train",
                out,
                List.of(
                        "train",
                        "base",
                        "--recipe",
                        recipe.toString(),
                        "--checkpoint-every",
                        "2",
                        "--progress-every",
                        "1000",
                        "--out",
                        out.toString()),
                1);
    }

    @Test
    void unlearn() {
        Path out = dir.resolve("unlearn/na");
        survivesKills(
                "unlearn",
                out,
                List.of(
                        "unlearn",
                        "na",
                        "--model",
                        base.toString(),
                        "--forget",
                        "add",
                        "--retain",
                        "rev",
                        "--train",
                        "8",
                        "--dev",
                        "4",
                        "--test",
                        "4",
                        "--out",
                        out.toString()),
                1);
    }

    @Test
    void localizeSweep() {
        Path out = dir.resolve("localize/sweep");
        survivesKills(
                "localize",
                out,
                List.of(
                        "localize",
                        "--base",
                        base.toString(),
                        "--finetuned",
                        finetuned.toString(),
                        "--skill",
                        "cs3",
                        "--sparsity",
                        "1e-2,1e-1",
                        "--steps",
                        "2",
                        "--batch",
                        "8",
                        "--accumulation",
                        "1",
                        "--train",
                        "8",
                        "--dev",
                        "4",
                        "--test",
                        "4",
                        "--data-seed",
                        "99",
                        "--quiet",
                        "--out",
                        out.toString()),
                1);
    }

    @Test
    void demo() {
        Path out = dir.resolve("demo/out");
        // the ci scale on the tiny base: every step of the pipeline, on a model small enough for 20 kills;
        // a full in-process rerun after the tenth and the last kill; in between, each kill's next child
        // (which cleans what the kill left before it begins) is the rerun, killed in its turn
        survivesKills(
                "demo", out, List.of("demo", "--scale", "ci", "--model", base.toString(), "--out", out.toString()), 10);
    }

    /**
     * Runs the warm child, then {@link #KILLS} kill rounds: the first half with the target missing (run
     * without {@code --force}), the second with a complete previous result (run with {@code --force}).
     * Every kill is checked; the next run, a child or an in-process rerun after every
     * {@code rerunEvery}-th kill (and the last), must clean what it left, and the in-process one succeed.
     */
    private void survivesKills(String name, Path out, List<String> args, int rerunEvery) {
        long t0 = System.nanoTime();
        Random rnd = new Random(SEED ^ name.hashCode());
        // a complete child run: how long the writing phase lasts (from the partial folder to the exit)
        Child warm = Child.start(args, dir.resolve(name + "-warm.log"));
        long writing = warm.awaitPartial(out);
        assertTrue(writing > 0, "the warm run never began its output folder\n" + warm.output());
        assertEquals(0, warm.await(), warm.output());
        long span = Math.max(50, (System.nanoTime() - writing) / 1_000_000);
        assertComplete(out);
        deleteTree(out);

        int completed = 0;
        int leftovers = 0;
        int reruns = 0;
        long startup = 0;
        long rerunNanos = 0;
        List<Path> left = List.of();
        for (int i = 0; i < KILLS; i++) {
            boolean replace = i >= KILLS / 2;
            if (!replace) {
                deleteTree(out); // a child that finished in the last round left a result: start without it
            }
            if (replace && !Files.isRegularFile(out.resolve(AtomicFolder.MARKER))) {
                rerunNanos -= System.nanoTime();
                rerun(name + " before round " + i, out, args, left);
                rerunNanos += System.nanoTime();
                reruns++;
                left = List.of();
            }
            Map<String, String> before = replace ? hashes(out) : Map.of();
            List<String> run = new ArrayList<>(args);
            if (replace) {
                run.add("--force");
            }
            long launched = System.nanoTime();
            Child c = Child.start(run, dir.resolve(name + "-" + i + ".log"));
            boolean started = c.awaitPartial(out) > 0;
            startup += System.nanoTime() - launched;
            long delay = (long) (rnd.nextDouble() * span * 1.1);
            int code = c.killAfter(delay);
            String what = name + " round " + i + " (killed " + delay + " ms into writing, exit " + code + ")";
            assertTrue(code == 0 || code == 137, what + ": neither finished nor killed\n" + c.output());
            if (started) {
                for (Path p : left) { // the run cleaned what the previous kill left before it began
                    assertFalse(Files.exists(p), what + ": " + p + " is still there");
                    assertTrue(c.output().contains("removed " + p), what + ": no note of the cleaning\n" + c.output());
                }
            }
            boolean renamed = Files.isRegularFile(out.resolve(AtomicFolder.MARKER))
                    && !(replace && before.equals(hashes(out))); // killed after the new folder was renamed in
            if (code == 0 || renamed) {
                completed++;
                assertComplete(out);
            } else if (replace) {
                assertEquals(before, hashes(out), what + ": the previous result changed");
            } else {
                assertFalse(Files.exists(out), what + ": " + out + " exists after the kill");
            }
            left = temporaries(out.getParent());
            leftovers += left.size();
            for (Path p : left) {
                readersRefuseWhatIsNotComplete(p, what);
            }
            if ((i + 1) % rerunEvery == 0 || i == KILLS - 1 || i == KILLS / 2 - 1) {
                rerunNanos -= System.nanoTime();
                rerun(what, out, args, left);
                rerunNanos += System.nanoTime();
                reruns++;
                left = List.of();
            }
        }
        timings.put(
                name,
                String.format(
                        Locale.ROOT,
                        "%d kills (%d after the new folder was renamed in, %d temporaries left), writing span %d ms;"
                                + " %d reruns in-process (%.1f s), child start to writing %.1f s on average; %.1f s",
                        KILLS,
                        completed,
                        leftovers,
                        span,
                        reruns,
                        rerunNanos / 1e9,
                        startup / 1e9 / KILLS,
                        (System.nanoTime() - t0) / 1e9));
    }

    /** Reruns the command in this JVM ({@code --force} where a result is there); it must succeed and clean. */
    private static void rerun(String what, Path out, List<String> args, List<Path> left) {
        List<String> again = new ArrayList<>(args);
        if (Files.exists(out)) {
            again.add("--force");
        }
        CliRun r = CliRun.of(again.toArray(String[]::new));
        assertEquals(0, r.code(), what + ", rerun: " + r);
        for (Path p : left) {
            assertTrue(r.err().contains("removed " + p), what + ": no note of the cleaning\n" + r.err());
        }
        assertComplete(out);
        assertEquals(List.of(), temporaries(out.getParent()), what + ": the rerun left temporaries");
    }

    /**
     * Every folder inside what a killed run left is refused by the readers, except one that carries its
     * own marker (a finished checkpoint or sweep point), whose files are then those the marker lists.
     */
    private void readersRefuseWhatIsNotComplete(Path leftover, String what) {
        CliRun report = CliRun.of(
                "report",
                "--in",
                leftover.toString(),
                "--out",
                dir.resolve("r.html").toString());
        assertEquals(1, report.code(), what + ": report read " + leftover + "\n" + report);
        assertTrue(report.err().contains("unfinished folder"), report.err());
        try (Stream<Path> all = Files.walk(leftover)) {
            for (Path d : all.filter(Files::isDirectory).toList()) {
                if (!d.equals(leftover) && Files.isRegularFile(d.resolve(AtomicFolder.MARKER))) {
                    AtomicFolder.requireComplete(d, "--init");
                    assertMarkerMatches(d);
                } else if (!AtomicFolder.isComplete(d)) {
                    assertThrows(
                            SkillscopeException.class,
                            () -> AtomicFolder.requireComplete(d, "--init"),
                            what + ": accepted " + d);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void assertComplete(Path out) {
        assertTrue(Files.isRegularFile(out.resolve(AtomicFolder.MARKER)), out + " has no marker");
        assertMarkerMatches(out);
    }

    /** The files the marker lists are there with their sizes, and no other file is. */
    private static void assertMarkerMatches(Path folder) {
        try {
            JsonObject files = JsonParser.parseString(Files.readString(folder.resolve(AtomicFolder.MARKER)))
                    .getAsJsonObject()
                    .getAsJsonObject("files");
            Map<String, Long> listed = new TreeMap<>();
            files.entrySet().forEach(e -> listed.put(e.getKey(), e.getValue().getAsLong()));
            Map<String, Long> present = new TreeMap<>();
            try (Stream<Path> all = Files.walk(folder)) {
                for (Path f : all.filter(Files::isRegularFile).toList()) {
                    String rel = folder.relativize(f).toString();
                    if (!rel.equals(AtomicFolder.MARKER)) {
                        present.put(rel, Files.size(f));
                    }
                }
            }
            assertEquals(listed, present, folder + ": the marker does not match the files");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> hashes(Path folder) {
        Map<String, String> h = new TreeMap<>();
        try (Stream<Path> all = Files.walk(folder)) {
            for (Path f : all.filter(Files::isRegularFile).toList()) {
                h.put(folder.relativize(f).toString(), Hashing.sha256(f));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return h;
    }

    /** Hidden entries a run leaves beside its output: partial and old folders, temporary files. */
    private static List<Path> temporaries(Path parent) {
        try (Stream<Path> s = Files.list(parent)) {
            return s.filter(p -> p.getFileName().toString().startsWith("."))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path p) {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> all = Files.walk(p)) {
            all.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The command line in a child JVM: small heap, C1 only, one PyTorch thread. */
    private record Child(Process process, Path log) {
        static Child start(List<String> args, Path log) {
            List<String> cmd = new ArrayList<>(List.of(
                    Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx384m",
                    "-XX:TieredStopAtLevel=1",
                    "-XX:+UseSerialGC",
                    "-XX:-UsePerfData",
                    "-Xshare:auto",
                    "-Dai.djl.offline=true",
                    "-Dai.djl.pytorch.num_threads=1",
                    "-Dai.djl.pytorch.num_interop_threads=1",
                    "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                    "-cp",
                    System.getProperty("java.class.path"),
                    Main.class.getName()));
            cmd.addAll(args);
            ProcessBuilder pb =
                    new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().put("OMP_NUM_THREADS", "1");
            try {
                return new Child(pb.start(), log);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /**
         * Waits until this child's partial folder of {@code out} appears (one named with its process id),
         * and returns that time; 0 if the child exits first.
         */
        long awaitPartial(Path out) {
            String prefix = "." + out.getFileName() + ".partial-" + process.pid() + "-";
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (process.isAlive() && System.nanoTime() < deadline) {
                try (Stream<Path> s = Files.list(out.getParent())) {
                    if (s.anyMatch(p -> p.getFileName().toString().startsWith(prefix))) {
                        return System.nanoTime();
                    }
                } catch (IOException e) {
                    // the parent is not there yet
                }
                sleep(2);
            }
            return 0;
        }

        /** Kills the child after {@code ms} (unless it has exited) and returns its exit code. */
        int killAfter(long ms) {
            try {
                if (!process.waitFor(ms, TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                }
                return process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        int await() {
            try {
                if (!process.waitFor(300, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
                return process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        String output() {
            try {
                return Files.readString(log);
            } catch (IOException e) {
                return "(no log: " + e + ")";
            }
        }

        private static void sleep(long ms) {
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
