package io.skillscope.unlearning;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import io.skillscope.core.Provenance;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Accuracy before and after an unlearning method on the forget set and every retain set.
 * Relative drop = 1 − after/before (docs/methods.md §2); NaN when the model never got a set right before.
 * Detection = share of test queries the method refused (Key Space Detection; 0 for the others).
 */
public final class UnlearningReport {

    /**
     * One set's numbers.
     *
     * @param name set name
     * @param role {@code forget} or {@code retain}
     * @param n test queries
     * @param before exact-match accuracy without the method
     * @param after exact-match accuracy with the method
     * @param detection share of queries refused
     */
    public record Row(String name, String role, int n, double before, double after, double detection) {
        /** 1 − after/before. */
        public double relativeDrop() {
            return before > 0 ? 1 - after / before : Double.NaN;
        }
    }

    private final String method;
    private final Row forget;
    private final List<Row> retain;
    private final Map<String, Object> settings;
    private final Map<String, Object> data;
    private final Unlearner unlearner;
    private final Map<String, String> provenance = Provenance.environment();

    UnlearningReport(
            String method,
            Row forget,
            List<Row> retain,
            Map<String, Object> settings,
            Map<String, Object> data,
            Unlearner unlearner) {
        this.method = method;
        this.forget = forget;
        this.retain = List.copyOf(retain);
        this.settings = new LinkedHashMap<>(settings);
        this.data = new LinkedHashMap<>(data);
        this.unlearner = unlearner;
    }

    public String method() {
        return method;
    }

    public Row forget() {
        return forget;
    }

    public List<Row> retain() {
        return retain;
    }

    /** The fitted method (to save or reuse). */
    public Unlearner unlearner() {
        return unlearner;
    }

    /** The largest relative drop over the retain sets. */
    public double worstRetainDrop() {
        return retain.stream()
                .mapToDouble(Row::relativeDrop)
                .filter(d -> !Double.isNaN(d))
                .max()
                .orElse(Double.NaN);
    }

    /** One row per set: name, role, n, before, after, relative_drop, detection. */
    public Table table() {
        StringColumn name = StringColumn.create("set");
        StringColumn role = StringColumn.create("role");
        IntColumn n = IntColumn.create("n");
        DoubleColumn before = DoubleColumn.create("before");
        DoubleColumn after = DoubleColumn.create("after");
        DoubleColumn drop = DoubleColumn.create("relative_drop");
        DoubleColumn det = DoubleColumn.create("detection");
        for (Row r : allRows()) {
            name.append(r.name());
            role.append(r.role());
            n.append(r.n());
            before.append(r.before());
            after.append(r.after());
            drop.append(r.relativeDrop());
            det.append(r.detection());
        }
        return Table.create(method, name, role, n, before, after, drop, det);
    }

    private List<Row> allRows() {
        List<Row> all = new java.util.ArrayList<>();
        all.add(forget);
        all.addAll(retain);
        return all;
    }

    /**
     * {@code {"method", "forget": {...}, "retain": [{...}], "settings", "data", "provenance"}}, each set
     * with {@code name, n, before, after, relative_drop, detection} (a NaN drop as null).
     */
    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("method", method);
        o.add("forget", rowJson(forget));
        JsonArray r = new JsonArray();
        retain.forEach(x -> r.add(rowJson(x)));
        o.add("retain", r);
        o.add("settings", Artifacts.GSON.toJsonTree(settings));
        o.add("data", Artifacts.GSON.toJsonTree(data));
        o.add("provenance", Artifacts.GSON.toJsonTree(provenance));
        return o;
    }

    private static JsonObject rowJson(Row r) {
        JsonObject o = new JsonObject();
        o.addProperty("name", r.name());
        o.addProperty("n", r.n());
        o.addProperty("before", r.before());
        o.addProperty("after", r.after());
        if (Double.isNaN(r.relativeDrop())) {
            o.add("relative_drop", JsonNull.INSTANCE);
        } else {
            o.addProperty("relative_drop", r.relativeDrop());
        }
        o.addProperty("detection", r.detection());
        return o;
    }

    /**
     * Writes {@code result.json} (this report) into {@code dir} and the method's artifact into
     * {@code dir/artifact/}.
     */
    public void save(Path dir) {
        Artifacts.write(dir, toJson(), null, Map.of());
        if (unlearner != null && !unlearner.method().equals("none")) {
            unlearner.save(dir.resolve("artifact"));
        }
    }

    @Override
    public String toString() {
        return String.format(
                "UnlearningReport[%s: forget %s %.3f -> %.3f (drop %.1f%%), %d retain sets, worst retain drop"
                        + " %.1f%%]",
                method,
                forget.name(),
                forget.before(),
                forget.after(),
                100 * forget.relativeDrop(),
                retain.size(),
                100 * worstRetainDrop());
    }
}
