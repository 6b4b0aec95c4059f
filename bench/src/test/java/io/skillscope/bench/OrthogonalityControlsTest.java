package io.skillscope.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.skillscope.bench.OrthogonalityControls.Measured;
import io.skillscope.bench.OrthogonalityControls.Pair;
import io.skillscope.core.Json;
import io.skillscope.core.Progress;
import io.skillscope.lab.SkillLab;
import io.skillscope.lab.testing.TinyRecipes;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrthogonalityControlsTest {
    @TempDir
    Path tmp;

    @Test
    void theControlPipelineRunsOnATinyModelAndWritesEveryComparison() throws Exception {
        Path base = tmp.resolve("base");
        SkillLab.trainBase(TinyRecipes.base(30, 1), base, Progress.silent(30));
        Map<String, String> a = new LinkedHashMap<>();
        a.put("model", base.toString());
        a.put("out", tmp.resolve("out").toString());
        a.put("seeds", "0,1");
        a.put("functions", "rev,cs1");
        a.put("other-functions", "sort,alt");
        a.put("max-answer", "12");
        a.put("sizes", "24,4,4");
        a.put("sft-steps", "3");
        a.put("sft-batch", "8");
        a.put("rounds", "2");
        a.put("prompts", "2");
        a.put("group", "2");
        a.put("draws", "2");
        a.put("scales", "0.5,1");
        a.put("random-vectors", "2");
        ControlsSettings s = ControlsSettings.parse(a);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        OrthogonalityControls.Result r =
                OrthogonalityControls.run(s, "test", new PrintStream(log, true, StandardCharsets.UTF_8), false);

        assertEquals(2 * Pair.values().length, r.measured().size());
        int tensors = OrthogonalityControls.weights(base).size();
        for (Measured m : r.measured()) {
            assertEquals(
                    tensors, m.report().rows().size() + m.report().skipped().size());
            assertTrue(m.report().skipped().isEmpty(), m.report().skipped().toString());
        }
        // One block of d 32 and MLP 64: the random level of 8-dim subspaces is 63.3° in R^32 and 72.2° in
        // R^64 (numpy, 300 draws); the level over the tiny model's matrices lies between them.
        // (GRPO on the untrained tiny model sees no reward, so its update is zero: no angles, NaN cosines.)
        for (Measured m : r.measured()) {
            if (m.pair() == Pair.SFT_VS_SFT2 || m.pair() == Pair.SFT_VS_SFT_CONT) {
                assertTrue(m.randomAngle() > 58 && m.randomAngle() < 76, m.toString());
            }
        }
        // Two SFT runs from the same start on the same data share their direction far beyond chance.
        for (Measured m : r.measured()) {
            if (m.pair() == Pair.SFT_VS_SFT2) {
                assertTrue(
                        m.medianAbsCos() > 10 * m.report().overall().randomMedianAbsCosine(),
                        m.report().toString());
            }
        }
        assertEquals(6, r.accuracy().get(0L).size());
        assertEquals(4, r.transfer().size()); // two seeds x (same domain, other domain)
        for (SkillTransfer.Outcome o : r.transfer()) {
            assertTrue(o.chosenScale() == 0.5 || o.chosenScale() == 1.0, o.toString());
            assertEquals(2, o.testRandomChosen().length);
        }
        JsonObject json = Json.read(s.out().resolve("result.json"));
        assertEquals("orthogonality-controls", json.get("kind").getAsString());
        assertEquals(10, json.getAsJsonArray("comparisons").size());
        assertTrue(json.getAsJsonObject("inputs").has("base_sha256"));
        assertTrue(json.getAsJsonObject("environment").size() > 0);
        String md = Files.readString(s.out().resolve("RESULT.md"));
        assertTrue(md.contains("ΔSFT vs ΔSFT' (continued SFT, RL's budget)"), md);
        assertTrue(md.contains("| 32x32 | 8 | 2 |"), md);

        IllegalArgumentException again = assertThrows(
                IllegalArgumentException.class,
                () -> OrthogonalityControls.run(s, "test", new PrintStream(new ByteArrayOutputStream()), false));
        assertTrue(again.getMessage().contains("result.json"), again.getMessage());
    }

    @Test
    void settingsNameTheBadOption() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> ControlsSettings.parse(Map.of("rounds", "many")));
        assertEquals("--rounds must be an integer, got 'many'", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ControlsSettings.parse(Map.of("seeds", "0,0")));
        assertTrue(e.getMessage().contains("--seeds"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ControlsSettings.parse(Map.of("round", "3")));
        assertTrue(e.getMessage().startsWith("unknown option --round"), e.getMessage());
        ControlsSettings d = ControlsSettings.parse(Map.of());
        assertEquals(30, d.rounds());
        assertEquals(8, d.prompts());
        assertEquals(1e-4, d.rlLr());
    }

    @Test
    void theScaleIsTheBestOnDevWithTiesGoingToOne() {
        Map<Double, Double> dev = new LinkedHashMap<>();
        dev.put(0.5, 0.60);
        dev.put(1.0, 0.70);
        dev.put(2.0, 0.70);
        assertEquals(1.0, SkillTransfer.choose(dev));
        dev.put(1.5, 0.71);
        assertEquals(1.5, SkillTransfer.choose(dev));
        Map<Double, Double> tie = new LinkedHashMap<>();
        tie.put(2.0, 0.5);
        tie.put(0.5, 0.5);
        tie.put(1.5, 0.5);
        assertEquals(0.5, SkillTransfer.choose(tie)); // 0.5 and 1.5 are as near 1; the smaller wins
    }
}
