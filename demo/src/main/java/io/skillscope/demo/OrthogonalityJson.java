package io.skillscope.demo;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import io.skillscope.analysis.ModuleType;
import io.skillscope.analysis.TensorLabel;
import io.skillscope.analysis.orthogonality.GroupSummary;
import io.skillscope.analysis.orthogonality.OrthogonalityOptions;
import io.skillscope.analysis.orthogonality.OrthogonalityReport;
import io.skillscope.analysis.orthogonality.PrincipalAngles;
import io.skillscope.analysis.orthogonality.SupportOverlap;
import io.skillscope.analysis.orthogonality.TensorComparison;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An {@link OrthogonalityReport} as JSON and back: the labels, options and every per-tensor row (cosines,
 * principal angles in radians, support overlaps); the summaries are recomputed from the rows on reading,
 * exactly as {@code Orthogonality.compute} makes them. A {@code summary} block (medians per module type)
 * is written for people and scripts and ignored on reading. The {@code result} of a {@link
 * ResultKind#ORTHOGONALITY} artifact; {@code skillscope spark sweep orthogonality} writes it too.
 */
public final class OrthogonalityJson {
    private OrthogonalityJson() {}

    /** The report as JSON. */
    public static JsonObject write(OrthogonalityReport r) {
        JsonObject o = new JsonObject();
        o.addProperty("label_a", r.labelA());
        o.addProperty("label_b", r.labelB());
        if (r.controlLabel().isPresent()) {
            o.addProperty("control_label", r.controlLabel().get());
        } else {
            o.add("control_label", JsonNull.INSTANCE);
        }
        JsonObject opt = new JsonObject();
        opt.addProperty("rank", r.options().rank());
        opt.addProperty("top_fraction", r.options().topFraction());
        opt.addProperty("seed", r.options().seed());
        opt.addProperty("max_svd_dim", r.options().maxSvdDim());
        o.add("options", opt);
        JsonObject summary = new JsonObject();
        summary.add("all", group(r.overall()));
        JsonObject byModule = new JsonObject();
        r.byModule().forEach((m, g) -> byModule.add(m.label(), group(g)));
        summary.add("by_module", byModule);
        o.add("summary", summary);
        JsonArray rows = new JsonArray();
        for (TensorComparison t : r.rows()) {
            JsonObject j = new JsonObject();
            j.addProperty("name", t.name());
            j.add("shape", ResultFields.array(t.shape()));
            j.add("cos", ResultFields.num(t.cosine()));
            j.add("control_cos", ResultFields.num(t.controlCosine()));
            j.add("random_cos", ResultFields.num(t.randomCosine()));
            j.add("angles_rad", ResultFields.array(t.angles().radians()));
            j.add("control_angles_rad", ResultFields.array(t.controlAngles().radians()));
            j.add("support", support(t.support()));
            j.add("control_support", t.controlSupport() == null ? JsonNull.INSTANCE : support(t.controlSupport()));
            rows.add(j);
        }
        o.add("rows", rows);
        JsonArray skipped = new JsonArray();
        r.skipped().forEach(skipped::add);
        o.add("skipped", skipped);
        return o;
    }

    private static JsonObject group(GroupSummary g) {
        JsonObject j = new JsonObject();
        j.addProperty("tensors", g.tensors());
        j.add("median_abs_cos", ResultFields.num(g.medianAbsCosine()));
        j.add("control_median_abs_cos", ResultFields.num(g.controlMedianAbsCosine()));
        j.add("random_median_abs_cos", ResultFields.num(g.randomMedianAbsCosine()));
        j.add("expected_random_abs_cos", ResultFields.num(g.expectedRandomAbsCosine()));
        j.add("mean_cos", ResultFields.num(g.meanCosine()));
        return j;
    }

    private static JsonObject support(SupportOverlap s) {
        JsonObject j = new JsonObject();
        j.addProperty("k", s.k());
        j.addProperty("n", s.n());
        j.addProperty("intersection", s.intersection());
        return j;
    }

    /**
     * The report again, its summaries recomputed from the rows.
     *
     * @param file named in errors
     */
    public static OrthogonalityReport read(JsonObject o, Path file) {
        ResultFields.Reader r = new ResultFields.Reader(file);
        JsonObject opt = r.object(o, "options");
        OrthogonalityOptions options = new OrthogonalityOptions(
                r.integer(opt, "rank"),
                r.dbl(opt, "top_fraction"),
                r.longValue(opt, "seed"),
                r.integer(opt, "max_svd_dim"));
        JsonElement ctl = r.get(o, "control_label");
        Optional<String> control = ctl.isJsonNull() ? Optional.empty() : Optional.of(ctl.getAsString());
        List<TensorComparison> rows = new ArrayList<>();
        for (JsonElement e : r.array(o, "rows")) {
            JsonObject j = e.getAsJsonObject();
            String name = r.string(j, "name");
            JsonElement cs = r.get(j, "control_support");
            TensorLabel label = TensorLabels.of(name);
            rows.add(new TensorComparison(
                    name,
                    label.module(),
                    label.layer(),
                    r.ints(j, "shape"),
                    r.dbl(j, "cos"),
                    r.dbl(j, "control_cos"),
                    r.dbl(j, "random_cos"),
                    new PrincipalAngles(r.doubles(j, "angles_rad")),
                    new PrincipalAngles(r.doubles(j, "control_angles_rad")),
                    support(r, r.object(j, "support")),
                    cs.isJsonNull() ? null : support(r, cs.getAsJsonObject())));
        }
        Map<ModuleType, List<TensorComparison>> modules = new EnumMap<>(ModuleType.class);
        SortedMap<Integer, List<TensorComparison>> layers = new TreeMap<>();
        for (TensorComparison t : rows) {
            modules.computeIfAbsent(t.module(), k -> new ArrayList<>()).add(t);
            t.layer()
                    .ifPresent(l ->
                            layers.computeIfAbsent(l, k -> new ArrayList<>()).add(t));
        }
        Map<ModuleType, GroupSummary> byModule = new EnumMap<>(ModuleType.class);
        modules.forEach((m, rs) -> byModule.put(m, GroupSummary.of(m.label(), rs)));
        SortedMap<Integer, GroupSummary> byLayer = new TreeMap<>();
        layers.forEach((l, rs) -> byLayer.put(l, GroupSummary.of("layer " + l, rs)));
        List<String> skipped = new ArrayList<>();
        r.array(o, "skipped").forEach(e -> skipped.add(e.getAsString()));
        return new OrthogonalityReport(
                r.string(o, "label_a"),
                r.string(o, "label_b"),
                control,
                options,
                rows,
                byModule,
                byLayer,
                GroupSummary.of("all", rows),
                skipped);
    }

    private static SupportOverlap support(ResultFields.Reader r, JsonObject j) {
        return new SupportOverlap(r.integer(j, "k"), r.integer(j, "n"), r.integer(j, "intersection"));
    }
}
