package io.skillscope.probes;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.skillscope.core.Provenance;
import io.skillscope.core.SkillscopeException;
import io.skillscope.core.checkpoint.HostTensor;
import io.skillscope.core.checkpoint.SafetensorsWriter;
import io.skillscope.core.checkpoint.TensorSource;
import io.skillscope.core.hooks.HookFilter;
import io.skillscope.core.hooks.HookName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The statistics a {@link Probe} collected, by hook name, with what they were computed from: the
 * dataset's name and hash, the model's weight hash, the settings and the environment. Saves as an
 * artifact folder: {@code result.json} and {@code stats.safetensors} (per hook {@code <hook>.count}
 * int64 [1], and float64 {@code .mean .var .m2 .min .max} [F], plus {@code .hist} int64 [F, bins+2]
 * when a histogram was kept).
 */
public final class ProbeResult {
    public static final String RESULT_FILE = "result.json";
    public static final String STATS_FILE = "stats.safetensors";
    private static final Gson GSON = io.skillscope.core.Json.GSON;

    private final Map<String, NeuronStats> stats;
    private final String datasetName;
    private final String datasetSha256;
    private final int rows;
    private final String modelSha256;
    private final ProbeSettings settings;
    private final Map<String, String> provenance;

    ProbeResult(
            Map<String, NeuronStats> stats,
            String datasetName,
            String datasetSha256,
            int rows,
            String modelSha256,
            ProbeSettings settings) {
        this(stats, datasetName, datasetSha256, rows, modelSha256, settings, Provenance.environment());
    }

    private ProbeResult(
            Map<String, NeuronStats> stats,
            String datasetName,
            String datasetSha256,
            int rows,
            String modelSha256,
            ProbeSettings settings,
            Map<String, String> provenance) {
        this.stats = Collections.unmodifiableMap(new LinkedHashMap<>(stats));
        this.datasetName = datasetName;
        this.datasetSha256 = datasetSha256;
        this.rows = rows;
        this.modelSha256 = modelSha256;
        this.settings = settings;
        this.provenance = Collections.unmodifiableMap(new LinkedHashMap<>(provenance));
    }

    /**
     * A result assembled from statistics computed elsewhere, such as the merged shards of a distributed
     * probe (the {@code spark} module), with this JVM's provenance.
     *
     * @param stats statistics by hook name, in probe order
     * @param datasetName the dataset's label
     * @param datasetSha256 the dataset's hash ({@link ProbeDataset#sha256()} of all its rows in order)
     * @param rows rows in the dataset
     * @param modelSha256 the model's weight hash
     * @param settings what was probed
     * @return the result
     */
    public static ProbeResult of(
            Map<String, NeuronStats> stats,
            String datasetName,
            String datasetSha256,
            int rows,
            String modelSha256,
            ProbeSettings settings) {
        if (stats.isEmpty()) {
            throw new IllegalArgumentException("a probe result needs statistics of at least one hook");
        }
        return new ProbeResult(stats, datasetName, datasetSha256, rows, modelSha256, settings);
    }

    /** Statistics by hook name, in probe order. */
    public Map<String, NeuronStats> stats() {
        return stats;
    }

    /** Statistics of one hook. */
    public NeuronStats get(String hook) {
        NeuronStats s = stats.get(hook);
        if (s == null) {
            throw new SkillscopeException("hook " + hook + " was not probed; probed: " + stats.keySet());
        }
        return s;
    }

    /** Statistics of one typed hook. */
    public NeuronStats get(HookName hook) {
        return get(hook.toString());
    }

    public String datasetName() {
        return datasetName;
    }

    public String datasetSha256() {
        return datasetSha256;
    }

    /** Rows in the dataset. */
    public int rows() {
        return rows;
    }

    public String modelSha256() {
        return modelSha256;
    }

    public ProbeSettings settings() {
        return settings;
    }

    public Map<String, String> provenance() {
        return provenance;
    }

