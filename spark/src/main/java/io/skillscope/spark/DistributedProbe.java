package io.skillscope.spark;

import io.skillscope.api.ModelCodec;
import io.skillscope.core.SkillscopeException;
import io.skillscope.core.config.ModelConfig;
import io.skillscope.datasets.Example;
import io.skillscope.probes.NeuronStats;
import io.skillscope.probes.Probe;
import io.skillscope.probes.ProbeDataset;
import io.skillscope.probes.ProbeResult;
import io.skillscope.probes.ProbeSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import scala.Tuple2;

/**
 * {@code skillscope probe} over a corpus too large for one machine. The driver reads the JSONL file once
 * ({@link Corpus#scan}: every line checked, the rows counted and hashed); Spark reads it again in splits,
 * numbers the rows, and hands each partition a contiguous run of whole batches ({@link BatchPartitioner}).
 * Each task takes the executor's cached model ({@link ModelCache}) and runs its rows through {@link
 * Probe#run}, a few batches at a time, merging the results; it returns plain arrays ({@link PartialStats}).
 * The driver merges the partitions in order with {@link NeuronStats#merge} (Chan, Golub and LeVeque 1979):
 *
 * <pre>
 *   n = n_a + n_b,  δ = μ_b − μ_a,  μ = μ_a + δ·n_b/n,  M2 = M2_a + M2_b + δ²·n_a·n_b/n
 * </pre>
 *
 * <p>Because every forward pass holds the same rows as the single-machine pass, the activations are the
 * same bits: counts, minima, maxima and histograms are exact, and means and variances differ from the
 * one-pass values only by the merge order's float64 rounding (far below 1e-6 relative).
 */
public final class DistributedProbe {
    /** Batches a task probes per {@link Probe#run} call (bounds the rows a task holds). */
    static final int BATCHES_PER_CALL = 16;

    private DistributedProbe() {}

    /**
     * Probes one corpus.
     *
     * @param sc the Spark context
     * @param model a model folder every executor sees at this path
     * @param corpus the JSONL corpus
     * @param settings hooks, positions, batch size, histogram
     * @param partitions how many partitions (tasks); at most one per batch does work
     * @return the statistics, as {@link ProbeResult#load} would read them from {@code skillscope probe}'s
     *     folder
     */
    public static ProbeResult run(
            JavaSparkContext sc, Path model, Corpus corpus, ProbeSettings settings, int partitions) {
        return run(sc, model, corpus, settings, partitions, RowForm.of(settings.positions()));
    }

    /**
     * Probes one corpus whose examples become rows as {@code form} makes them (e.g. a Key Space Detection
     * fit's forget keys, {@link RowForm.KsdKeys}); the result's dataset name and hash are those of the rows.
     *
     * @param form how an example becomes a row, on the driver and on every executor
     */
    public static ProbeResult run(
            JavaSparkContext sc, Path model, Corpus corpus, ProbeSettings settings, int partitions, RowForm form) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1, got " + partitions);
        }
        Corpus.Scan scan;
        try (ModelCodec codec = ModelCodec.of(model)) {
            int vocab = ModelConfig.load(model.resolve("config.json")).vocabSize();
            scan = corpus.scan(sc.hadoopConfiguration(), codec.codec(), form, vocab);
        }
        String modelPath = model.toAbsolutePath().normalize().toString();
        ProbeSpec spec = ProbeSpec.of(settings);
        String name = corpus.name();
        String label = new org.apache.hadoop.fs.Path(corpus.path()).getName();

        // (line, 0-based line index) of the non-blank lines, then numbered by row
        JavaPairRDD<Long, Tuple2<String, Long>> rows = sc.textFile(corpus.path(), partitions)
                .zipWithIndex()
                .filter(t -> !t._1().isBlank() && !(t._2() == 0 && t._1().equals("\uFEFF")))
                .zipWithIndex()
                .mapToPair(t -> new Tuple2<>(t._2(), t._1()));
        List<PartialStats> partials = rows.repartitionAndSortWithinPartitions(
                        new BatchPartitioner(partitions, scan.rows(), settings.batchSize()))
                .mapPartitionsWithIndex(
                        (index, it) -> List.of(probePartition(index, it, modelPath, spec, name, label, form))
                                .iterator(),
                        true)
                .collect();
        return merge(partials, form.datasetName(name), scan, spec.toSettings());
    }

    /** The statistics of one partition's rows (on an executor). */
    static PartialStats probePartition(
            int index,
            Iterator<Tuple2<Long, Tuple2<String, Long>>> it,
            String modelPath,
            ProbeSpec spec,
            String name,
            String label,
            RowForm form) {
        ProbeSettings settings = spec.toSettings();
        int perCall = settings.batchSize() * BATCHES_PER_CALL;
        ModelCache.Loaded m = ModelCache.get(modelPath);
        Map<String, NeuronStats> acc = new LinkedHashMap<>();
        long rows = 0;
        List<Example> chunk = new ArrayList<>(perCall);
        Path file = Path.of(label);
        synchronized (m) {
            while (it.hasNext()) {
                Tuple2<String, Long> line = it.next()._2();
                String text = line._2() == 0 && line._1().startsWith("\uFEFF")
                        ? line._1().substring(1)
                        : line._1();
                chunk.add(Corpus.parse(file, line._2() + 1, text, name));
                if (chunk.size() == perCall || !it.hasNext()) {
                    ProbeDataset ds = form.rows(name, chunk, m.tokens());
                    Probe.run(m.model(), ds, settings, m.sha256())
                            .stats()
                            .forEach((h, s) -> acc.merge(h, s, NeuronStats::merge));
                    rows += chunk.size();
                    chunk.clear();
                    TaskContext tc = TaskContext.get();
                    if (SparkSettings.failsOnPurpose(tc) && index == 0) {
                        throw new IllegalStateException("test hook " + SparkSettings.FAIL_FIRST_ATTEMPT
                                + ": partition 0 fails its first" + " attempt after " + rows + " rows, on purpose");
                    }
                }
            }
        }
        Map<String, PartialStats.Part> parts = new LinkedHashMap<>();
        acc.forEach((h, s) -> parts.put(h, PartialStats.Part.of(s)));
        return new PartialStats(index, rows, m.sha256(), parts);
    }

    /** The driver's merge, in partition order. */
    static ProbeResult merge(List<PartialStats> partials, String name, Corpus.Scan scan, ProbeSettings settings) {
        List<PartialStats> sorted = new ArrayList<>(partials);
        sorted.sort(Comparator.comparingInt(PartialStats::partition));
        Map<String, NeuronStats> merged = new LinkedHashMap<>();
        String modelSha = null;
        long rows = 0;
        for (PartialStats p : sorted) {
            if (p.rows() == 0) {
                continue;
            }
            if (modelSha != null && !modelSha.equals(p.modelSha256())) {
                throw new SkillscopeException("executors loaded different weights for the same model path (" + modelSha
                        + " and " + p.modelSha256() + "); the path must name the same folder everywhere");
            }
            modelSha = p.modelSha256();
            rows += p.rows();
            p.hooks().forEach((h, part) -> merged.merge(h, part.toStats(settings.histogram()), NeuronStats::merge));
        }
        if (rows != scan.rows()) {
            throw new SkillscopeException("the executors probed " + rows + " rows of " + name + " but the driver read "
                    + scan.rows() + "; did the file change while the job ran?");
        }
        return ProbeResult.of(merged, name, scan.sha256(), Math.toIntExact(rows), modelSha, settings);
    }
}
