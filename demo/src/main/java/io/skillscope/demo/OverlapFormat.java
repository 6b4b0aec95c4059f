package io.skillscope.demo;

import static io.skillscope.demo.FormatFields.objectOr;
import static io.skillscope.demo.FormatFields.strings;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.skillscope.analysis.overlap.OverlapMatrix;
import io.skillscope.analysis.overlap.OverlapResult;
import io.skillscope.reports.Section;
import io.skillscope.reports.sections.OverlapMatrixSection;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code result.json} of {@code skillscope overlap}: the {@code regions}, their {@code sizes} and each
 * pair's intersection counts (or, in older files, the {@code asymmetric} ratios), shown as an
 * {@link OverlapMatrixSection}.
 */
final class OverlapFormat implements CommandFormat {
    @Override
    public StepArtifact artifact(JsonObject o, ResultFields.Reader r, Path dir) {
        OverlapMatrix m = overlap(o, r);
        String kind = r.stringOr(o, "region_kind", "region");
        Map<String, String> inputs = new LinkedHashMap<>();
        for (JsonElement e : r.array(o, "regions")) {
            JsonObject x = e.getAsJsonObject();
            inputs.put(r.string(x, "name"), r.stringOr(x, "path", "") + " " + r.stringOr(x, "sha256", ""));
        }
        JsonObject settings = new JsonObject();
        settings.addProperty("region_kind", kind);
        return new StepArtifact(
                ResultKind.OVERLAP,
                "skillscope overlap: " + m.size() + " " + kind + " regions",
                "Regions " + String.join(", ", m.labels()) + "; mean off-diagonal |Mi ∩ Mj| / |Mj| "
                        + String.format(Locale.ROOT, "%.4f", m.meanOffDiagonal()) + ".",
                "",
                0,
                Double.NaN,
                settings,
                inputs,
                Map.of(),
                strings(o, "provenance"),
                o);
    }

    @Override
    public List<Section> sections(JsonObject o, ResultFields.Reader r, String prefix) {
        return List.of(new OverlapMatrixSection(prefix + "Overlap of skill regions").from(overlap(o, r)));
    }

    /** The matrix from the region sizes and each pair's counts (or, without them, the ratios). */
    private static OverlapMatrix overlap(JsonObject o, ResultFields.Reader r) {
        List<String> labels = new ArrayList<>();
        for (JsonElement e : r.array(o, "regions")) {
            labels.add(r.string(e.getAsJsonObject(), "name"));
        }
        JsonArray sizeArr = r.array(o, "sizes");
        int k = labels.size();
        if (sizeArr.size() != k) {
            throw r.missing("sizes", "has " + sizeArr.size() + " entries for " + k + " regions");
        }
        long[] sizes = new long[k];
        for (int i = 0; i < k; i++) {
            sizes[i] = sizeArr.get(i).getAsLong();
        }
        JsonObject pairs = objectOr(o, "pairs");
        JsonArray asym = o.has("asymmetric") ? r.array(o, "asymmetric") : null;
        OverlapResult[][] cells = new OverlapResult[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                long inter;
                if (i == j) {
                    inter = sizes[i];
                } else if (pairs.has(labels.get(i) + " ∩ " + labels.get(j))) {
                    inter = pairTotal(pairs, labels.get(i) + " ∩ " + labels.get(j), r);
                } else if (pairs.has(labels.get(j) + " ∩ " + labels.get(i))) {
                    inter = pairTotal(pairs, labels.get(j) + " ∩ " + labels.get(i), r);
                } else if (asym != null) {
                    JsonElement v = asym.get(i).getAsJsonArray().get(j);
                    inter = v.isJsonNull() ? 0 : Math.round(v.getAsDouble() * sizes[j]);
                } else {
                    throw r.missing("pairs", "has no pair " + labels.get(i) + " ∩ " + labels.get(j));
                }
                cells[i][j] = new OverlapResult(inter, sizes[i], sizes[j], 0);
            }
        }
        return OverlapMatrix.of(labels, cells);
    }

    private static long pairTotal(JsonObject pairs, String pair, ResultFields.Reader r) {
        return r.longValue(r.object(r.object(pairs, pair), "total"), "intersection");
    }
}
