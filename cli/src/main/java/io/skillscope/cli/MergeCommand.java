package io.skillscope.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.skillscope.core.Json;
import io.skillscope.core.checkpoint.AtomicFolder;
import io.skillscope.core.checkpoint.Hashing;
import io.skillscope.core.checkpoint.TensorSource;
import io.skillscope.core.config.ModelConfig;
import io.skillscope.core.memory.MemoryBudget;
import io.skillscope.core.memory.MemoryEstimate;
import io.skillscope.core.model.Architectures;
import io.skillscope.core.model.ParamSpec;
import io.skillscope.demo.ArtifactReports;
import io.skillscope.demo.ResultKind;
import io.skillscope.grafting.MergeSpec;
import io.skillscope.grafting.WeightChange;
import io.skillscope.reports.results.WeightChanges;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code skillscope merge --config FILE --out DIR}: one weight-space operation from a JSON or YAML file
 * ({@link MergeSpec}: task arithmetic, TIES, DARE, a masked graft, a stitch of several masks, a
 * skill-vector injection), written as a Hugging Face folder with {@code result.json} and a
 * {@code report.html} of how far every tensor moved from the base.
 */
@Command(
        name = "merge",
        mixinStandardHelpOptions = true,
        description = {
            "Merge, graft, stitch or inject a skill vector, as a JSON or YAML config describes, streaming tensor by"
                    + " tensor; writes a Hugging Face folder, result.json and report.html.",
            "Config: method (task_arithmetic|ties|dare_sum|dare_ties|graft|stitch|skill_vector), base, models"
                    + " [{model, weight, mask}], lambda, density, keep, seed; skill_vector: vector {from, to} or"
                    + " FOLDER, scale. Paths are relative to the config file."
        })
final class MergeCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The merge config (.json, .yaml).")
    Path config;

    @Mixin
    OutputFolder output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (!Files.isRegularFile(config)) {
            throw new picocli.CommandLine.ParameterException(
                    spec.commandLine(), "--config " + config + " is not a file");
        }
        MergeSpec merge = MergeSpec.read(config);
        for (Path in : merge.inputs()) {
            if (Files.isDirectory(in)) {
                AtomicFolder.requireComplete(in, "--config " + config + ": model");
            }
        }
        Path base = merge.inputs().get(0);
        // one chunk's working set lives on the heap (MemoryEstimate.merge): refused here, before anything is written
        if (Files.isRegularFile(base.resolve("config.json"))) {
            MemoryBudget.check(MemoryEstimate.merge(
                    ModelConfig.load(base.resolve("config.json")),
                    Math.max(1, merge.inputs().size() - 1)));
        }
        Path out = output.begin(spec.commandLine(), merge.inputs().toArray(Path[]::new));
        merge.run(out);
        Map<String, String> inputs = new LinkedHashMap<>();
        for (Path in : merge.inputs()) {
            inputs.put(in.toString(), hashOf(in));
        }
        List<WeightChanges.Row> rows;
        try (TensorSource before = TensorSource.open(base);
                TensorSource after = TensorSource.open(out.resolve("model.safetensors"))) {
            rows = WeightChange.between(before, after).stream()
                    .map(c -> new WeightChanges.Row(
                            c.name(), group(c.name()), c.numel(), c.changed(), c.relativeChange()))
                    .toList();
        }
        Path report = output.shown(recordChanges(out, merge, base, inputs, rows));
        out = output.commit();
        long changed = rows.stream().mapToLong(WeightChanges.Row::changed).sum();
        long total = rows.stream().mapToLong(WeightChanges.Row::numel).sum();
        PrintWriter w = spec.commandLine().getOut();
        w.printf(
                Locale.ROOT,
                "%s: %,d of %,d weights differ from the base (%.4f%%)%n",
                merge.method(),
                changed,
                total,
                total == 0 ? 0.0 : 100.0 * changed / total);
        w.println(out);
        w.println(report);
        w.flush();
        return 0;
    }

    /**
     * Adds the command's own fields to the {@code result.json} the merge wrote ({@code kind}, the config
     * and its hash, and {@code weight_changes}: every tensor's entries, changed entries and relative change
     * against the base), then renders {@code report.html} from that file, as {@code skillscope report} does.
     *
     * @return the report written
     */
    private Path recordChanges(
            Path out, MergeSpec merge, Path base, Map<String, String> inputs, List<WeightChanges.Row> rows) {
        Path file = out.resolve("result.json");
        JsonObject result = Json.read(file);
        result.addProperty("kind", ResultKind.MERGE.wire());
        result.addProperty("command", "merge");
        result.addProperty("config", config.toString());
        result.addProperty("config_sha256", Hashing.sha256(config));
        JsonObject changes = new JsonObject();
        changes.addProperty("method", merge.method());
        changes.addProperty("base", base.toString());
        JsonObject in = new JsonObject();
        inputs.forEach(in::addProperty);
        changes.add("inputs", in);
        JsonArray tensors = new JsonArray();
        for (WeightChanges.Row r : rows) {
            JsonObject t = new JsonObject();
            t.addProperty("tensor", r.name());
            t.addProperty("group", r.group());
            t.addProperty("numel", r.numel());
            t.addProperty("changed", r.changed());
            t.add("relative_change", Json.num(r.relativeChange()));
            tensors.add(t);
        }
        changes.add("tensors", tensors);
        result.add("weight_changes", changes);
        Json.write(file, result);
        return ArtifactReports.report(out).writeTo(out.resolve("report.html"));
    }

    /** The tensor group a bar of the report stands for: the module kind the adapters declare. */
    private static String group(String tensor) {
        return Architectures.role(tensor)
                .map(ParamSpec.Role::kind)
                .map(k -> k.name().toLowerCase(Locale.ROOT))
                .orElse("other");
    }

    /** The SHA-256 of the tensor file an input folder holds (a model, a mask or a skill vector). */
    private static String hashOf(Path in) {
        if (Files.isRegularFile(in)) {
            return Hashing.sha256(in);
        }
        for (String f : List.of("model.safetensors", "mask.safetensors", "vector.safetensors")) {
            if (Files.isRegularFile(in.resolve(f))) {
                return Hashing.sha256(in.resolve(f));
            }
        }
        try (TensorSource s = TensorSource.open(in)) {
            return Hashing.sha256(s);
        }
    }
}
