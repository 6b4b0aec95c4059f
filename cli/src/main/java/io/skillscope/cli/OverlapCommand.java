package io.skillscope.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.skillscope.analysis.TensorLabel;
import io.skillscope.analysis.overlap.Neuron;
import io.skillscope.analysis.overlap.NeuronSet;
import io.skillscope.analysis.overlap.Overlap;
import io.skillscope.analysis.overlap.OverlapBreakdown;
import io.skillscope.analysis.overlap.OverlapMatrix;
import io.skillscope.analysis.overlap.OverlapResult;
import io.skillscope.analysis.overlap.ParameterMask;
import io.skillscope.core.Json;
import io.skillscope.core.PassProgress;
import io.skillscope.core.checkpoint.AtomicFolder;
import io.skillscope.core.checkpoint.Hashing;
import io.skillscope.core.hooks.HookName;
import io.skillscope.demo.ArtifactReports;
import io.skillscope.demo.ResultKind;
import io.skillscope.demo.TensorLabels;
import io.skillscope.grafting.Mask;
import io.skillscope.localization.PairGrafts;
import io.skillscope.unlearning.NeuronAdjust;
import io.skillscope.unlearning.SelectivePruning;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code skillscope overlap --region NAME=DIR ... --out DIR}: how much the regions of several skills
 * share — grafting masks written by {@code localize}, or the neurons that {@code unlearn na} or
 * {@code unlearn prune} selected. Writes the matrix |M_i ∩ M_j| / |M_j| (Panigrahi et al., ICML 2023),
 * Jaccard and the counts to {@code result.json}, the per-layer and per-module breakdown of every pair,
 * and {@code report.html}.
 *
 * <p>When every region is a mask folder of {@code localize} that records its models and data (on by
 * default; {@code --grafts} requires it, {@code --no-grafts} skips), the {@code grafts} block adds, for
 * every ordered pair (i, j), skill i's exact match on its localize test split under
 * θ_pre + m ⊙ (θ_ft_i − θ_pre) for m = m_i ∩ m_j and m_i ∪ m_j, beside m_i, θ_pre and θ_ft_i
 * ({@link OverlapGrafts}, {@link PairGrafts}). Neuron sets have no graft; one line says so.
 */
@Command(
        name = "overlap",
        mixinStandardHelpOptions = true,
        description = "Overlap of skill regions: grafting masks (localize output) or selected neurons (unlearn na"
                + " or prune output), as a matrix |Mi ∩ Mj| / |Mj| and Jaccard, and for localize masks the accuracy of"
                + " the union and intersection grafts, with result.json and report.html.")
final class OverlapCommand implements Callable<Integer> {
    @Option(
            names = "--region",
            required = true,
            arity = "2..*",
            paramLabel = "NAME=DIR",
            description = "Two or more regions: a mask folder (mask.safetensors), or an unlearn na|prune output folder"
                    + " (its artifact/).")
    List<String> regions;

    @Option(
            names = "--grafts",
            negatable = true,
            description = "Score, for every ordered pair (i, j) of localize masks, skill i's exact match on its"
                    + " localize test split under θ_pre + m ⊙ (θ_ft_i − θ_pre) for m = m_i, m_i ∩ m_j and m_i ∪ m_j"
                    + " (and θ_pre, θ_ft_i). Default: on when every region is a localize mask folder that records"
                    + " its models and data; --grafts makes that an error when it does not; --no-grafts skips."
                    + " Neuron sets have no graft.")
    Boolean grafts;

    @Mixin
    OutputFolder output;

    @Spec
    CommandSpec spec;

    /** One named region and where it came from. */
    private record Region(String name, Path dir, String kind, Object set, String sha256, Mask mask) {}