    /**
     * Merges the result of another shard of the same probe (same model, settings and hooks): the
     * statistics combine exactly; the dataset hash becomes the hash of the two hashes in order.
     */
    public ProbeResult merge(ProbeResult o) {
        if (!o.settings.equals(settings)
                || !o.modelSha256.equals(modelSha256)
                || !o.stats.keySet().equals(stats.keySet())) {
            throw new SkillscopeException(
                    "cannot merge probe results of different models, settings or hooks: " + this + " and " + o);
        }
        Map<String, NeuronStats> m = new LinkedHashMap<>();
        for (String k : stats.keySet()) {
            m.put(k, stats.get(k).merge(o.stats.get(k)));
        }
        String hash = ProbeDataset.sha256Of("merge:" + datasetSha256 + ":" + o.datasetSha256);
        return new ProbeResult(m, datasetName + "+" + o.datasetName, hash, rows + o.rows, modelSha256, settings);
    }

    /** One row per hook: layer, width, count, averages of the per-neuron mean and std, min and max. */
    public Table summaryTable() {
        StringColumn hook = StringColumn.create("hook");
        IntColumn layer = IntColumn.create("layer");
        IntColumn width = IntColumn.create("width");
        LongColumn count = LongColumn.create("count");
        DoubleColumn avgMean = DoubleColumn.create("avg_mean");
        DoubleColumn avgStd = DoubleColumn.create("avg_std");
        DoubleColumn min = DoubleColumn.create("min");
        DoubleColumn max = DoubleColumn.create("max");
        for (Map.Entry<String, NeuronStats> e : stats.entrySet()) {
            NeuronStats s = e.getValue();
            double[] mu = s.mean();
            double[] sd = s.std();
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            double am = 0;
            double as = 0;
            double[] mins = s.min();
            double[] maxs = s.max();
            for (int i = 0; i < s.width(); i++) {
                am += mu[i] / s.width();
                as += sd[i] / s.width();
                lo = Math.min(lo, mins[i]);
                hi = Math.max(hi, maxs[i]);
            }
            hook.append(e.getKey());
            layer.append(HookName.parse(e.getKey()).layer());
            width.append(s.width());
            count.append(s.count());
            avgMean.append(am);
            avgStd.append(as);
            min.append(lo);
            max.append(hi);
        }
        return Table.create("probe " + datasetName, hook, layer, width, count, avgMean, avgStd, min, max);
    }

