package io.skillscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.skillscope.core.testing.ShippedModels;
import io.skillscope.grafting.Mask;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OverlapCommandTest {
    @TempDir
    Path dir;

    static JsonObject read(Path file) throws IOException {
        return JsonParser.parseString(Files.readString(file)).getAsJsonObject();
    }

    /** A mask selecting the given indices of a [4, 10] layer-0 MLP tensor and of a [10] layer-1 norm. */
    static Path mask(Path dir, int[] mlp, int[] norm) {
        BitSet a = new BitSet();
        for (int i : mlp) {
            a.set(i);
        }
        BitSet b = new BitSet();
        for (int i : norm) {
            b.set(i);
        }
        Mask.builder()
                .put("model.layers.0.mlp.down_proj.weight", new long[] {4, 10}, a)
                .put("model.layers.1.input_layernorm.weight", new long[] {10}, b)
                .build()
                .save(dir);
        return dir;
    }

    @Test
    void masksGiveTheMatrixJaccardAndTheBreakdownByLayerAndModule() throws IOException {
        Path a = mask(dir.resolve("a"), new int[] {0, 1, 2, 3}, new int[] {0, 1}); // |A| = 6
        Path b = mask(dir.resolve("b"), new int[] {2, 3, 4}, new int[] {}); // |B| = 3, A ∩ B = {2, 3}
        Path out = dir.resolve("out");
        CliRun r = CliRun.of("overlap", "--region", "upc=" + a, "evn=" + b, "--out", out.toString());
        assertEquals(0, r.code(), r.toString());
        JsonObject json = read(out.resolve("result.json"));
        assertEquals("mask", json.get("region_kind").getAsString());
        JsonArray sizes = json.getAsJsonArray("sizes");
        assertEquals(6, sizes.get(0).getAsLong());
        assertEquals(3, sizes.get(1).getAsLong());
        JsonArray asym = json.getAsJsonArray("asymmetric");
        assertEquals(2.0 / 3, asym.get(0).getAsJsonArray().get(1).getAsDouble(), 1e-12, "|A∩B| / |B|");
        assertEquals(2.0 / 6, asym.get(1).getAsJsonArray().get(0).getAsDouble(), 1e-12, "|A∩B| / |A|");
        assertEquals(
                2.0 / 7,
                json.getAsJsonArray("jaccard").get(0).getAsJsonArray().get(1).getAsDouble(),
                1e-12,
                "|A∩B| / |A∪B|");
        JsonObject pair = json.getAsJsonObject("pairs").getAsJsonObject("upc ∩ evn");
        assertEquals(
                2,
                pair.getAsJsonObject("by_layer")
                        .getAsJsonObject("0")
                        .get("intersection")
                        .getAsLong());
        assertEquals(
                2,
                pair.getAsJsonObject("by_layer")
                        .getAsJsonObject("1")
                        .get("size_a")
                        .getAsLong());
        assertEquals(
                2,
                pair.getAsJsonObject("by_module")
                        .getAsJsonObject("down")
                        .get("intersection")
                        .getAsLong());
        assertEquals(
                2,
                pair.getAsJsonObject("by_module")
                        .getAsJsonObject("norm")
                        .get("size_a")
                        .getAsLong());
        assertEquals(
                64,
                json.getAsJsonArray("regions")
                        .get(0)
                        .getAsJsonObject()
                        .get("sha256")
                        .getAsString()
                        .length());
        assertTrue(Files.readString(out.resolve("report.html")).contains("Overlap of skill regions"));
        assertTrue(r.out().contains("0.6667"), r.out());
        io.skillscope.core.testing.StrictJson.checkTree(out);
        // hand-built masks record no models or data: one line says why there are no grafts ...
        assertTrue(r.out().contains("no union/intersection grafts: region upc"), r.out());
        assertTrue(json.getAsJsonObject("grafts").get("skipped").getAsString().contains("upc"));
        // ... and asking for them is a usage error
        CliRun asked = CliRun.of(
                "overlap",
                "--region",
                "upc=" + a,
                "evn=" + b,
                "--grafts",
                "--out",
                dir.resolve("asked").toString());
        assertEquals(2, asked.code(), asked.toString());
        assertTrue(asked.err().contains("--grafts: region upc"), asked.err());
    }

    @Test
    void neuronSetsOfTwoUnlearningRunsOverlapOnTheSameModel() throws IOException {
        String[] data = {"--train", "32", "--dev", "16", "--test", "8", "--batch", "64", "--p", "3"};
        Path na = dir.resolve("na-add");
        Path prune = dir.resolve("prune-add");
        for (String[] run : new String[][] {{"na", na.toString(), "add"}, {"prune", prune.toString(), "add"}}) {
            java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(
                    "unlearn",
                    run[0],
                    "--model",
                    ShippedModels.SKILL_LAB_BASE.toString(),
                    "--forget",
                    run[2],
                    "--retain",
                    "rev",
                    "--out",
                    run[1]));
            args.addAll(java.util.List.of(data));
            CliRun u = CliRun.of(args.toArray(String[]::new));
            assertEquals(0, u.code(), u.toString());
        }
        Path out = dir.resolve("out");
        CliRun r = CliRun.of("overlap", "--region", "na=" + na, "prune=" + prune, "--out", out.toString());
        assertEquals(0, r.code(), r.toString());
        JsonObject json = read(out.resolve("result.json"));
        assertEquals("neuron set", json.get("region_kind").getAsString());
        long naSize = json.getAsJsonArray("sizes").get(0).getAsLong();
        long pruneSize = json.getAsJsonArray("sizes").get(1).getAsLong();
        JsonObject unlearned = read(na.resolve("result.json"));
        assertTrue(naSize > 0 && pruneSize > 0, naSize + " " + pruneSize);
        assertEquals(
                1.0,
                json.getAsJsonArray("asymmetric").get(0).getAsJsonArray().get(0).getAsDouble());
        assertTrue(unlearned.toString().contains("\"na\""));
        assertTrue(r.out().contains("neuron sets (unlearn na|prune) have no graft"), r.out());

        CliRun mixed = CliRun.of(
                "overlap",
                "--region",
                "na=" + na,
                "m=" + mask(dir.resolve("m"), new int[] {1}, new int[] {}),
                "--out",
                dir.resolve("mixed").toString());
        assertEquals(2, mixed.code(), mixed.toString());
        assertTrue(mixed.err().contains("compare masks with masks and neurons with neurons"), mixed.err());
        assertFalse(Files.exists(dir.resolve("mixed")), "nothing written");
    }
}
