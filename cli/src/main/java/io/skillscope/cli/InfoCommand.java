package io.skillscope.cli;

import io.skillscope.core.Finite;
import io.skillscope.core.checkpoint.DType;
import io.skillscope.core.checkpoint.Hashing;
import io.skillscope.core.checkpoint.TensorSource;
import io.skillscope.core.config.ModelConfig;
import io.skillscope.core.hooks.HookName;
import io.skillscope.core.hooks.HookNames;
import io.skillscope.core.memory.MemoryBudget;
import io.skillscope.core.memory.MemoryEstimate;
import io.skillscope.core.model.CheckpointMatch;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code skillscope info --model DIR}: the architecture and sizes from {@code config.json}, the stored
 * tensors' dtypes from the checkpoint headers, the memory each command will need, and the hook names.
 * Reads no weights: the hash, which streams every byte, only with {@code --hash}, and the finite-values
 * scan only with {@code --check-finite}. Every stored tensor's name, shape and dtype are checked against
 * {@code config.json} first ({@link CheckpointMatch}).
 */
@Command(
        name = "info",
        mixinStandardHelpOptions = true,
        description = "Print a model's architecture, sizes, parameter count, stored dtypes, hash and hook names.")
final class InfoCommand implements Callable<Integer> {

    @Mixin
    ModelFolder model;

    @Option(names = "--hash", description = "Also hash the checkpoint (reads every byte of it).")
    boolean hash;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Path folder = model.folder();
        ModelConfig c = ModelConfig.load(folder.resolve("config.json"));
        try (TensorSource src = TensorSource.open(folder)) {
            CheckpointMatch.check(c, src); // every tensor's name, shape and dtype against config.json
            if (model.checkFinite) {
                Finite.requireStored(src);
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        row(out, "model", folder.toAbsolutePath().normalize().toString());
        row(
                out,
                "architecture",
                c.architecture().modelType() + " (" + c.architecture().hfClass() + ")");
        row(out, "layers", Integer.toString(c.numLayers()));
        row(out, "d_model", Integer.toString(c.hiddenSize()));
        row(out, "heads", c.numHeads() + " query, " + c.numKvHeads() + " key/value, head_dim " + c.headDim());
        row(
                out,
                "d_mlp",
                c.intermediateSize() + " (" + (c.gated() ? "gated, " : "")
                        + c.activation().name().toLowerCase(Locale.ROOT) + ")");
        row(out, "vocab", Integer.toString(c.vocabSize()));
        row(
                out,
                "positions",
                c.maxPositions()
                        + (c.ropeTheta() > 0
                                ? String.format(Locale.ROOT, " (rotary, theta %.0f)", c.ropeTheta())
                                : " (learned)"));
        row(out, "tied embeddings", c.tieWordEmbeddings() ? "yes" : "no");
        row(out, "parameters", String.format(Locale.ROOT, "%,d", c.parameterCount()));
        try (TensorSource src = TensorSource.open(folder)) {
            row(out, "tensors", src.names().size() + " in " + src.path().getFileName() + ": " + dtypes(src));
            if (!hash) {
                row(out, "sha256", "not computed (reads every byte; add --hash)");
            } else if (Files.isRegularFile(src.path()) && src.path().toString().endsWith(".safetensors")) {
                row(
                        out,
                        "sha256",
                        Hashing.sha256(src.path()) + " (" + src.path().getFileName() + ")");
            } else {
                row(out, "sha256", Hashing.sha256(src) + " (tensor content, all shards)");
            }
        }
        printMemory(out, c);
        printHooks(out, c);
        out.flush();
        return 0;
    }

    private static String dtypes(TensorSource src) {
        Map<DType, Integer> counts = new EnumMap<>(DType.class);
        for (String name : src.names()) {
            counts.merge(src.info(name).dtype(), 1, Integer::sum);
        }
        return counts.entrySet().stream()
                .map(e -> e.getKey().safetensorsName() + " x" + e.getValue())
                .collect(Collectors.joining(", "));
    }

    /** The estimate of each command that loads the model, and what this machine and JVM have. */
    private static void printMemory(PrintWriter out, ModelConfig c) {
        MemoryBudget budget = MemoryBudget.ofMachine();
        row(
                out,
                "memory",
                "weights " + MemoryEstimate.human(c.parameterCount() * Float.BYTES) + " as float32; available "
                        + (budget.physical() == Long.MAX_VALUE ? "unknown" : MemoryEstimate.human(budget.physical()))
                        + ", JVM max heap " + MemoryEstimate.human(budget.maxHeap()));
        for (MemoryEstimate e : MemoryEstimate.commands(c)) {
            boolean fits = e.total() <= budget.physical() && e.heap() <= budget.maxHeap();
            row(out, "  " + e.command(), e.describe() + (fits ? "" : "  DOES NOT FIT"));
        }
    }

    /** Global hook names in full, per-layer ones as one pattern and the list of sites. */
    private static void printHooks(PrintWriter out, ModelConfig c) {
        List<HookName> all = HookNames.all(
                c.numLayers(),
                c.gated(),
                c.architecture() == io.skillscope.core.config.Architecture.GPT2,
                c.familyOptions().parallelResidual());
        List<String> global = new ArrayList<>();
        Set<String> sites = new LinkedHashSet<>();
        for (HookName h : all) {
            if (h.site().perLayer()) {
                sites.add(h.site().suffix());
            } else {
                global.add(h.toString());
            }
        }
        row(out, "hooks", all.size() + " hook points");
        row(out, "  global", String.join(", ", global));
        row(out, "  per layer", "blocks.{0.." + (c.numLayers() - 1) + "}.<site>");
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String site : sites) {
            if (line.length() > 0 && line.length() + site.length() > 76) {
                lines.add(line.toString());
                line.setLength(0);
            }
            line.append(line.length() > 0 ? " " : "").append(site);
        }
        lines.add(line.toString());
        for (int i = 0; i < lines.size(); i++) {
            row(out, i == 0 ? "  sites" : "", lines.get(i));
        }
    }

    private static void row(PrintWriter out, String key, String value) {
        out.printf(Locale.ROOT, "%-16s %s%n", key, value);
    }
}
