package io.skillscope.spark;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.skillscope.core.Json;
import io.skillscope.core.SkillscopeException;
import io.skillscope.core.checkpoint.AtomicFolder;
import io.skillscope.core.checkpoint.HostTensor;
import io.skillscope.core.checkpoint.SafetensorsWriter;
import io.skillscope.demo.ResultKind;
import io.skillscope.probes.ProbeResult;
import io.skillscope.probes.ProbeSettings;
import io.skillscope.probes.StatsComparison;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The {@code skillscope spark probe} job: {@link DistributedProbe} over each corpus, written as
 * {@code skillscope probe} writes its output: {@code OUT/<dataset>/} ({@code result.json} and
 * {@code stats.safetensors}, read by {@link ProbeResult#load}), {@code OUT/comparison.safetensors} (mean
 * difference d and z per hook of the first two datasets) and {@code OUT/result.json}, all in one
 * all-or-nothing folder ({@link AtomicFolder}).
 */
public final class ProbeJob {
    private ProbeJob() {}

    /**
     * Probes every corpus and writes the output folder.
     *
     * @param sc the Spark context
     * @param model a model folder every executor sees at this path
     * @param corpora the JSONL files, each a dataset named by its file name
     * @param settings what to probe
     * @param partitions partitions per corpus
     * @param out the output folder (refused when it holds a previous result and {@code force} is false)
     * @param force replace a previous result
     * @param notes receives one line per dataset (rows, seconds)
     * @return the results in the order of {@code corpora}
     */
    public static List<ProbeResult> run(
            JavaSparkContext sc,
            Path model,
            List<Corpus> corpora,
            ProbeSettings settings,
            int partitions,
            Path out,
            boolean force,
            Consumer<String> notes) {
        if (corpora.isEmpty()) {
            throw new IllegalArgumentException("no corpus to probe");
        }
        List<String> folders = new ArrayList<>();
        for (Corpus c : corpora) {
            String f = c.name().replaceAll("[^A-Za-z0-9._+-]", "_");
            if (f.isEmpty() || f.startsWith(".") || AtomicFolder.RESULT_FILES.contains(f)) {
                throw new SkillscopeException(
                        "dataset name '" + c.name() + "' cannot name a folder under " + out + "; rename the file");
            }
            if (folders.contains(f)) {
                throw new SkillscopeException("two datasets are both named '" + f + "'; rename a file");
            }
            folders.add(f);
        }
        requireWritable(out, force);
        List<ProbeResult> results = new ArrayList<>();
        List<Long> seconds = new ArrayList<>();
        for (Corpus c : corpora) {
            long t0 = System.nanoTime();
            results.add(DistributedProbe.run(sc, model, c, settings, partitions));
            long ns = System.nanoTime() - t0;
            seconds.add(ns);
            ProbeResult r = results.get(results.size() - 1);
            notes.accept(String.format(
                    java.util.Locale.ROOT,
                    "spark probe %s: %d rows in %d partitions, %.1f s",
                    c.name(),
                    r.rows(),
                    partitions,
                    ns / 1e9));
        }
        try (AtomicFolder folder = AtomicFolder.begin(out, "spark probe", notes)) {
            Path dir = folder.dir();
            for (int i = 0; i < results.size(); i++) {
                results.get(i).save(dir.resolve(folders.get(i)));
            }
            JsonObject json = new JsonObject();
            json.addProperty("kind", ResultKind.PROBE.wire());
            json.addProperty("command", "spark probe");
            json.addProperty("model", model.toAbsolutePath().normalize().toString());
            json.addProperty("model_sha256", results.get(0).modelSha256());
            JsonObject s = new JsonObject();
            JsonArray given = new JsonArray();
            settings.hooks().forEach(h -> given.add(h.toString()));
            s.add("hooks", given);
            JsonArray resolved = new JsonArray();
            results.get(0).stats().keySet().forEach(resolved::add);
            s.add("resolved_hooks", resolved);
            s.addProperty("positions", settings.positions().name());
            s.addProperty("batch_size", settings.batchSize());
            json.add("settings", s);
            JsonArray datasets = new JsonArray();
            for (int i = 0; i < results.size(); i++) {
                ProbeResult r = results.get(i);
                JsonObject d = new JsonObject();
                d.addProperty("name", r.datasetName());
                d.addProperty("folder", folders.get(i));
                d.addProperty("source", "file " + corpora.get(i).path());
                d.addProperty("rows", r.rows());
                d.addProperty("positions", r.stats().values().iterator().next().count());
                d.addProperty("sha256", r.datasetSha256());
                datasets.add(d);
            }
            json.add("datasets", datasets);
            if (results.size() >= 2) {
                writeComparison(dir, results.get(0), results.get(1));
            }
            JsonObject spark = JobJson.spark(sc, partitions);
            JsonArray secs = new JsonArray();
            seconds.forEach(ns -> secs.add(ns / 1e9));
            spark.add("seconds", secs);
            json.add("spark", spark);
            json.add("environment", JobJson.environment());
            Json.write(dir.resolve("result.json"), json);
            folder.commit();
        }
        return results;
    }

    /** Refuses an output folder that already holds a result, unless {@code force}. */
    static void requireWritable(Path out, boolean force) {
        if (!force && AtomicFolder.isPreviousOutput(out)) {
            throw new SkillscopeException(
                    "output folder " + out + " already holds a result; give --force to replace it");
        }
    }

    private static void writeComparison(Path dir, ProbeResult a, ProbeResult b) {
        StatsComparison c = StatsComparison.of(a, b);
        Map<String, HostTensor> tensors = new LinkedHashMap<>();
        for (String h : c.hooks()) {
            double[] d = c.meanDifference(h);
            tensors.put(h + ".mean_diff", HostTensor.ofDoubles(d, d.length));
            tensors.put(h + ".z", HostTensor.ofDoubles(c.standardized(h), d.length));
        }
        SafetensorsWriter.write(
                dir.resolve("comparison.safetensors"),
                tensors,
                Map.of("format", "skillscope.probe-comparison", "a", a.datasetName(), "b", b.datasetName()));
    }
}
