package io.skillscope.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.skillscope.core.model.Transformer;
import io.skillscope.core.testing.ShippedModels;
import io.skillscope.datasets.Example;
import io.skillscope.datasets.SkillSuite;
import io.skillscope.datasets.SplitSizes;
import io.skillscope.datasets.Splits;
import io.skillscope.lab.SkillEvaluation;
import io.skillscope.lab.SkillLab;
import io.skillscope.probes.PositionMode;
import io.skillscope.probes.ProbeResult;
import io.skillscope.probes.ProbeSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sweeps, retries and evaluation on {@code local[2,2]} (two task threads, two attempts per task): the
 * same localize grid dealt into one task or two gives the same bytes in every point's artifacts; a task
 * made to fail half-way through a point's folder (or a probe partition) is retried, leaves no partial
 * folder, and changes nothing; evaluation counts summed over partitions equal one machine's.
 */
class SweepAndRetryTest {
    @TempDir
    static Path dir;

    static JavaSparkContext sc;

    /** θ_pre and θ_ft of the shipped skill lab's last stage, as LocalizeCommandTest uses them. */
    static final Path PRE =
            ShippedModels.SKILL_LAB_BASE.resolve("stage3").toAbsolutePath().normalize();

    static final Path FT = SparkFixtures.MODEL;

    static final List<String> FAST = List.of(
            "--batch",
            "16",
            "--accumulation",
            "1",
            "--train",
            "32",
            "--dev",
            "8",
            "--test",
            "32",
            "--steps",
            "4",
            "--data-seed",
            "99",
            "--quiet");

    @BeforeAll
    static void start() {
        sc = SparkFixtures.local("local[2,2]").open();
    }

    @AfterAll
    static void stop() {
        if (sc != null) {
            sc.close();
        }
    }

    static List<SweepPoint> grid() {
        return SweepGrid.localize(PRE, FT, List.of("mul"), List.of("0.001", "0.01"), List.of(3L), FAST);
    }

