package io.skillscope.grafting;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.skillscope.core.checkpoint.TensorSource;
import io.skillscope.core.config.ModelConfig;
import io.skillscope.core.model.Transformer;
import io.skillscope.core.testing.TinyCheckpoints;
import io.skillscope.core.testing.TinyModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SkillVectorTest {
    @TempDir
    Path tmp;

    @Test
    void vectorIsTheDifferenceAndAddingItBackRestoresTheModel() throws Exception {
        Path a = TinyCheckpoints.write(tmp.resolve("a"), Map.of("w", new float[] {3, 5, -1}, "b", new float[] {1}));
        Path b = TinyCheckpoints.write(tmp.resolve("b"), Map.of("w", new float[] {1, 5, 1}, "b", new float[] {0.5f}));
        SkillVector v;
        try (TensorSource sa = TensorSource.open(a);
                TensorSource sb = TensorSource.open(b)) {
            v = SkillVector.between(sa, sb, tmp.resolve("v"));
            try (TensorSource vs = v.open()) {
                assertArrayEquals(new float[] {2, 0, -2}, vs.readFloats("w"));
                assertArrayEquals(new float[] {0.5f}, vs.readFloats("b"));
            }
            v.addTo(sb, 1.0, tmp.resolve("b+v"));
            v.addTo(sb, 0.5, tmp.resolve("b+v/2"));
        }
        assertArrayEquals(new float[] {3, 5, -1}, TinyCheckpoints.read(tmp.resolve("b+v"), "w"));
        assertArrayEquals(new float[] {2, 5, 0}, TinyCheckpoints.read(tmp.resolve("b+v/2"), "w"));
        assertArrayEquals(new float[] {0.75f}, TinyCheckpoints.read(tmp.resolve("b+v/2"), "b"));
        JsonObject r = JsonParser.parseString(Files.readString(tmp.resolve("v/result.json")))
                .getAsJsonObject();
        assertEquals(Math.sqrt(4 + 4 + 0.25), r.get("l2_norm").getAsDouble(), 1e-9);
        assertEquals(64, r.get("a_sha256").getAsString().length());
    }

    @Test
    void inMemoryAdditionMatchesTheWrittenFolder() {
        ModelConfig cfg = TinyModels.llamaConfig();
        try (Transformer m1 = Transformer.random(cfg, 1, Device.cpu());
                Transformer m2 = Transformer.random(cfg, 2, Device.cpu())) {
            m1.save(tmp.resolve("m1"), Map.of());
            m2.save(tmp.resolve("m2"), Map.of());
        }
        try (TensorSource s1 = TensorSource.open(tmp.resolve("m1"));
                TensorSource s2 = TensorSource.open(tmp.resolve("m2"))) {
            SkillVector v = SkillVector.between(s2, s1, tmp.resolve("v"));
            v.addTo(s1, 0.3, tmp.resolve("inj"));
            try (Transformer disk = Transformer.load(tmp.resolve("inj"), Device.cpu());
                    Transformer mem = Transformer.load(tmp.resolve("m1"), Device.cpu())) {
                v.addTo(mem, 0.3);
                assertArrayEquals(disk.logits(1, 2, 3)[2], mem.logits(1, 2, 3)[2], 0f);
            }
        }
    }

    @Test
    void pastRefinementStartsEachRlFromSftPlusThePreviousVector() {
        SplittableRandom rng = new SplittableRandom(3);
        float[] base = TinyCheckpoints.random(rng, 6, 1);
        float[][] rlStep = {{1, 0, 0, 0, 0, 0}, {0, 0.5f, 0, 0, 0, 0}, {0, 0, 0.25f, 0, 0, -1}};
        List<float[]> starts = new ArrayList<>();
        Past.Stages<Integer> stages = new Past.Stages<>() {
            @Override
            public Path sft(int k, Integer subset, Path workDir) {
                float[] w = base.clone();
                w[5] += 0.1f * k; // each SFT lands somewhere else
                return TinyCheckpoints.write(workDir, Map.of("w", w));
            }

            @Override
            public Path rl(int k, Integer subset, Path start, Path workDir) {
                float[] w = TinyCheckpoints.read(start, "w");
                starts.add(w.clone());
                return TinyCheckpoints.write(workDir, Map.of("w", TinyCheckpoints.plus(w, rlStep[subset])));
            }
        };
        List<Past.Round> rounds = Past.refine(List.of(0, 1, 2), stages, tmp.resolve("past"));
        assertEquals(3, rounds.size());
        // v_k = θ_rl^k − θ_sft^k = v_{k−1} + r_k, so v_3 = r_1 + r_2 + r_3
        try (TensorSource v3 = rounds.get(2).vector().open()) {
            assertArrayEquals(new float[] {1, 0.5f, 0.25f, 0, 0, -1}, v3.readFloats("w"), 1e-6f);
        }
        // round 2 started from θ_sft^2 + v_1
        float[] sft2 = TinyCheckpoints.read(rounds.get(1).sft(), "w");
        assertArrayEquals(TinyCheckpoints.plus(sft2, rlStep[0]), starts.get(1), 1e-6f);
        assertEquals(rounds.get(0).sft(), rounds.get(0).start());
        assertTrue(Files.isRegularFile(rounds.get(1).start().resolve("result.json")));
    }

    @Test
    void stitchingAveragesOverlappingEntries() {
        java.util.BitSet m1 = new java.util.BitSet();
        m1.set(0);
        m1.set(1);
        java.util.BitSet m2 = new java.util.BitSet();
        m2.set(1);
        m2.set(2);
        float[][] w = Stitch.weights(List.of(m1, m2), 4);
        assertArrayEquals(new float[] {1, 0.5f, 0, 0}, w[0]);
        assertArrayEquals(new float[] {0, 0.5f, 1, 0}, w[1]);
        Path pre = TinyCheckpoints.write(tmp.resolve("p"), Map.of("w", new float[] {1, 1, 1, 1}));
        Path f1 = TinyCheckpoints.write(tmp.resolve("f1"), Map.of("w", new float[] {3, 3, 3, 3}));
        Path f2 = TinyCheckpoints.write(tmp.resolve("f2"), Map.of("w", new float[] {0, 0, 0, 0}));
        try (TensorSource p = TensorSource.open(pre);
                TensorSource a = TensorSource.open(f1);
                TensorSource b = TensorSource.open(f2)) {
            Stitch.apply(
                    p,
                    List.of(a, b),
                    List.of(
                            Mask.builder().put("w", new long[] {4}, m1).build(),
                            Mask.builder().put("w", new long[] {4}, m2).build()),
                    tmp.resolve("s"));
        }
        // Δ1 = 2, Δ2 = −1: [1 + 2, 1 + (2 − 1)/2, 1 − 1, 1]
        assertArrayEquals(new float[] {3, 1.5f, 0, 1}, TinyCheckpoints.read(tmp.resolve("s"), "w"));
    }
}
