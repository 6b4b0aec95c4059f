package io.skillscope.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.skillscope.analysis.orthogonality.Orthogonality;
import io.skillscope.analysis.orthogonality.OrthogonalityReport;
import io.skillscope.analysis.orthogonality.RandomSubspaces;
import io.skillscope.analysis.orthogonality.TensorComparison;
import io.skillscope.api.Weights;
import io.skillscope.core.Json;
import io.skillscope.core.checkpoint.AtomicFolder;
import io.skillscope.core.config.ModelConfig;
import io.skillscope.core.model.Transformer;
import io.skillscope.demo.OrthogonalityJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The orthogonality sweep on {@code local[2]} over four tiny random checkpoints θ_0 … θ_3 (2 blocks, width
 * 64): Δsft = θ_1 − θ_0, Δrl = θ_2 − θ_1 (consecutive, PaST's protocol) and Δsft2 = θ_3 − θ_0 (common
 * start), pairs sft:rl and sft:sft2, seeds 0 and 1. Every point's numbers equal {@link Orthogonality} and
 * {@link RandomSubspaces#levelOver} on one machine, and one task or two (from the command line) give the same artifacts.
 */
class OrthogonalitySweepTest {
    @TempDir
    Path dir;

    @Test
    void everyPairAndSeedIsATaskWhoseNumbersEqualOneMachinesWhateverThePartitioning() throws IOException {
        ModelConfig cfg = ModelConfig.llama(99, 64, 2, 4, 2, 176, 128);
        Path[] m = new Path[4];
        for (int i = 0; i < 4; i++) {
            m[i] = dir.resolve("m" + i);
            try (Transformer t = Transformer.random(cfg, 10 + i)) {
                t.save(m[i], Map.of());
            }
        }
        OrthogonalitySweep.Update sft = OrthogonalitySweep.Update.parse("sft=" + m[1], m[0]);
        OrthogonalitySweep.Update rl = OrthogonalitySweep.Update.parse("rl=" + m[2] + ":" + m[1], m[0]);
        OrthogonalitySweep.Update sft2 = OrthogonalitySweep.Update.parse("sft2=" + m[3], m[0]);
        OrthogonalitySweep.Settings s = new OrthogonalitySweep.Settings(4, 0.01, 2048, 2);
        List<SweepPoint> points = OrthogonalitySweep.grid(
                List.of(sft, rl, sft2), List.of(List.of("sft", "rl"), List.of("sft", "sft2")), List.of(0L, 1L), s);
        assertEquals(
                List.of(
                        "orthogonality-sft-vs-rl-seed-0",
                        "orthogonality-sft-vs-rl-seed-1",
                        "orthogonality-sft-vs-sft2-seed-0",
                        "orthogonality-sft-vs-sft2-seed-1"),
                points.stream().map(SweepPoint::name).toList());

        Path root = dir.resolve("sweep");
        Map<String, String> first;
        Map<String, String> second;
        try (JavaSparkContext sc = SparkFixtures.local("local[2]").open()) {
            DistributedSweep.run(sc, root, points, 1, false, l -> {}, OrthogonalitySweep::runPoint);
            first = withoutMarkers(SweepAndRetryTest.snapshot(root));
        }
        // the same grid from the command line, dealt into two tasks
        SparkMainTest.Run run = SparkMainTest.run(
                "sweep",
                "orthogonality",
                "--master",
                "local[2]",
                "--conf",
                "spark.driver.host=127.0.0.1",
                "--conf",
                "spark.driver.bindAddress=127.0.0.1",
                "--base",
                m[0].toString(),
                "--update",
                "sft=" + m[1],
                "--update",
                "rl=" + m[2] + ":" + m[1],
                "--update",
                "sft2=" + m[3],
                "--pairs",
                "sft:rl,sft:sft2",
                "--seeds",
                "0,1",
                "--rank",
                "4",
                "--draws",
                "2",
                "--slices",
                "2",
                "--force",
                "--out",
                root.toString());
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("over 4 points"), run.out());
        second = withoutMarkers(SweepAndRetryTest.snapshot(root));
        assertEquals(first, second);
        assertEquals(4, first.size(), first.keySet().toString()); // one result.json per point

        String index = Files.readString(root.resolve("index.html"));
        for (int p = 0; p < points.size(); p++) {
            OrthogonalitySweep.Update b = p < 2 ? rl : sft2;
            long seed = p % 2;
            OrthogonalityReport one = Orthogonality.between(
                            "sft", Weights.difference(m[1], m[0]), b.name(), Weights.difference(b.after(), b.before()))
                    .optOptions(s.options(seed))
                    .compute();
            double level = RandomSubspaces.levelOver(one.rows(), 2, seed);
            Path file = root.resolve(points.get(p).name()).resolve("result.json");
            JsonObject result = Json.read(file).getAsJsonObject("result");
            OrthogonalityReport spread = OrthogonalityJson.read(result, file);
            assertEquals(one.rows().size(), spread.rows().size());
            for (int i = 0; i < one.rows().size(); i++) {
                TensorComparison e = one.rows().get(i);
                TensorComparison a = spread.rows().get(i);
                assertEquals(e.name(), a.name());
                assertEquals(e.cosine(), a.cosine(), 0.0, e.name());
                assertEquals(e.randomCosine(), a.randomCosine(), 0.0, e.name());
                assertArrayEquals(e.angles().radians(), a.angles().radians(), 0.0, e.name());
            }
            assertEquals(one.overall().medianAbsCosine(), spread.overall().medianAbsCosine(), 0.0);
            assertEquals(level, result.get("random_subspace_mean_angle_deg").getAsDouble(), 0.0);
            // independent random θ_i of equal scale: Δsft and Δsft2 share −θ_0 (cos ≈ +1/2), Δsft and Δrl
            // share θ_1 with opposite signs (cos ≈ −1/2); random directions are near 0
            double cos = one.overall().medianAbsCosine();
            assertTrue(cos > 0.4 && cos < 0.6, points.get(p).name() + ": median |cos| " + cos);
            assertTrue(one.overall().randomMedianAbsCosine() < 0.1, one.toString());
            assertTrue(level > 30 && level < 90, "random-subspace level " + level);
            assertTrue(index.contains("reports/" + points.get(p).name() + ".html"), index);
        }
        JsonObject sweep = Json.read(root.resolve("sweep.json"));
        assertEquals(4, sweep.getAsJsonArray("points").size());
    }

    /**
     * The snapshot without AtomicFolder's markers, which list file sizes (and {@code result.json}'s creation
     * time may print with fewer digits).
     */
    private static Map<String, String> withoutMarkers(Map<String, String> snapshot) {
        Map<String, String> out = new java.util.TreeMap<>(snapshot);
        out.keySet().removeIf(k -> k.endsWith(AtomicFolder.MARKER));
        return out;
    }

    @Test
    void badUpdatesAndPairsAreUsageErrors() {
        SparkMainTest.Run noName = SparkMainTest.run(
                "sweep",
                "orthogonality",
                "--update",
                "/ck/sft",
                "--out",
                dir.resolve("o").toString());
        assertEquals(2, noName.code());
        assertTrue(noName.err().contains("NAME=AFTER"), noName.err());
        SparkMainTest.Run unknown = SparkMainTest.run(
                "sweep",
                "orthogonality",
                "--base",
                "/ck/base",
                "--update",
                "sft=/ck/sft",
                "--update",
                "rl=/ck/rl:/ck/sft",
                "--pairs",
                "sft:grpo",
                "--out",
                dir.resolve("o").toString());
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("'grpo'"), unknown.err());
        assertTrue(Files.notExists(dir.resolve("o")));
    }
}