    @Test
    void theSameSweepGivesTheSameBytesWhateverThePartitioningAndARetriedPointChangesNothing() throws IOException {
        Path root = dir.resolve("sweep");
        List<DistributedSweep.Outcome> one = DistributedSweep.run(sc, root, grid(), 1, false, l -> {});
        Map<String, String> first = snapshot(root);
        List<DistributedSweep.Outcome> two = DistributedSweep.run(sc, root, grid(), 2, true, l -> {});
        Map<String, String> second = snapshot(root);
        assertEquals(2, one.size());
        assertEquals(
                one.stream().map(DistributedSweep.Outcome::name).toList(),
                two.stream().map(DistributedSweep.Outcome::name).toList());
        assertTrue(
                first.keySet().stream().anyMatch(k -> k.endsWith("mask.safetensors")),
                first.keySet().toString());
        assertEquals(first, second);

        sc.setLocalProperty(SparkSettings.FAIL_FIRST_ATTEMPT, "true");
        List<DistributedSweep.Outcome> retried;
        try {
            retried = DistributedSweep.run(sc, root, grid(), 2, true, l -> {});
        } finally {
            sc.setLocalProperty(SparkSettings.FAIL_FIRST_ATTEMPT, null);
        }
        assertEquals(1, retried.get(0).attempt(), "the first point's task ran twice");
        assertEquals(0, retried.get(1).attempt());
        assertEquals(first, snapshot(root));
        try (Stream<Path> all = Files.list(root)) {
            List<String> hidden = all.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("."))
                    .toList();
            assertEquals(List.of(), hidden, "no partial or old folder is left");
        }
        String index = Files.readString(root.resolve("index.html"));
        for (SweepPoint p : grid()) {
            assertTrue(index.contains("reports/" + p.name() + ".html"), p.name());
            assertTrue(Files.isRegularFile(root.resolve("reports").resolve(p.name() + ".html")));
        }
    }

    @Test
    void anUnlearnSweepRunsEveryMethodAndPercentAsItsOwnPointWithTheSameBytesWhateverThePartitioning()
            throws IOException {
        List<SweepPoint> grid = SweepGrid.unlearn(
                FT,
                List.of("add"),
                "rev",
                List.of("na", "prune"),
                List.of("1.5"),
                List.of("--train", "32", "--dev", "16", "--test", "24", "--data-seed", "0"));
        Path root = dir.resolve("unlearn");
        DistributedSweep.run(sc, root, grid, 2, false, l -> {});
        Map<String, String> first = snapshot(root);
        DistributedSweep.run(sc, root, grid, 1, true, l -> {});
        assertEquals(first, snapshot(root));
        for (SweepPoint p : grid) {
            JsonObject result = JsonParser.parseString(
                            Files.readString(root.resolve(p.name()).resolve("result.json")))
                    .getAsJsonObject();
            assertEquals("unlearning-run", result.get("kind").getAsString(), p.name());
        }
        assertEquals(
                List.of("unlearn-add-na-p-1.5", "unlearn-add-prune-p-1.5"),
                grid.stream().map(SweepPoint::name).toList());
        assertTrue(Files.readString(root.resolve("index.html")).contains("unlearn prune, forget add, p 1.5%"));
    }

    @Test
    void aProbePartitionThatFailsOnceIsRetriedAndTheStatisticsDoNotChange() {
        Path corpus = SparkFixtures.corpus(dir, "rev", 60, 5);
        ProbeSettings settings = ProbeSettings.of(PositionMode.LAST_PROMPT_TOKEN, "blocks.*.mlp.hook_pre")
                .withBatchSize(4);
        ProbeResult plain = DistributedProbe.run(sc, SparkFixtures.MODEL, Corpus.of(corpus.toString()), settings, 3);
        sc.setLocalProperty(SparkSettings.FAIL_FIRST_ATTEMPT, "true");
        ProbeResult retried;
        try {
            retried = DistributedProbe.run(sc, SparkFixtures.MODEL, Corpus.of(corpus.toString()), settings, 3);
        } finally {
            sc.setLocalProperty(SparkSettings.FAIL_FIRST_ATTEMPT, null);
        }
        assertEquals(plain.stats(), retried.stats(), "bit for bit");
        assertEquals(60, retried.rows());
    }

    @Test
    void evaluationCountsSummedOverPartitionsEqualOneMachines() {
        List<Example> ex = Splits.generate(
                        List.of(
                                SkillSuite.standard().get("rev"),
                                SkillSuite.standard().get("add")),
                        new SplitSizes(0, 0, 24),
                        11)
                .test();
        SkillEvaluation one;
        try (Transformer m = Transformer.load(SparkFixtures.MODEL)) {
            one = SkillLab.evaluate(m, ex, DistributedEval.suite(SparkFixtures.MODEL));
        }
        SkillEvaluation spread = DistributedEval.run(sc, SparkFixtures.MODEL, ex, 3);
        assertEquals(one.scores(), spread.scores());
        assertEquals(24, spread.scores().get("rev").n());
        assertTrue(spread.scores().get("rev").correct() > 0, spread.toString());
    }

    /**
     * Every file under the root except the index and reports, as text: JSON with its times and durations
     * removed, other files by their SHA-256.
     */
    static Map<String, String> snapshot(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        List<Path> files = new ArrayList<>();
        try (Stream<Path> all = Files.walk(root)) {
            all.filter(Files::isRegularFile).forEach(files::add);
        }
        for (Path f : files) {
            String rel = root.relativize(f).toString();
            if (rel.startsWith("reports") || rel.equals("index.html") || rel.equals("sweep.json")) {
                continue;
            }
            byte[] b = Files.readAllBytes(f);
            if (rel.endsWith(".json")) {
                JsonElement j = JsonParser.parseString(new String(b, StandardCharsets.UTF_8));
                out.put(rel, withoutTimes(j).toString());
            } else {
                out.put(rel, sha256(b));
            }
        }
        return out;
    }

    static String sha256(byte[] b) {
        try {
            return java.util.HexFormat.of()
                    .formatHex(
                            java.security.MessageDigest.getInstance("SHA-256").digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonElement withoutTimes(JsonElement j) {
        if (j.isJsonObject()) {
            JsonObject o = new JsonObject();
            for (Map.Entry<String, JsonElement> e : j.getAsJsonObject().entrySet()) {
                String k = e.getKey();
                if (k.equals("created") || k.equals("completed") || k.contains("seconds") || k.startsWith("time")) {
                    continue;
                }
                o.add(k, withoutTimes(e.getValue()));
            }
            return o;
        }
        if (j.isJsonArray()) {
            com.google.gson.JsonArray a = new com.google.gson.JsonArray();
            j.getAsJsonArray().forEach(x -> a.add(withoutTimes(x)));
            return a;
        }
        return j;
    }
}