    @Override
    public Integer call() {
        List<Region> loaded = new ArrayList<>();
        for (String r : regions) {
            int eq = r.indexOf('=');
            if (eq <= 0 || eq == r.length() - 1) {
                throw new ParameterException(spec.commandLine(), "--region " + r + ": expected NAME=DIR");
            }
            String name = r.substring(0, eq);
            if (loaded.stream().anyMatch(x -> x.name().equals(name))) {
                throw new ParameterException(spec.commandLine(), "--region name " + name + " is given twice");
            }
            loaded.add(load(name, Path.of(r.substring(eq + 1))));
        }
        String kind = loaded.get(0).kind();
        for (Region r : loaded) {
            if (!r.kind().equals(kind)) {
                throw new ParameterException(
                        spec.commandLine(),
                        "--region " + r.name() + " is a " + r.kind() + " but "
                                + loaded.get(0).name() + " is a " + kind
                                + "; compare masks with masks and neurons with neurons");
            }
        }
        PrintWriter w = spec.commandLine().getOut();
        OverlapGrafts.Plan plan = null;
        String graftNote = null;
        if (kind.equals("mask") && !Boolean.FALSE.equals(grafts)) {
            StringBuilder whyNot = new StringBuilder();
            plan = OverlapGrafts.plan(
                    spec.commandLine(),
                    loaded.stream()
                            .map(r -> new OverlapGrafts.MaskRegion(r.name(), r.dir(), r.mask()))
                            .toList(),
                    whyNot);
            if (plan == null) {
                if (Boolean.TRUE.equals(grafts)) {
                    throw new ParameterException(spec.commandLine(), "--grafts: " + whyNot);
                }
                graftNote = "no union/intersection grafts: " + whyNot;
            }
        } else if (!kind.equals("mask") && !Boolean.FALSE.equals(grafts)) {
            graftNote = "no union/intersection grafts: neuron sets (unlearn na|prune) have no graft";
        }
        List<Path> inputs = new ArrayList<>(loaded.stream().map(Region::dir).toList());
        if (plan != null) { // the models the grafts read are inputs too
            inputs.add(plan.base());
            plan.skills().forEach(k -> inputs.add(k.finetuned()));
        }
        Path out = output.begin(spec.commandLine(), inputs.toArray(Path[]::new));
        List<PairGrafts.Row> graftRows = List.of();
        if (plan != null) {
            try (PassProgress.Scope progress = PassProgress.install(
                    PassProgress.lines(spec.commandLine().getErr(), System.console() != null, 10))) {
                graftRows = PairGrafts.evaluate(plan.base(), plan.skills(), plan.evalBatch());
            }
        }
        OverlapMatrix matrix;
        Map<String, OverlapBreakdown> pairs = new LinkedHashMap<>();
        if (kind.equals("mask")) {
            Map<String, ParameterMask> masks = new LinkedHashMap<>();
            loaded.forEach(r -> masks.put(r.name(), (ParameterMask) r.set()));
            matrix = OverlapMatrix.ofMasks(masks);
            Map<String, TensorLabel> labels = new LinkedHashMap<>();
            masks.values().forEach(m -> m.names().forEach(n -> labels.computeIfAbsent(n, TensorLabels::of)));
            forEachPair(
                    loaded,
                    (a, b) -> pairs.put(
                            a.name() + " ∩ " + b.name(),
                            Overlap.breakdown((ParameterMask) a.set(), (ParameterMask) b.set(), labels)));
        } else {
            Map<String, NeuronSet> sets = new LinkedHashMap<>();
            loaded.forEach(r -> sets.put(r.name(), (NeuronSet) r.set()));
            matrix = OverlapMatrix.ofNeurons(sets);
            forEachPair(
                    loaded,
                    (a, b) -> pairs.put(
                            a.name() + " ∩ " + b.name(), Overlap.breakdown((NeuronSet) a.set(), (NeuronSet) b.set())));
        }
        JsonObject graftJson;
        if (plan != null) {
            graftJson = OverlapGrafts.json(plan, graftRows);
        } else {
            graftJson = new JsonObject();
            graftJson.addProperty("skipped", graftNote == null ? "--no-grafts" : graftNote);
        }
        writeResult(out, kind, loaded, matrix, pairs, graftJson);
        Path report = output.shown(ArtifactReports.report(out).writeTo(out.resolve("report.html")));
        out = output.commit();
        double[][] asym = matrix.asymmetric();
        double[][] jac = matrix.jaccard();
        long[] sizes = matrix.sizes();
        w.printf(Locale.ROOT, "%-16s %12s  %s%n", "region", "size", "|row ∩ col| / |col| for each col; Jaccard");
        for (int i = 0; i < matrix.size(); i++) {
            StringBuilder row = new StringBuilder();
            for (int j = 0; j < matrix.size(); j++) {
                row.append(String.format(Locale.ROOT, " %.4f/%.4f", asym[i][j], jac[i][j]));
            }
            w.printf(Locale.ROOT, "%-16s %,12d %s%n", matrix.labels().get(i), sizes[i], row);
        }
        if (plan != null) {
            printGrafts(w, graftRows);
        } else if (graftNote != null) {
            w.println(graftNote);
        }
        w.println(out);
        w.println(report);
        w.flush();
        return 0;
    }

