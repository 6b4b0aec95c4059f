package io.skillscope.spark;

import com.google.gson.JsonObject;
import io.skillscope.core.Json;
import io.skillscope.core.SkillscopeException;
import io.skillscope.core.checkpoint.AtomicFolder;
import io.skillscope.probes.PositionMode;
import io.skillscope.probes.ProbeResult;
import io.skillscope.probes.ProbeSettings;
import io.skillscope.unlearning.NeuronAdjust;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The {@code skillscope spark fit-na} job: Neuron Adjust's statistics over large forget and retain
 * corpora through {@link DistributedProbe}, and its selection on the driver.
 *
 * <p>Neuron Adjust (Li, Sun and Weng, NAACL 2025; docs/methods.md §2) needs, per neuron of every layer's
 * {@code mlp.hook_pre}, the mean and standard deviation of its activation over every prompt and answer
 * token of each set. Those are the mergeable statistics a probe collects, so each corpus is probed over
 * partitions exactly as {@link NeuronAdjust#fit} probes it on one machine ({@link PositionMode#ALL}, the
 * same batch size), and {@link NeuronAdjust#fromStats} selects the top p% of d = μ_forget − μ_retain on
 * the driver. The artifact is the one {@code skillscope unlearn na} writes to {@code OUT/artifact}, so
 * {@link NeuronAdjust#load} re-applies it.
 */
public final class NeuronAdjustJob {
    private NeuronAdjustJob() {}

    /**
     * Fits Neuron Adjust from distributed statistics.
     *
     * @param sc the Spark context
     * @param model a model folder every executor sees at this path
     * @param forget the forget corpus (JSONL: prompt, answer)
     * @param retain the retain corpus
     * @param s the settings; the probe reads prompts with answers, as the method defines
     * @param partitions partitions per corpus
     * @return the fitted intervention
     */
    public static NeuronAdjust fit(
            JavaSparkContext sc, Path model, Corpus forget, Corpus retain, NeuronAdjust.Settings s, int partitions) {
        if (!s.withAnswers()) {
            throw new SkillscopeException(
                    "spark fit-na probes prompts with their answers (every token), as Neuron Adjust defines;"
                            + " prompts-only statistics are not supported here");
        }
        ProbeSettings ps =
                ProbeSettings.of(PositionMode.ALL, NeuronAdjust.HOOKS).withBatchSize(s.batchSize());
        ProbeResult f = DistributedProbe.run(sc, model, forget, ps, partitions);
        ProbeResult r = DistributedProbe.run(sc, model, retain, ps, partitions);
        Map<String, String> inputs = new LinkedHashMap<>();
        inputs.put("forget", f.datasetName());
        inputs.put("forget_sha256", f.datasetSha256());
        inputs.put("retain", r.datasetName());
        inputs.put("retain_sha256", r.datasetSha256());
        inputs.put("model_sha256", f.modelSha256());
        return NeuronAdjust.fromStats(f.stats(), r.stats(), s, inputs);
    }

    /**
     * Fits and writes {@code OUT/artifact/} (the intervention) and {@code OUT/result.json} (settings,
     * input hashes, the selection's summary, Spark and environment), as one all-or-nothing folder.
     *
     * @param out the output folder (refused when it holds a previous result and {@code force} is false)
     * @param force replace a previous result
     * @param notes receives progress lines
     * @return the fitted intervention
     */
    public static NeuronAdjust run(
            JavaSparkContext sc,
            Path model,
            Corpus forget,
            Corpus retain,
            NeuronAdjust.Settings s,
            int partitions,
            Path out,
            boolean force,
            Consumer<String> notes) {
        ProbeJob.requireWritable(out, force);
        long t0 = System.nanoTime();
        NeuronAdjust na = fit(sc, model, forget, retain, s, partitions);
        double seconds = (System.nanoTime() - t0) / 1e9;
        notes.accept(String.format(java.util.Locale.ROOT, "spark fit-na: %s in %.1f s", na, seconds));
        try (AtomicFolder folder = AtomicFolder.begin(out, "spark fit-na", notes)) {
            Path dir = folder.dir();
            na.save(dir.resolve("artifact"));
            JsonObject json = new JsonObject();
            json.addProperty("command", "spark fit-na");
            json.addProperty("method", na.method());
            json.addProperty("model", model.toAbsolutePath().normalize().toString());
            json.add("settings", Json.GSON.toJsonTree(s));
            json.add("summary", Json.GSON.toJsonTree(na.describe()));
            json.addProperty("forget", forget.path());
            json.addProperty("retain", retain.path());
            JsonObject spark = JobJson.spark(sc, partitions);
            spark.addProperty("seconds", seconds);
            json.add("spark", spark);
            json.add("environment", JobJson.environment());
            Json.write(dir.resolve("result.json"), json);
            folder.commit();
        }
        return na;
    }
}
