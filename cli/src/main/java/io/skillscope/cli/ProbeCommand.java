package io.skillscope.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.skillscope.api.ModelCodec;
import io.skillscope.core.Json;
import io.skillscope.core.Provenance;
import io.skillscope.core.SkillscopeException;
import io.skillscope.core.checkpoint.HostTensor;
import io.skillscope.core.checkpoint.SafetensorsWriter;
import io.skillscope.core.hooks.HookFilter;
import io.skillscope.core.hooks.HookName;
import io.skillscope.core.memory.MemoryEstimate;
import io.skillscope.core.model.Transformer;
import io.skillscope.datasets.Example;
import io.skillscope.datasets.Skill;
import io.skillscope.datasets.SkillDataset;
import io.skillscope.datasets.SkillSuite;
import io.skillscope.datasets.SplitSizes;
import io.skillscope.datasets.Splits;
import io.skillscope.demo.ResultKind;
import io.skillscope.probes.LogisticProbe;
import io.skillscope.probes.NeuronRef;
import io.skillscope.probes.PositionMode;
import io.skillscope.probes.Probe;
import io.skillscope.probes.ProbeDataset;
import io.skillscope.probes.ProbeResult;
import io.skillscope.probes.ProbeSettings;
import io.skillscope.probes.StatsComparison;
import io.skillscope.probes.TokenCodec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code skillscope probe}: streaming per-neuron statistics ({@link Probe}) of one or more datasets at
 * hook points, each saved as a {@link ProbeResult} folder {@code OUT/<dataset>/} ({@code result.json} +
 * {@code stats.safetensors}; {@link ProbeResult#load} reads it back). With two or more datasets the first
 * two are compared ({@link StatsComparison}: d = μ_a − μ_b and z = d / sqrt((σ_a² + σ_b²)/2) per neuron):
 * {@code OUT/comparison.safetensors} holds d and z per hook, and the summary printed and written to
 * {@code OUT/result.json} lists the top-k neurons by d and, per layer, how many of them it holds and how
 * many neurons have |z| &gt; 1.
 */
@Command(
        name = "probe",
        mixinStandardHelpOptions = true,
        description = {
            "Per-neuron statistics of datasets at hook points; compares the first two (top neurons by mean difference).",
            "Writes OUT/<dataset>/ (result.json + stats.safetensors) per dataset, OUT/comparison.safetensors",
            "and OUT/result.json."
        })
final class ProbeCommand implements Callable<Integer> {

    @Mixin
    ModelFolder model;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    static final class Input {
        @Option(
                names = "--skills",
                paramLabel = "A,B,...",
                description =
                        "Skills of the suite; --n examples of each, generated with --data-seed (disjoint inputs).")
        String skills;

        @Option(
                names = "--data",
                paramLabel = "FILE.jsonl,...",
                description = "JSONL files (prompt, answer); every row is used." + SkillWords.CONTEXT_RULE)
        String data;
    }

    @Option(
            names = "--hook",
            split = ",(?![^{]*})",
            paramLabel = "NAME",
            defaultValue = "blocks.*.mlp.hook_pre",
            converter = HookFilterWord.class,
            description = "Hook points; blocks.*.<site> means every layer, blocks.{0,3}.<site> some layers,"
                    + " re:<regex> a regular expression (default: ${DEFAULT-VALUE}).")
    List<HookFilter> hooks;

    @Option(
            names = "--position",
            paramLabel = "WHERE",
            defaultValue = "last-prompt",
            converter = PositionWord.class,
            description = "last-prompt (the last prompt token), all (every real token) or answer (the answer tokens)"
                    + " (default: ${DEFAULT-VALUE}).")
    PositionMode position;

    @Option(
            names = "--n",
            paramLabel = "N",
            defaultValue = "128",
            description = "Examples per skill with --skills (default: ${DEFAULT-VALUE}).")
    int n;

    @Option(
            names = "--data-seed",
            paramLabel = "S",
            defaultValue = "0",
            description = "Seed of the generated skill examples (default: ${DEFAULT-VALUE}).")
    long dataSeed;

    @Option(
            names = "--batch",
            paramLabel = "N",
            defaultValue = "32",
            description = "Rows per forward pass (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(
            names = "--top",
            paramLabel = "K",
            defaultValue = "10",
            description = "Neurons listed in the comparison (default: ${DEFAULT-VALUE}).")
    int top;

    @Mixin
    OutputFolder output;

    @Spec
    CommandSpec spec;

    /** {@code last-prompt}, {@code all}, {@code answer} (or the enum names). */
    static final class PositionWord implements ITypeConverter<PositionMode> {
        @Override
        public PositionMode convert(String value) {
            return switch (value.trim().toLowerCase(Locale.ROOT).replace('_', '-')) {
                case "last-prompt", "last-prompt-token" -> PositionMode.LAST_PROMPT_TOKEN;
                case "all" -> PositionMode.ALL;
                case "answer", "answer-tokens" -> PositionMode.ANSWER_TOKENS;
                default ->
                    throw new TypeConversionException(
                            "'" + value + "' is not a position; use last-prompt, all or answer");
            };
        }
    }

    /** A hook filter, read once with {@link HookFilter#parse(String)}. */
    static final class HookFilterWord implements ITypeConverter<HookFilter> {
        @Override
        public HookFilter convert(String value) {
            try {
                return HookFilter.parse(value);
            } catch (SkillscopeException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    @Option(
            names = "--linear",
            description = "Also fit an L2 logistic probe per hook that tells the first dataset from the second by"
                    + " the activation at each row's last prompt token; prints and records its held-out accuracy"
                    + " (70% train, 30% held out, seed --data-seed).")
    boolean linear;

    @Override
    public Integer call() {
        CommandLine cmd = spec.commandLine();
        if (n < 1 || batch < 1 || top < 1) {
            throw usage("--n, --batch and --top must be >= 1, got " + n + ", " + batch + ", " + top);
        }
        Path dir = model.folder();
        List<Named> sources = sources(cmd);
        if (linear && sources.size() < 2) {
            throw usage("--linear tells two datasets apart; give at least two");
        }
        Path[] inputs = java.util.stream.Stream.concat(
                        java.util.stream.Stream.of(dir), sources.stream().map(Named::file))
                .toArray(Path[]::new);
        output.check(cmd, inputs);
        model.requireMemory(new MemoryEstimate.Workload("probe", batch, 64, 0, false, false, 0));
        model.requireFits(sources.stream()
                .map(Named::file)
                .filter(java.util.Objects::nonNull)
                .toList());
        Path out;
        ProbeSettings settings = new ProbeSettings(hooks, position, batch, null, false);
        PrintWriter err = cmd.getErr();
        PrintWriter w = cmd.getOut();
        List<ProbeResult> results = new ArrayList<>();
        List<ProbeDataset> probed = new ArrayList<>();
        Map<HookName, LogisticProbe.Evaluation> linearProbes = new LinkedHashMap<>();
        List<HookName> resolved;
        String modelHash;
        try (ModelCodec codec = ModelCodec.of(dir);
                Transformer m = model.load()) {
            try {
                resolved = settings.resolve(m);
            } catch (SkillscopeException e) {
                throw usage(e.getMessage());
            }
            out = output.begin(cmd, inputs);
            modelHash = m.parameters().sha256();
            for (Named src : sources) {
                long t0 = System.nanoTime();
                ProbeDataset ds = ProbeDataset.fromExamples(
                        src.name, src.examples, codec.codec(), position != PositionMode.LAST_PROMPT_TOKEN);
                checkIds(ds, m.config().vocabSize(), codec.codec());
                ProbeResult r = Probe.run(m, ds, settings, modelHash);
                r.save(out.resolve(src.folder));
                results.add(r);
                probed.add(ds);
                err.printf(
                        Locale.ROOT,
                        "probe %s: %d rows, %,d tokens, %.1f s%n",
                        src.name,
                        ds.size(),
                        ds.tokens(),
                        (System.nanoTime() - t0) / 1e9);
                err.flush();
            }
            if (linear) {
                LogisticProbe.Settings ls = new LogisticProbe.Settings(1e-3, 2000, 1e-6, 0.7, dataSeed);
                for (HookName h : resolved) {
                    linearProbes.put(h, LogisticProbe.evaluate(m, h, probed.get(0), probed.get(1), ls));
                }
            }
        }

        JsonObject json = new JsonObject();
        json.addProperty("kind", ResultKind.PROBE.wire());
        json.addProperty("command", "probe");
        json.addProperty("model", dir.toAbsolutePath().normalize().toString());
        json.addProperty("model_sha256", modelHash);
        json.add("settings", settingsJson(resolved));
        JsonArray datasets = new JsonArray();
        for (int i = 0; i < sources.size(); i++) {
            ProbeResult r = results.get(i);
            JsonObject d = new JsonObject();
            d.addProperty("name", r.datasetName());
            d.addProperty("folder", sources.get(i).folder);
            d.addProperty("source", sources.get(i).source);
            d.addProperty("rows", r.rows());
            d.addProperty("positions", r.stats().values().iterator().next().count());
            d.addProperty("sha256", r.datasetSha256());
            datasets.add(d);
        }
        json.add("datasets", datasets);

        ProbeSummary.header(
                w,
                results,
                resolved,
                position,
                sources.stream().map(s -> s.folder).toList(),
                output.out);
        if (results.size() >= 2) {
            StatsComparison c = StatsComparison.of(results.get(0), results.get(1));
            Map<String, HostTensor> tensors = new LinkedHashMap<>();
            for (String h : c.hooks()) {
                double[] d = c.meanDifference(h);
                tensors.put(h + ".mean_diff", HostTensor.ofDoubles(d, d.length));
                tensors.put(h + ".z", HostTensor.ofDoubles(c.standardized(h), d.length));
            }
            SafetensorsWriter.write(
                    out.resolve("comparison.safetensors"),
                    tensors,
                    Map.of(
                            "format",
                            "skillscope.probe-comparison",
                            "a",
                            results.get(0).datasetName(),
                            "b",
                            results.get(1).datasetName()));
            List<NeuronRef> topNeurons = c.topK(top, StatsComparison.Measure.MEAN_DIFFERENCE);
            json.add("comparison", ProbeSummary.comparison(w, c, results.get(0), results.get(1), topNeurons));
        }
        if (linear) {
            json.add("linear_probe", linearProbeJson(w, linearProbes, results));
        }
        JsonObject env = new JsonObject();
        Provenance.environment().forEach(env::addProperty);
        json.add("environment", env);
        Json.write(out.resolve("result.json"), json);
        out = output.commit();
        w.println("wrote " + out.resolve("result.json")
                + (results.size() >= 2 ? ", " + out.resolve("comparison.safetensors") : ""));
        w.flush();
        return 0;
    }

    /** Prints one line per hook and returns the JSON of the logistic probes. */
    private static JsonObject linearProbeJson(
            PrintWriter w, Map<HookName, LogisticProbe.Evaluation> probes, List<ProbeResult> results) {
        JsonObject o = new JsonObject();
        o.addProperty("positive", results.get(0).datasetName());
        o.addProperty("negative", results.get(1).datasetName());
        o.addProperty("features", "activation at each row's last prompt token");
        o.addProperty("l2", 1e-3);
        o.addProperty("train_fraction", 0.7);
        JsonObject byHook = new JsonObject();
        w.printf(
                Locale.ROOT,
                "logistic probe, %s vs %s (held-out accuracy):%n",
                results.get(0).datasetName(),
                results.get(1).datasetName());
        probes.forEach((h, e) -> {
            JsonObject p = new JsonObject();
            p.addProperty("train_accuracy", e.trainAccuracy());
            p.addProperty("held_out_accuracy", e.heldOutAccuracy());
            p.addProperty("n_train", e.nTrain());
            p.addProperty("n_held_out", e.nHeldOut());
            byHook.add(h.toString(), p);
            w.printf(
                    Locale.ROOT,
                    "  %-32s %.3f (train %.3f, %d held out)%n",
                    h,
                    e.heldOutAccuracy(),
                    e.trainAccuracy(),
                    e.nHeldOut());
        });
        o.add("by_hook", byHook);
        return o;
    }

    /** A dataset to probe, before tokenization. */
    private record Named(String name, String folder, List<Example> examples, String source, Path file) {}

    private List<Named> sources(CommandLine cmd) {
        List<Named> out = new ArrayList<>();
        if (input.skills != null) {
            SkillSuite suite = SkillSuite.standard();
            List<Skill> skills = SkillWords.skills(cmd, "--skills", input.skills, suite);
            SkillDataset ds;
            try {
                ds = Splits.generate(skills, new SplitSizes(0, 0, n), dataSeed);
            } catch (IllegalArgumentException e) {
                throw usage("--skills " + input.skills + " with --n " + n + ": " + e.getMessage());
            }
            for (Skill s : skills) {
                List<Example> rows = ds.test().stream()
                        .filter(e -> e.skill().equals(s.name()))
                        .toList();
                out.add(new Named(
                        s.name(),
                        folderName(s.name()),
                        rows,
                        "skill " + s.name() + ", " + n + " examples, data seed " + dataSeed,
                        null));
            }
        } else {
            for (String word : SkillWords.split(cmd, "--data", input.data)) {
                Path file = SkillWords.file(cmd, "--data", word);
                String name = SkillWords.fileName(file);
                out.add(new Named(name, folderName(name), SkillWords.readJsonl(file), "file " + file, file));
            }
        }
        for (int i = 0; i < out.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (out.get(i).folder.equals(out.get(j).folder)) {
                    throw usage("two datasets are both named '" + out.get(i).folder + "'; rename a file");
                }
            }
        }
        return out;
    }

    /**
     * The folder a dataset's statistics go to under --out: its name with anything but letters, digits
     * and {@code ._+-} replaced by {@code _}; names that would leave --out ({@code .}, {@code ..}), hide
     * ({@code .x}) or collide with the files the command writes are refused.
     */
    private String folderName(String name) {
        String f = name.replaceAll("[^A-Za-z0-9._+-]", "_");
        if (f.isEmpty() || f.startsWith(".")) {
            throw usage("dataset name '" + name + "' cannot name a folder under --out (it would be '" + f
                    + "'); rename the file");
        }
        if (OutputFolder.RESULT_FILES.contains(f) || f.equals("comparison.safetensors")) {
            throw usage("dataset name '" + name + "' is the name of a file probe writes under --out; rename the file");
        }
        return f;
    }

    private static void checkIds(ProbeDataset ds, int vocab, TokenCodec codec) {
        for (ProbeDataset.Row r : ds.rows()) {
            for (int id : r.tokens()) {
                if (id < 0 || id >= vocab) {
                    throw new SkillscopeException("dataset " + ds.name() + ": " + codec + " gives id " + id
                            + ", outside the model's vocabulary [0, " + vocab + ")");
                }
            }
        }
    }

    private JsonObject settingsJson(List<HookName> resolved) {
        JsonObject s = new JsonObject();
        JsonArray given = new JsonArray();
        hooks.forEach(f -> given.add(f.toString()));
        s.add("hooks", given);
        JsonArray hs = new JsonArray();
        resolved.forEach(h -> hs.add(h.toString()));
        s.add("resolved_hooks", hs);
        s.addProperty("positions", position.name());
        s.addProperty("batch_size", batch);
        if (input.skills != null) {
            s.addProperty("n", n);
            s.addProperty("data_seed", dataSeed);
        }
        s.addProperty("top", top);
        return s;
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