    /** One line per skill and partner: skill i's accuracy under θ_pre, θ_ft, m_i, m_i ∩ m_j and m_i ∪ m_j. */
    private static void printGrafts(PrintWriter w, List<PairGrafts.Row> rows) {
        w.printf(
                Locale.ROOT,
                "grafts: skill i's exact match on its localize test split under θ_pre + m ⊙ (θ_ft_i − θ_pre)%n"
                        + "%-12s %-12s %6s %6s %6s %8s %12s %8s %12s%n",
                "skill i",
                "with j",
                "pre",
                "ft",
                "m_i",
                "∩",
                "|m_i ∩ m_j|",
                "∪",
                "|m_i ∪ m_j|");
        Map<String, Map<PairGrafts.Kind, PairGrafts.Row>> own = new LinkedHashMap<>();
        for (PairGrafts.Row r : rows) {
            if (r.partner() == null) {
                own.computeIfAbsent(r.skill(), k -> new LinkedHashMap<>()).put(r.kind(), r);
            }
        }
        for (PairGrafts.Row r : rows) {
            if (r.kind() != PairGrafts.Kind.INTERSECTION) {
                continue;
            }
            PairGrafts.Row u = rows.stream()
                    .filter(x -> x.kind() == PairGrafts.Kind.UNION
                            && x.skill().equals(r.skill())
                            && x.partner().equals(r.partner()))
                    .findFirst()
                    .orElseThrow();
            Map<PairGrafts.Kind, PairGrafts.Row> o = own.get(r.skill());
            w.printf(
                    Locale.ROOT,
                    "%-12s %-12s %6.3f %6.3f %6.3f %8.3f %,12d %8.3f %,12d%n",
                    r.skill(),
                    r.partner(),
                    o.get(PairGrafts.Kind.PRE).accuracy(),
                    o.get(PairGrafts.Kind.FT).accuracy(),
                    o.get(PairGrafts.Kind.MASK).accuracy(),
                    r.accuracy(),
                    r.selected(),
                    u.accuracy(),
                    u.selected());
        }
    }

    private void forEachPair(List<Region> rs, java.util.function.BiConsumer<Region, Region> f) {
        for (int i = 0; i < rs.size(); i++) {
            for (int j = i + 1; j < rs.size(); j++) {
                f.accept(rs.get(i), rs.get(j));
            }
        }
    }

    /** A mask folder, or an unlearning output folder (or its artifact folder) of na or prune. */
    private Region load(String name, Path dir) {
        AtomicFolder.requireComplete(dir, "--region " + name + ":");
        if (Files.isRegularFile(dir.resolve(Mask.TENSORS_FILE))) {
            Mask m = Mask.load(dir);
            ParameterMask.Builder b = ParameterMask.builder();
            for (String t : m.names()) {
                b.put(t, m.selected(t), m.numel(t));
            }
            return new Region(name, dir, "mask", b.build(), Hashing.sha256(dir.resolve(Mask.TENSORS_FILE)), m);
        }
        Path artifact = Files.isDirectory(dir.resolve("artifact")) ? dir.resolve("artifact") : dir;
        String method = methodOf(name, dir, artifact);
        List<Neuron> neurons = new ArrayList<>();
        switch (method) {
            case "na" ->
                NeuronAdjust.load(artifact).layers().forEach((hook, layer) -> {
                    for (int i : layer.index()) {
                        neurons.add(new Neuron(HookName.parse(hook).layer(), i));
                    }
                });
            case "prune" ->
                SelectivePruning.load(artifact).pruned().forEach((hook, idx) -> {
                    for (int i : idx) {
                        neurons.add(new Neuron(HookName.parse(hook).layer(), i));
                    }
                });
            default ->
                throw new ParameterException(
                        spec.commandLine(),
                        "--region " + name + "=" + dir + " is a " + method + " artifact; overlap compares masks and the"
                                + " neurons of na or prune");
        }
        return new Region(
                name, dir, "neuron set", NeuronSet.of(neurons), Hashing.sha256(artifact.resolve("result.json")), null);
    }