    /**
     * Writes {@code result.json} and {@code stats.safetensors} into {@code dir} (created when missing),
     * each atomically.
     */
    public void save(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        Map<String, HostTensor> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, NeuronStats> e : stats.entrySet()) {
            putStats(tensors, e.getKey(), e.getValue());
        }
        SafetensorsWriter.write(dir.resolve(STATS_FILE), tensors, Map.of("format", "skillscope.probe"));
        JsonObject root = new JsonObject();
        root.addProperty("kind", "probe");
        JsonObject ds = new JsonObject();
        ds.addProperty("name", datasetName);
        ds.addProperty("sha256", datasetSha256);
        ds.addProperty("rows", rows);
        root.add("dataset", ds);
        root.addProperty("model_sha256", modelSha256);
        root.add("settings", settingsJson(settings));
        JsonArray hooks = new JsonArray();
        stats.keySet().forEach(hooks::add);
        root.add("hooks", hooks);
        root.add("provenance", GSON.toJsonTree(provenance));
        io.skillscope.core.Json.write(dir.resolve(RESULT_FILE), root);
    }

    /**
     * Reads a folder written by {@link #save}.
     *
     * @throws SkillscopeException naming the file and field when something is missing
     */
    public static ProbeResult load(Path dir) {
        Path json = dir.resolve(RESULT_FILE);
        JsonObject root;
        try {
            root = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
        } catch (IOException e) {
            throw new SkillscopeException(json + ": cannot read (" + e.getMessage() + ")", e);
        } catch (RuntimeException e) {
            throw new SkillscopeException(json + ": not a probe result (" + e.getMessage() + ")", e);
        }
        if (!root.has("kind") || !"probe".equals(root.get("kind").getAsString())) {
            throw new SkillscopeException(json + ": field 'kind' must be \"probe\"");
        }
        JsonObject ds = root.getAsJsonObject("dataset");
        ProbeSettings settings = settingsFrom(root.getAsJsonObject("settings"), json);
        Map<String, NeuronStats> stats = new LinkedHashMap<>();
        try (TensorSource src = TensorSource.open(dir.resolve(STATS_FILE))) {
            for (JsonElement h : root.getAsJsonArray("hooks")) {
                stats.put(h.getAsString(), readStats(src, h.getAsString(), settings.histogram()));
            }
        }
        Map<String, String> prov = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e :
                root.getAsJsonObject("provenance").entrySet()) {
            prov.put(e.getKey(), e.getValue().getAsString());
        }
        return new ProbeResult(
                stats,
                ds.get("name").getAsString(),
                ds.get("sha256").getAsString(),
                ds.get("rows").getAsInt(),
                root.get("model_sha256").getAsString(),
                settings,
                prov);
    }

    /** Adds a hook's statistics under {@code prefix.count}, {@code .mean}, ... (shared with unlearning artifacts). */
    public static void putStats(Map<String, HostTensor> out, String prefix, NeuronStats s) {
        int w = s.width();
        out.put(prefix + ".count", HostTensor.ofI64(new long[] {s.count()}, 1));
        out.put(prefix + ".mean", HostTensor.ofDoubles(s.mean(), w));
        out.put(prefix + ".var", HostTensor.ofDoubles(s.variance(), w));
        out.put(prefix + ".m2", HostTensor.ofDoubles(s.m2(), w));
        out.put(prefix + ".min", HostTensor.ofDoubles(s.min(), w));
        out.put(prefix + ".max", HostTensor.ofDoubles(s.max(), w));
        if (s.histogramSpec() != null) {
            out.put(
                    prefix + ".hist",
                    HostTensor.ofI64(s.histogramCounts(), w, s.histogramSpec().slots()));
        }
    }

    /** Reads statistics written by {@link #putStats}. */
    public static NeuronStats readStats(TensorSource src, String prefix, HistogramSpec spec) {
        long count = src.read(prefix + ".count").toI64()[0];
        return NeuronStats.of(
                count,
                src.read(prefix + ".mean").toDoubles(),
                src.read(prefix + ".m2").toDoubles(),
                src.read(prefix + ".min").toDoubles(),
                src.read(prefix + ".max").toDoubles(),
                spec,
                spec == null ? null : src.read(prefix + ".hist").toI64());
    }

    static JsonObject settingsJson(ProbeSettings s) {
        JsonObject o = new JsonObject();
        JsonArray hooks = new JsonArray();
        s.hooks().forEach(f -> hooks.add(f.toString()));
        o.add("hooks", hooks);
        o.addProperty("positions", s.positions().name());
        o.addProperty("batch_size", s.batchSize());
        if (s.histogram() != null) {
            JsonObject h = new JsonObject();
            h.addProperty("lo", s.histogram().lo());
            h.addProperty("hi", s.histogram().hi());
            h.addProperty("bins", s.histogram().bins());
            o.add("histogram", h);
        }
        o.addProperty("absolute", s.absolute());
        return o;
    }

    static ProbeSettings settingsFrom(JsonObject o, Path file) {
        if (o == null) {
            throw new SkillscopeException(file + ": missing field 'settings'");
        }
        List<HookFilter> hooks = new ArrayList<>();
        o.getAsJsonArray("hooks").forEach(e -> hooks.add(HookFilter.parse(e.getAsString())));
        HistogramSpec h = null;
        if (o.has("histogram")) {
            JsonObject j = o.getAsJsonObject("histogram");
            h = new HistogramSpec(
                    j.get("lo").getAsDouble(),
                    j.get("hi").getAsDouble(),
                    j.get("bins").getAsInt());
        }
        return new ProbeSettings(
                hooks,
                PositionMode.valueOf(o.get("positions").getAsString()),
                o.get("batch_size").getAsInt(),
                h,
                o.get("absolute").getAsBoolean());
    }

    @Override
    public String toString() {
        long width = 0;
        for (NeuronStats s : stats.values()) {
            width += s.width();
        }
        NeuronStats first = stats.values().iterator().next();
        return "ProbeResult[" + datasetName + " (" + rows + " rows, " + first.count() + " positions, "
                + settings.positions() + "), " + stats.size() + " hooks, " + width + " neurons, model "
                + modelSha256.substring(0, 12) + "]";
    }
}
