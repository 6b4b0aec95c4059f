package io.skillscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.skillscope.core.Json;
import io.skillscope.core.testing.ShippedModels;
import io.skillscope.grafting.Mask;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code skillscope overlap} with grafts, on two small {@code localize} runs over the shipped skill lab's
 * last stage (θ_pre = {@code stage3/}, θ_ft = the shipped model): mul drawn with a data seed, col drawn as
 * the shipped model's recipe drew it, so both of {@code localize}'s draws are drawn again.
 */
class OverlapGraftsTest {
    @TempDir
    Path dir;

    private static final Path PRE = ShippedModels.SKILL_LAB_BASE.resolve("stage3");
    private static final Path FT = ShippedModels.SKILL_LAB_BASE;

    private static Path localize(Path out, String skill, String sparsity, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of(
                "localize",
                "--base",
                PRE.toString(),
                "--finetuned",
                FT.toString(),
                "--skill",
                skill,
                "--sparsity",
                sparsity,
                "--steps",
                "3",
                "--batch",
                "32",
                "--accumulation",
                "1",
                "--train",
                "32",
                "--dev",
                "8",
                "--test",
                "40",
                "--quiet",
                "--out",
                out.toString()));
        args.addAll(List.of(more));
        CliRun r = CliRun.of(args.toArray(String[]::new));
        assertEquals(0, r.code(), r.toString());
        return out;
    }

    @Test
    void intersectionAndUnionGraftsOfTwoLocalizeMasksOnTheirOwnTestSplits() {
        Path mul = localize(dir.resolve("mul"), "mul", "1e-2", "--data-seed", "99");
        Path col = localize(dir.resolve("col"), "col", "3e-2");
        JsonObject mulRes = Json.read(mul.resolve("result.json"));
        JsonObject colRes = Json.read(col.resolve("result.json"));
        assertEquals(
                "generated",
                mulRes.getAsJsonObject("data")
                        .getAsJsonObject("draw")
                        .get("kind")
                        .getAsString());
        assertEquals(
                "recipe",
                colRes.getAsJsonObject("data")
                        .getAsJsonObject("draw")
                        .get("kind")
                        .getAsString());

        Path out = dir.resolve("out");
        CliRun r = CliRun.of("overlap", "--region", "mul=" + mul, "col=" + col, "--out", out.toString());
        assertEquals(0, r.code(), r.toString());
        JsonObject grafts = Json.read(out.resolve("result.json")).getAsJsonObject("grafts");
        JsonArray rows = grafts.getAsJsonArray("rows");
        assertEquals(2 * (3 + 2), rows.size(), rows.toString());
        Map<String, JsonObject> byKey = new HashMap<>();
        for (JsonElement e : rows) {
            JsonObject x = e.getAsJsonObject();
            byKey.put(x.get("skill").getAsString() + "/" + x.get("kind").getAsString(), x);
            double acc = x.get("accuracy").getAsDouble();
            assertTrue(acc >= 0 && acc <= 1, x.toString());
            assertEquals(40, x.get("n").getAsInt(), x.toString());
        }
        Mask mMul = Mask.load(mul);
        Mask mCol = Mask.load(col);
        for (String[] s : new String[][] {{"mul", "col"}, {"col", "mul"}}) {
            JsonObject own = s[0].equals("mul") ? mulRes : colRes;
            JsonObject acc = own.getAsJsonObject("accuracy");
            // the mask alone, θ_pre and θ_ft reproduce localize's own numbers exactly
            assertEquals(
                    acc.get("graft").getAsDouble(),
                    byKey.get(s[0] + "/mask").get("accuracy").getAsDouble(),
                    0.0,
                    s[0] + ": the mask-alone graft is localize's graft");
            assertEquals(
                    acc.get("pre").getAsDouble(),
                    byKey.get(s[0] + "/pre").get("accuracy").getAsDouble(),
                    0.0);
            assertEquals(
                    acc.get("ft").getAsDouble(),
                    byKey.get(s[0] + "/ft").get("accuracy").getAsDouble(),
                    0.0);
            assertEquals(
                    own.get("n_selected").getAsLong(),
                    byKey.get(s[0] + "/mask").get("n_selected").getAsLong());
            JsonObject inter = byKey.get(s[0] + "/intersection");
            JsonObject union = byKey.get(s[0] + "/union");
            assertEquals(s[1], inter.get("partner").getAsString());
            long ni = inter.get("n_selected").getAsLong();
            long nu = union.get("n_selected").getAsLong();
            assertEquals(mMul.and(mCol).cardinality(), ni);
            assertEquals(mMul.or(mCol).cardinality(), nu);
            assertTrue(ni <= own.get("n_selected").getAsLong()
                    && own.get("n_selected").getAsLong() <= nu);
            assertNotEquals(ni, nu, "the union graft uses another mask than the intersection's");
        }
        assertTrue(r.out().contains("grafts: skill i's exact match"), r.out());
        String html = Files.exists(out.resolve("report.html")) ? read(out.resolve("report.html")) : "";
        assertTrue(html.contains("Union and intersection grafts"), "report section");
        assertTrue(html.contains("Bars per ordered pair"), "the chart (Charts.bars requires its y-axis label)");
        assertTrue(html.contains("m_i ∪ m_j"), "the table's union column");

        // a mask learned against another θ_pre is refused, naming both hashes
        Path other = dir.resolve("other");
        Mask moved = mCol.withAttributes(Map.of("pre_sha256", "0".repeat(64)));
        JsonObject extra = colRes.deepCopy();
        extra.remove("attributes");
        moved.save(other, extra);
        CliRun refused = CliRun.of(
                "overlap",
                "--region",
                "mul=" + mul,
                "col=" + other,
                "--out",
                dir.resolve("refused").toString());
        assertEquals(2, refused.code(), refused.toString());
        assertTrue(refused.err().contains("0".repeat(64)), refused.err());
        assertTrue(refused.err().contains(mMul.attributes().get("pre_sha256")), refused.err());
        assertFalse(Files.exists(dir.resolve("refused")), "nothing written");

        // --no-grafts skips them, and says so in result.json
        Path skipped = dir.resolve("skipped");
        CliRun s = CliRun.of(
                "overlap", "--region", "mul=" + mul, "col=" + other, "--no-grafts", "--out", skipped.toString());
        assertEquals(0, s.code(), s.toString());
        assertEquals(
                "--no-grafts",
                Json.read(skipped.resolve("result.json"))
                        .getAsJsonObject("grafts")
                        .get("skipped")
                        .getAsString());
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