    /** The {@code method} field of an unlearning artifact's result.json, or a named usage error. */
    private String methodOf(String name, Path dir, Path artifact) {
        Path file = artifact.resolve("result.json");
        if (!Files.isRegularFile(file)) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--region " + name + "=" + dir + " holds neither " + Mask.TENSORS_FILE
                            + " (a localize mask) nor an unlearning artifact (artifact/result.json)");
        }
        try {
            JsonElement m = JsonParser.parseString(Files.readString(file))
                    .getAsJsonObject()
                    .get("method");
            if (m == null || !m.isJsonPrimitive()) {
                throw new ParameterException(spec.commandLine(), file + ": no \"method\" field");
            }
            return m.getAsString();
        } catch (java.io.IOException | RuntimeException e) {
            if (e instanceof ParameterException p) {
                throw p;
            }
            throw new ParameterException(
                    spec.commandLine(), file + ": not an unlearning artifact (" + e.getMessage() + ")");
        }
    }

    private static void writeResult(
            Path out,
            String kind,
            List<Region> regions,
            OverlapMatrix m,
            Map<String, OverlapBreakdown> pairs,
            JsonObject grafts) {
        JsonObject result = new JsonObject();
        result.addProperty("kind", ResultKind.OVERLAP.wire());
        result.addProperty("command", "overlap");
        result.addProperty("operation", "overlap");
        result.addProperty("region_kind", kind);
        JsonArray inputs = new JsonArray();
        for (Region r : regions) {
            JsonObject o = new JsonObject();
            o.addProperty("name", r.name());
            o.addProperty("path", r.dir().toString());
            o.addProperty("sha256", r.sha256());
            inputs.add(o);
        }
        result.add("regions", inputs);
        JsonArray sizes = new JsonArray();
        for (long s : m.sizes()) {
            sizes.add(s);
        }
        result.add("sizes", sizes);
        result.add("asymmetric", matrix(m.asymmetric()));
        result.add("jaccard", matrix(m.jaccard()));
        result.addProperty("mean_off_diagonal", m.meanOffDiagonal());
        JsonObject byPair = new JsonObject();
        pairs.forEach((pair, b) -> {
            JsonObject p = new JsonObject();
            p.add("total", result(b.total()));
            JsonObject layers = new JsonObject();
            b.byLayer().forEach((l, r) -> layers.add(Integer.toString(l), result(r)));
            p.add("by_layer", layers);
            JsonObject modules = new JsonObject();
            b.byModule().forEach((mt, r) -> modules.add(mt.name().toLowerCase(Locale.ROOT), result(r)));
            p.add("by_module", modules);
            byPair.add(pair, p);
        });
        result.add("pairs", byPair);
        result.add("grafts", grafts);
        result.add("provenance", Json.environment());
        Json.write(out.resolve("result.json"), result);
    }

    private static JsonObject result(OverlapResult r) {
        JsonObject o = new JsonObject();
        o.addProperty("intersection", r.intersection());
        o.addProperty("size_a", r.sizeA());
        o.addProperty("size_b", r.sizeB());
        o.add("jaccard", Json.num(r.jaccard()));
        return o;
    }

    private static JsonArray matrix(double[][] v) {
        JsonArray rows = new JsonArray();
        for (double[] r : v) {
            JsonArray row = new JsonArray();
            for (double x : r) {
                row.add(Json.num(x));
            }
            rows.add(row);
        }
        return rows;
    }
}
