package io.skillscope.demo;

import static io.skillscope.demo.FormatFields.objectOr;
import static io.skillscope.demo.FormatFields.strings;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.skillscope.analysis.overlap.OverlapMatrix;
import io.skillscope.analysis.overlap.OverlapResult;
import io.skillscope.reports.Charts;
import io.skillscope.reports.Section;
import io.skillscope.reports.sections.OverlapMatrixSection;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The {@code result.json} of {@code skillscope overlap}: the {@code regions}, their {@code sizes} and each
 * pair's intersection counts (or, in older files, the {@code asymmetric} ratios), shown as an
 * {@link OverlapMatrixSection}, and the {@code grafts} block (skill i's accuracy under the intersection and
 * union grafts of every ordered pair) as a table and a bar chart.
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
        List<Section> out = new ArrayList<>();
        out.add(new OverlapMatrixSection(prefix + "Overlap of skill regions").from(overlap(o, r)));
        if (o.has("grafts") && o.get("grafts").isJsonObject()) {
            out.add(grafts(r.object(o, "grafts"), r, prefix));
        }
        return out;
    }

    /**
     * The {@code grafts} block: for each ordered pair (i, j), skill i's accuracy under θ_pre, θ_ft_i, m_i,
     * m_i ∩ m_j and m_i ∪ m_j as a table and a grouped bar chart; or the one line saying why there are none.
     */
    private static Section grafts(JsonObject g, ResultFields.Reader r, String prefix) {
        Section.Builder s = Section.builder(prefix + "Union and intersection grafts");
        if (!g.has("rows")) {
            return s.paragraph(r.stringOr(g, "skipped", "no grafts")).build();
        }
        Map<String, Map<String, JsonObject>> own = new LinkedHashMap<>();
        Map<String, Map<String, JsonObject>> pairs = new LinkedHashMap<>();
        for (JsonElement e : r.array(g, "rows")) {
            JsonObject x = e.getAsJsonObject();
            String skill = r.string(x, "skill");
            if (x.has("partner")) {
                pairs.computeIfAbsent(skill + " with " + r.string(x, "partner"), k -> new LinkedHashMap<>())
                        .put(r.string(x, "kind"), x);
                own.computeIfAbsent(skill, k -> new LinkedHashMap<>());
            } else {
                own.computeIfAbsent(skill, k -> new LinkedHashMap<>()).put(r.string(x, "kind"), x);
            }
        }
        StringColumn skillCol = StringColumn.create("skill i");
        StringColumn withCol = StringColumn.create("with j");
        DoubleColumn pre = DoubleColumn.create("θ_pre");
        DoubleColumn mask = DoubleColumn.create("m_i");
        DoubleColumn inter = DoubleColumn.create("m_i ∩ m_j");
        LongColumn interN = LongColumn.create("|m_i ∩ m_j|");
        DoubleColumn union = DoubleColumn.create("m_i ∪ m_j");
        LongColumn unionN = LongColumn.create("|m_i ∪ m_j|");
        DoubleColumn ft = DoubleColumn.create("θ_ft_i");
        IntColumn n = IntColumn.create("n");
        for (Map.Entry<String, Map<String, JsonObject>> e : pairs.entrySet()) {
            JsonObject i = e.getValue().get("intersection");
            JsonObject u = e.getValue().get("union");
            if (i == null || u == null) {
                throw r.missing("grafts.rows", "lacks the intersection or union of " + e.getKey());
            }
            Map<String, JsonObject> o = own.get(r.string(i, "skill"));
            for (String k : List.of("pre", "ft", "mask")) {
                if (!o.containsKey(k)) {
                    throw r.missing("grafts.rows", "has no " + k + " row for skill " + r.string(i, "skill"));
                }
            }
            skillCol.append(r.string(i, "skill"));
            withCol.append(r.string(i, "partner"));
            pre.append(r.dbl(o.get("pre"), "accuracy"));
            mask.append(r.dbl(o.get("mask"), "accuracy"));
            inter.append(r.dbl(i, "accuracy"));
            interN.append(r.longValue(i, "n_selected"));
            union.append(r.dbl(u, "accuracy"));
            unionN.append(r.longValue(u, "n_selected"));
            ft.append(r.dbl(o.get("ft"), "accuracy"));
            n.append(r.integer(i, "n"));
        }
        Map<String, double[]> series = new LinkedHashMap<>();
        series.put("θ_pre", pre.asDoubleArray());
        series.put("m_i ∩ m_j", inter.asDoubleArray());
        series.put("m_i", mask.asDoubleArray());
        series.put("m_i ∪ m_j", union.asDoubleArray());
        series.put("θ_ft_i", ft.asDoubleArray());
        return s.paragraph("For each ordered pair (i, j), skill i's exact match on the test split that localize"
                        + " scored it on, under θ_pre + m ⊙ (θ_ft_i − θ_pre) for m = m_i ∩ m_j, m_i and m_i ∪ m_j."
                        + " An intersection that keeps m_i's accuracy means the weights both skills use carry"
                        + " skill i; a union above m_i means skill j's region helps skill i. The m_i column"
                        + " reproduces localize's own graft accuracy. All masks share θ_pre "
                        + r.stringOr(g, "base_sha256", "?") + ".")
                .metric("pairs", Integer.toString(skillCol.size()))
                .metric("test items per skill", n.isEmpty() ? "0" : Integer.toString(n.get(0)))
                .chart(
                        "Bars per ordered pair: θ_pre, the intersection, the mask, the union, θ_ft.",
                        Charts.bars(
                                "Skill i's accuracy under each graft",
                                "exact match on skill i's test split",
                                new ArrayList<>(pairs.keySet()),
                                series))
                .table(
                        "Exact match per graft",
                        Table.create("grafts", skillCol, withCol, pre, inter, interN, mask, union, unionN, ft, n))
                .build();
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
