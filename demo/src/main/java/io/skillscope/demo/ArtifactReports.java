package io.skillscope.demo;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.skillscope.analysis.orthogonality.OrthogonalityReport;
import io.skillscope.core.checkpoint.AtomicFolder;
import io.skillscope.reports.Report;
import io.skillscope.reports.Section;
import io.skillscope.reports.results.SparsitySweep;
import io.skillscope.reports.sections.CalibrationSection;
import io.skillscope.reports.sections.OrthogonalitySection;
import io.skillscope.reports.sections.ProbeComparisonSection;
import io.skillscope.reports.sections.SparsitySweepSection;
import io.skillscope.reports.sections.TrainingRunsSection;
import io.skillscope.reports.sections.UnlearningSection;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns artifact folders back into HTML reports: reads each folder's {@code result.json}
 * ({@link StepArtifact}: a demo step's, or a command's output read by {@link CommandArtifacts}; a trained
 * model's {@code recipe.json}), dispatches on its {@code kind} to the section factories of
 * {@code io.skillscope.reports.sections}, and adds the settings, input hashes and environment as
 * provenance. The demo writes every {@code report.html} this way, so {@code skillscope report} on the
 * same folders gives the same sections.
 *
 * <pre>{@code
 * ArtifactReports.report(List.of(Path.of("out/demo/unlearning"))).writeTo(Path.of("unlearning.html"));
 * }</pre>
 */
public final class ArtifactReports {
    private ArtifactReports() {}

    /**
     * The sections that present one artifact.
     *
     * @param a the artifact
     * @param dir its folder (named in errors)
     * @param prefix put before every heading (empty for none), to tell artifacts apart in one report
     * @throws DemoException naming the file and field when the {@code result} object is malformed
     */
    public static List<Section> sections(StepArtifact a, Path dir, String prefix) {
        Path file = dir.resolve(a.kind() == ResultKind.TRAINING ? CommandArtifacts.RECIPE_FILE : StepArtifact.FILE);
        JsonObject res = a.result();
        try {
            if (a.kind().command()) {
                return CommandArtifacts.sections(a.kind(), res, file, prefix);
            }
            return switch (a.kind()) {
                case PROBE_COMPARISON ->
                    List.of(new ProbeComparisonSection(prefix + "Probe statistics").from(ResultJson.probe(res, file)));
                case UNLEARNING ->
                    List.of(new UnlearningSection(prefix + "Unlearning").from(ResultJson.unlearning(res, file)));
                case LOCALIZATION_SWEEP -> sweepSections(ResultJson.sweep(res, file), recoverShare(a), prefix);
                case ORTHOGONALITY -> orthogonalitySections(res, file, prefix);
                default ->
                    throw new DemoException(
                            file + ": no sections for kind " + a.kind().wire());
            };
        } catch (IllegalArgumentException
                | IllegalStateException
                | ClassCastException
                | UnsupportedOperationException e) {
            throw new DemoException(file + ": malformed " + a.kind().wire() + " result (" + e.getMessage() + ")", e);
        }
    }

    private static double recoverShare(StepArtifact a) {
        JsonElement s = a.settings().get("recoverShare");
        return s != null && s.isJsonPrimitive() ? s.getAsDouble() : 0.95;
    }

    private static List<Section> sweepSections(SparsitySweep w, double share, String prefix) {
        List<Section> out = new ArrayList<>();
        out.add(new SparsitySweepSection(prefix + "Localization sparsity sweep", share).from(w));
        if (!w.calibration().isEmpty()) {
            out.add(new CalibrationSection(prefix + "Calibration: pre, ft and " + w.calibrationOf())
                    .from(w.calibration()));
        }
        return out;
    }

    private static List<Section> orthogonalitySections(JsonObject res, Path file, String prefix) {
        OrthogonalityReport r = OrthogonalityJson.read(res, file);
        List<Section> out = new ArrayList<>();
        out.add(new OrthogonalitySection(prefix + "Orthogonality of weight updates", 200).from(r));
        if (res.has("runs")
                && res.get("runs").isJsonArray()
                && !res.getAsJsonArray("runs").isEmpty()) {
            String on = res.has("evaluated_on") ? res.get("evaluated_on").getAsString() : "the evaluation set";
            out.add(new TrainingRunsSection(prefix + "Training runs", on)
                    .from(ResultJson.runs(res.getAsJsonArray("runs"), file)));
        }
        return out;
    }

    /** The report of one artifact folder, titled as the artifact. */
    public static Report report(Path dir) {
        return report(List.of(dir));
    }

    /**
     * One report of one or more artifact folders: one folder keeps its own title and summary; several
     * get a combined title, headings prefixed with the folder name, and provenance keys too.
     *
     * @throws DemoException naming the folder when one has no readable {@code result.json} or an unknown
     *     kind
     */
    public static Report report(List<Path> dirs) {
        if (dirs.isEmpty()) {
            throw new DemoException("no artifact folder given");
        }
        List<StepArtifact> arts = new ArrayList<>();
        for (Path d : dirs) {
            arts.add(StepArtifact.read(d));
        }
        boolean one = dirs.size() == 1;
        Report.Builder b = one
                ? Report.builder(arts.get(0).title()).summary(arts.get(0).summary())
                : Report.builder("skillscope report: " + dirs.size() + " artifacts")
                        .summary(String.join(
                                " ", arts.stream().map(a -> a.title() + ".").toList()));
        for (int i = 0; i < dirs.size(); i++) {
            String name = folderName(dirs.get(i));
            String prefix = one ? "" : name + ": ";
            sections(arts.get(i), dirs.get(i), prefix).forEach(b::section);
            provenance(arts.get(i), dirs.get(i), prefix).forEach(b::provenance);
        }
        return b.build();
    }

    /**
     * Provenance entries of an artifact: folder, kind, scale, seed, seconds, then settings, inputs,
     * outputs and environment, nested settings flattened with dots.
     */
    public static Map<String, String> provenance(StepArtifact a, Path dir, String prefix) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put(prefix + "folder", AtomicFolder.finalPath(dir).toString());
        p.put(prefix + "kind", a.kind().wire());
        if (!a.scale().isEmpty()) {
            p.put(prefix + "scale", a.scale());
        }
        if (!a.kind().command()) {
            p.put(prefix + "seed", Long.toString(a.seed())); // a command's seeds are among its settings
        }
        if (ResultFields.finite(a.seconds())) {
            p.put(prefix + "seconds", String.format(java.util.Locale.ROOT, "%.1f", a.seconds()));
        }
        flatten(p, prefix + "settings.", a.settings());
        a.inputs().forEach((k, v) -> p.put(prefix + "inputs." + k, v));
        a.outputs().forEach((k, v) -> p.put(prefix + "outputs." + k, v));
        a.environment().forEach((k, v) -> p.put(prefix + "environment." + k, v));
        return p;
    }

    private static void flatten(Map<String, String> out, String prefix, JsonObject o) {
        for (Map.Entry<String, JsonElement> e : o.entrySet()) {
            JsonElement v = e.getValue();
            if (v.isJsonObject()) {
                flatten(out, prefix + e.getKey() + ".", v.getAsJsonObject());
            } else {
                out.put(prefix + e.getKey(), v.isJsonPrimitive() ? v.getAsString() : v.toString());
            }
        }
    }

    private static String folderName(Path dir) {
        Path n = dir.toAbsolutePath().normalize().getFileName();
        return n == null ? dir.toString() : n.toString();
    }
}
