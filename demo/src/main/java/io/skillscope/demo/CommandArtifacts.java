package io.skillscope.demo;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.skillscope.analysis.overlap.OverlapMatrix;
import io.skillscope.analysis.overlap.OverlapResult;
import io.skillscope.reports.Charts;
import io.skillscope.reports.Format;
import io.skillscope.reports.Section;
import io.skillscope.reports.results.ProbeComparison;
import io.skillscope.reports.results.ProbeComparison.HookContrast;
import io.skillscope.reports.results.ProbeComparison.NeuronContrast;
import io.skillscope.reports.results.SparsitySweep;
import io.skillscope.reports.results.UnlearningResults;
import io.skillscope.reports.results.UnlearningResults.Role;
import io.skillscope.reports.results.UnlearningResults.Run;
import io.skillscope.reports.results.UnlearningResults.SetScore;
import io.skillscope.reports.results.WeightChanges;
import io.skillscope.reports.sections.OverlapMatrixSection;
import io.skillscope.reports.sections.ProbeComparisonSection;
import io.skillscope.reports.sections.SparsitySweepSection;
import io.skillscope.reports.sections.UnlearningSection;
import io.skillscope.reports.sections.WeightChangesSection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The folders the commands write, read in each command's own format for {@link ArtifactReports}: the
 * {@code result.json} of {@code skillscope probe}, {@code unlearn}, {@code localize}, {@code eval --out},
 * {@code merge}, {@code overlap} and {@code forward}, and the {@code recipe.json} of a model that
 * {@code skillscope train} wrote. Each becomes a {@link StepArtifact} whose {@code result} is the whole file
 * (title, summary, settings, inputs and environment taken from the command's fields), and
 * {@link #sections} turns it into the report sections of its kind, reusing the section factories of
 * {@code io.skillscope.reports.sections} wherever the command's numbers fit one.
 *
 * <p>The commands write {@code "kind"} (a {@link ResultKind#command() command kind}); files written
 * before they did are recognised by the fields they always had ({@link #infer}). A field a section needs
 * and the file lacks is a {@link DemoException} naming the file and the field.
 */
final class CommandArtifacts {
    /** What {@code skillscope train} writes beside the model: the recipe with the run's provenance. */
    static final String RECIPE_FILE = "recipe.json";

    private CommandArtifacts() {}

    /**
     * The kind of a command's {@code result.json} that has no {@code kind} field: from its {@code command}
     * field ({@code probe}, {@code unlearn}, {@code localize}, {@code eval}, {@code merge}, {@code overlap},
     * {@code forward}), its {@code operation} (the grafting writers: {@code merge}, {@code graft},
     * {@code stitch}, {@code skill_vector}, {@code add_skill_vector}; {@code overlap}), or an unlearning
     * report's {@code method}, {@code forget} and {@code retain}.
     */
    static Optional<ResultKind> infer(JsonObject o) {
        String command = primitive(o, "command");
        if (command != null) {
            ResultKind k = switch (command) {
                case "probe" -> ResultKind.PROBE;
                case "unlearn" -> ResultKind.UNLEARNING_RUN;
                case "localize" -> ResultKind.LOCALIZATION;
                case "eval" -> ResultKind.EVALUATION;
                case "merge" -> ResultKind.MERGE;
                case "overlap" -> ResultKind.OVERLAP;
                case "forward" -> ResultKind.FORWARD;
                default -> null;
            };
            if (k != null) {
                return Optional.of(k);
            }
        }
        String op = primitive(o, "operation");
        if (op != null) {
            switch (op) {
                case "overlap":
                    return Optional.of(ResultKind.OVERLAP);
                case "merge", "graft", "stitch", "skill_vector", "add_skill_vector":
                    return Optional.of(ResultKind.MERGE);
                default:
                    break;
            }
        }
        if (o.has("method") && o.has("forget") && o.has("retain")) {
            return Optional.of(ResultKind.UNLEARNING_RUN);
        }
        return Optional.empty();
    }

    /** The artifact of a command's {@code result.json} of {@code kind}. */
    static StepArtifact artifact(ResultKind kind, JsonObject o, Path file) {
        Json.Reader r = new Json.Reader(file);
        Path dir = file.toAbsolutePath().normalize().getParent();
        return switch (kind) {
            case PROBE -> probeArtifact(o, r);
            case UNLEARNING_RUN -> unlearningArtifact(o, r);
            case LOCALIZATION -> localizationArtifact(o, r);
            case EVALUATION -> evaluationArtifact(o, r);
            case MERGE -> mergeArtifact(o, r, dir);
            case OVERLAP -> overlapArtifact(o, r);
            case FORWARD -> forwardArtifact(o, r);
            case TRAINING -> trainingArtifact(o, r, dir);
            default -> throw new DemoException(file + ": kind \"" + kind.wire() + "\" is not a command's output");
        };
    }

    /**
     * The artifact of a model folder that {@code skillscope train} wrote, from its {@code recipe.json}.
     *
     * @throws DemoException naming the file when it cannot be read or is not a JSON object
     */
    static StepArtifact training(Path dir) {
        Path file = dir.resolve(RECIPE_FILE);
        JsonObject o;
        try {
            JsonElement e = JsonParser.parseString(Files.readString(file));
            if (!e.isJsonObject()) {
                throw new DemoException(file + ": expected a JSON object");
            }
            o = e.getAsJsonObject();
        } catch (IOException e) {
            throw new DemoException(file + ": cannot read (" + e.getMessage() + ")", e);
        } catch (JsonParseException e) {
            throw new DemoException(file + ": not valid JSON (" + e.getMessage() + ")", e);
        }
        return artifact(ResultKind.TRAINING, o, file);
    }

    /** The sections of a command artifact ({@code res} is the whole file). */
    static List<Section> sections(ResultKind kind, JsonObject res, Path file, String prefix) {
        Json.Reader r = new Json.Reader(file);
        return switch (kind) {
            case PROBE -> probeSections(res, r, prefix);
            case UNLEARNING_RUN -> unlearningSections(res, r, prefix);
            case LOCALIZATION -> localizationSections(res, r, prefix);
            case EVALUATION -> evaluationSections(res, r, prefix);
            case MERGE -> mergeSections(res, r, prefix);
            case OVERLAP ->
                List.of(new OverlapMatrixSection(prefix + "Overlap of skill regions").from(overlap(res, r)));
            case FORWARD -> forwardSections(res, r, prefix);
            case TRAINING -> trainingSections(res, r, prefix);
            default -> throw new DemoException(file + ": kind \"" + kind.wire() + "\" is not a command's output");
        };
    }

    // ---- probe ----

    private static StepArtifact probeArtifact(JsonObject o, Json.Reader r) {
        List<String> names = new ArrayList<>();
        Map<String, String> inputs = modelInputs(o);
        Map<String, String> outputs = new LinkedHashMap<>();
        for (JsonElement e : r.array(o, "datasets")) {
            JsonObject d = e.getAsJsonObject();
            String name = r.string(d, "name");
            names.add(name);
            inputs.put("dataset " + name, r.stringOr(d, "sha256", ""));
            outputs.put(name, r.stringOr(d, "folder", name) + "/");
        }
        String summary = "Per-neuron statistics of " + String.join(", ", names) + ".";
        if (o.has("comparison")) {
            JsonObject c = r.object(o, "comparison");
            outputs.put("comparison", "comparison.safetensors");
            JsonArray top = r.array(c, "top");
            summary = "Per-neuron statistics of " + r.string(c, "a") + " and " + r.string(c, "b")
                    + " compared: d = mean difference per neuron";
            if (!top.isEmpty()) {
                JsonObject t = top.get(0).getAsJsonObject();
                summary += "; the top neuron is " + r.string(t, "hook") + "[" + r.integer(t, "index") + "], d = "
                        + Format.number(r.dbl(t, "mean_diff"));
            }
            summary += ".";
        }
        String title = "skillscope probe: "
                + (o.has("comparison")
                        ? r.string(r.object(o, "comparison"), "a") + " vs " + r.string(r.object(o, "comparison"), "b")
                        : String.join(", ", names));
        return new StepArtifact(
                ResultKind.PROBE,
                title,
                summary,
                "",
                0,
                Double.NaN,
                objectOr(o, "settings"),
                inputs,
                outputs,
                strings(o, "environment"),
                o);
    }

    private static List<Section> probeSections(JsonObject o, Json.Reader r, String prefix) {
        List<Section> out = new ArrayList<>();
        JsonArray ds = r.array(o, "datasets");
        StringColumn name = StringColumn.create("dataset");
        LongColumn rows = LongColumn.create("rows");
        LongColumn positions = LongColumn.create("positions");
        StringColumn source = StringColumn.create("source");
        for (JsonElement e : ds) {
            JsonObject d = e.getAsJsonObject();
            name.append(r.string(d, "name"));
            rows.append(r.longValue(d, "rows"));
            positions.append(r.longValue(d, "positions"));
            source.append(r.stringOr(d, "source", ""));
        }
        JsonObject settings = objectOr(o, "settings");
        String where = settings.has("resolved_hooks")
                ? r.array(settings, "resolved_hooks").size() + " hook points"
                : "the hook points in the settings";
        out.add(Section.builder(prefix + "Datasets probed")
                .paragraph("skillscope probe streamed per-neuron count, mean, variance, minimum and maximum of every"
                        + " dataset at " + where + ", positions " + r.stringOr(settings, "positions", "as set") + ".")
                .table("Datasets", Table.create("datasets", name, rows, positions, source))
                .build());
        if (o.has("comparison")) {
            JsonObject c = r.object(o, "comparison");
            out.add(new ProbeComparisonSection(prefix + "Probe statistics").from(probeComparison(o, c, ds, r)));
            StringColumn hook = StringColumn.create("hook");
            IntColumn layer = IntColumn.create("layer");
            IntColumn width = IntColumn.create("width");
            LongColumn inTop = LongColumn.create("in top " + r.array(c, "top").size());
            LongColumn over = LongColumn.create("|z| > 1");
            DoubleColumn maxD = DoubleColumn.create("max d");
            for (JsonElement e : r.array(c, "per_layer")) {
                JsonObject h = e.getAsJsonObject();
                hook.append(r.string(h, "hook"));
                layer.append(r.integer(h, "layer"));
                width.append(r.integer(h, "width"));
                inTop.append(r.longValue(h, "n_top"));
                over.append(r.longValue(h, "n_abs_z_gt_1"));
                maxD.append(r.dbl(h, "max_mean_diff"));
            }
            out.add(Section.builder(prefix + "Per-layer counts")
                    .paragraph("Per hook: how many of the top neurons by d = μ_" + r.string(c, "a") + " − μ_"
                            + r.string(c, "b") + " it holds, how many of its neurons have |z| > 1, and its largest d.")
                    .table("Per layer", Table.create("per layer", hook, layer, width, inTop, over, maxD))
                    .build());
        }
        if (o.has("linear_probe")) {
            JsonObject lp = r.object(o, "linear_probe");
            StringColumn hook = StringColumn.create("hook");
            DoubleColumn held = DoubleColumn.create("held-out accuracy");
            DoubleColumn train = DoubleColumn.create("train accuracy");
            IntColumn nHeld = IntColumn.create("held out");
            for (Map.Entry<String, JsonElement> e : r.object(lp, "by_hook").entrySet()) {
                JsonObject p = e.getValue().getAsJsonObject();
                hook.append(e.getKey());
                held.append(r.dbl(p, "held_out_accuracy"));
                train.append(r.dbl(p, "train_accuracy"));
                nHeld.append(r.integer(p, "n_held_out"));
            }
            out.add(Section.builder(prefix + "Logistic probe")
                    .paragraph("An L2 logistic probe per hook tells " + r.string(lp, "positive") + " from "
                            + r.string(lp, "negative") + " by the " + r.stringOr(lp, "features", "activations")
                            + "; accuracy on the held-out rows.")
                    .table("Per hook", Table.create("logistic probe", hook, held, train, nHeld))
                    .build());
        }
        return out;
    }

    private static ProbeComparison probeComparison(JsonObject o, JsonObject c, JsonArray ds, Json.Reader r) {
        String a = r.string(c, "a");
        String b = r.string(c, "b");
        List<HookContrast> hooks = new ArrayList<>();
        for (JsonElement e : r.array(c, "per_layer")) {
            JsonObject h = e.getAsJsonObject();
            hooks.add(new HookContrast(
                    r.string(h, "hook"),
                    r.integer(h, "layer"),
                    r.integer(h, "width"),
                    h.has("mean_abs_diff") ? r.dbl(h, "mean_abs_diff") : Double.NaN,
                    h.has("max_abs_diff") ? r.dbl(h, "max_abs_diff") : Double.NaN,
                    h.has("mean_abs_z") ? r.dbl(h, "mean_abs_z") : Double.NaN,
                    r.integer(h, "n_abs_z_gt_1")));
        }
        List<NeuronContrast> top = new ArrayList<>();
        for (JsonElement e : r.array(c, "top")) {
            JsonObject n = e.getAsJsonObject();
            top.add(new NeuronContrast(
                    r.string(n, "hook"),
                    r.integer(n, "layer"),
                    r.integer(n, "index"),
                    r.dbl(n, "mean_a"),
                    r.dbl(n, "mean_b"),
                    r.dbl(n, "mean_diff"),
                    r.dbl(n, "z")));
        }
        return new ProbeComparison(
                a,
                b,
                r.stringOr(objectOr(o, "settings"), "positions", ""),
                positionsOf(ds, a, r),
                positionsOf(ds, b, r),
                hooks,
                top);
    }

    private static long positionsOf(JsonArray ds, String name, Json.Reader r) {
        for (JsonElement e : ds) {
            JsonObject d = e.getAsJsonObject();
            if (name.equals(r.string(d, "name"))) {
                return r.longValue(d, "positions");
            }
        }
        throw r.missing("datasets", "has no dataset named \"" + name + "\" (the comparison's)");
    }

    // ---- unlearning ----

    private static StepArtifact unlearningArtifact(JsonObject o, Json.Reader r) {
        String method = r.string(o, "method");
        JsonObject forget = r.object(o, "forget");
        UnlearningResults u = unlearning(o, r);
        Run run = u.runs().get(0);
        JsonObject settings = new JsonObject();
        settings.addProperty("method", method);
        if (o.has("preset")) {
            settings.add("preset", o.get("preset"));
        }
        if (o.has("options")) {
            settings.add("options", o.get("options"));
        }
        if (o.has("h_override")) {
            settings.add("h_override", o.get("h_override"));
        }
        Map<String, String> inputs = modelInputs(o);
        flatInto(inputs, "data.", objectOr(o, "data"));
        Map<String, String> outputs = new LinkedHashMap<>();
        if (o.has("artifact")) {
            outputs.put("artifact", r.string(o, "artifact") + "/");
        }
        return new StepArtifact(
                ResultKind.UNLEARNING_RUN,
                "skillscope unlearn " + method + ": forget " + r.string(forget, "name"),
                String.format(
                        Locale.ROOT,
                        "%s: forget %s %s → %s (relative drop %s), %d retain set%s, worst retain drop %s.",
                        method,
                        run.forget().name(),
                        Format.number(run.forget().before()),
                        Format.number(run.forget().after()),
                        Format.percent(run.forget().relativeDrop()),
                        run.retain().size(),
                        run.retain().size() == 1 ? "" : "s",
                        Format.percent(run.worstRetainDrop())),
                "",
                0,
                Double.NaN,
                settings,
                inputs,
                outputs,
                strings(o, o.has("provenance") ? "provenance" : "environment"),
                o);
    }

    private static UnlearningResults unlearning(JsonObject o, Json.Reader r) {
        String method = r.string(o, "method");
        JsonObject forget = r.object(o, "forget");
        List<SetScore> sets = new ArrayList<>();
        sets.add(setScore(forget, Role.FORGET, r));
        for (JsonElement e : r.array(o, "retain")) {
            sets.add(setScore(e.getAsJsonObject(), Role.RETAIN, r));
        }
        Map<String, String> details = new LinkedHashMap<>();
        if (o.has("preset")) {
            details.put("preset", r.string(o, "preset"));
        }
        flatInto(details, "", objectOr(o, "settings"));
        if (o.has("h_override")) {
            details.put("h (given with --h)", r.string(o, "h_override"));
        }
        return new UnlearningResults(r.string(forget, "name"), List.of(new Run(method, method, details, sets)));
    }

    private static SetScore setScore(JsonObject x, Role role, Json.Reader r) {
        return new SetScore(
                r.string(x, "name"),
                role,
                r.integer(x, "n"),
                r.dbl(x, "before"),
                r.dbl(x, "after"),
                r.dbl(x, "detection"));
    }

    private static List<Section> unlearningSections(JsonObject o, Json.Reader r, String prefix) {
        return List.of(new UnlearningSection(prefix + "Unlearning: " + r.string(o, "method")).from(unlearning(o, r)));
    }

    // ---- localization ----

    private static StepArtifact localizationArtifact(JsonObject o, Json.Reader r) {
        SparsitySweep w = sweep(o, r);
        SparsitySweep.Point c = w.chosenPoint();
        boolean isSweep = o.has("points");
        JsonObject settings = new JsonObject();
        if (isSweep) {
            settings.addProperty("recover", recoverShare(o, r));
            JsonArray targets = new JsonArray();
            w.points().forEach(p -> targets.add(p.targetSparsity()));
            settings.add("target_sparsities", targets);
        } else {
            settings.addProperty("target_sparsity", c.targetSparsity()); // the optimizer's are the section's table
        }
        Map<String, String> inputs = new LinkedHashMap<>();
        for (String k : List.of("base", "finetuned")) {
            if (o.has(k)) {
                inputs.put(k, r.string(o, k));
            }
        }
        flatInto(inputs, "data.", objectOr(o, "data"));
        Map<String, String> outputs = new LinkedHashMap<>();
        if (isSweep) {
            for (JsonElement e : r.array(o, "points")) {
                JsonObject p = e.getAsJsonObject();
                if (p.has("folder")) {
                    outputs.put("mask at " + r.string(p, "target_sparsity"), r.string(p, "folder") + "/");
                }
            }
        } else {
            outputs.put("mask", "mask.safetensors");
        }
        return new StepArtifact(
                ResultKind.LOCALIZATION,
                "skillscope localize: " + w.task()
                        + (isSweep ? ", " + w.points().size() + " sparsities" : ""),
                String.format(
                        Locale.ROOT,
                        "The mask for target sparsity %s (learned %s): graft accuracy %s of θ_ft's %s (θ_pre %s),"
                                + " ECE graft %s.",
                        sci(c.targetSparsity()),
                        sci(c.sparsity()),
                        Format.number(c.graftAccuracy()),
                        Format.number(c.ftAccuracy()),
                        Format.number(c.preAccuracy()),
                        Format.number(c.graftEce())),
                "",
                0,
                Double.NaN,
                settings,
                inputs,
                outputs,
                strings(o, o.has("provenance") ? "provenance" : "environment"),
                o);
    }

    /** The sweep's points (or a mask folder's one point) and the chosen point, without reliability data. */
    private static SparsitySweep sweep(JsonObject o, Json.Reader r) {
        List<JsonObject> raw = new ArrayList<>();
        if (o.has("points")) {
            r.array(o, "points").forEach(e -> raw.add(e.getAsJsonObject()));
        } else {
            raw.add(o);
        }
        List<SparsitySweep.Point> pts = new ArrayList<>();
        for (JsonObject j : raw) {
            JsonObject acc = r.object(j, "accuracy");
            JsonObject ece = r.object(j, "ece");
            pts.add(new SparsitySweep.Point(
                    r.dbl(j, "target_sparsity"),
                    r.dbl(j, "sparsity"),
                    r.longValue(j, "n_selected"),
                    r.longValue(j, "n_included"),
                    r.dbl(acc, "pre"),
                    r.dbl(acc, "ft"),
                    r.dbl(acc, "graft"),
                    r.dbl(ece, "pre"),
                    r.dbl(ece, "ft"),
                    r.dbl(ece, "graft"),
                    r.dbl(j, "agreement_with_ft"),
                    r.integer(j, "best_step")));
        }
        int chosen = 0;
        if (o.has("best")) {
            JsonObject best = r.object(o, "best");
            for (int i = 0; i < raw.size(); i++) {
                boolean sameFolder = best.has("folder")
                        && raw.get(i).has("folder")
                        && r.string(best, "folder").equals(r.string(raw.get(i), "folder"));
                boolean sameTarget = !best.has("folder")
                        && r.dbl(best, "target_sparsity") == pts.get(i).targetSparsity();
                if (sameFolder || sameTarget) {
                    chosen = i;
                    break;
                }
            }
        }
        String task = o.has("task") ? r.string(o, "task") : r.string(r.object(o, "data"), "task");
        JsonObject data = objectOr(o, "data");
        int testItems = data.has("test") ? r.integer(data, "test") : r.integer(raw.get(0), "n_test");
        return new SparsitySweep(
                task,
                testItems,
                pts,
                List.of(),
                "graft at sparsity " + sci(pts.get(chosen).sparsity()),
                chosen);
    }

    private static final Pattern SHARE = Pattern.compile("recover(?:ing|s) >?=? ?([0-9.]+)");

    /** The sweep's best-point share: {@code recover}, else read from the best point's rule, else 0.95. */
    private static double recoverShare(JsonObject o, Json.Reader r) {
        if (o.has("recover")) {
            return r.dbl(o, "recover");
        }
        if (o.has("best") && r.object(o, "best").has("rule")) {
            Matcher m = SHARE.matcher(r.string(r.object(o, "best"), "rule"));
            if (m.find()) {
                double s = Double.parseDouble(m.group(1));
                if (s > 0 && s <= 1) {
                    return s;
                }
            }
        }
        return 0.95;
    }

    private static List<Section> localizationSections(JsonObject o, Json.Reader r, String prefix) {
        SparsitySweep w = sweep(o, r);
        boolean isSweep = o.has("points");
        double share = isSweep ? recoverShare(o, r) : 0.95;
        List<Section> out = new ArrayList<>();
        out.add(new SparsitySweepSection(
                        prefix + (isSweep ? "Localization sparsity sweep" : "Localization at one sparsity"), share)
                .from(w));
        if (!isSweep && o.has("per_layer")) {
            StringColumn layer = StringColumn.create("layer");
            LongColumn selected = LongColumn.create("selected");
            for (Map.Entry<String, JsonElement> e : r.object(o, "per_layer").entrySet()) {
                layer.append(e.getKey());
                selected.append(e.getValue().getAsLong());
            }
            Section.Builder s = Section.builder(prefix + "Mask by layer")
                    .paragraph("Entries of the learned mask per layer (" + r.longValue(o, "n_selected") + " of "
                            + r.longValue(o, "n_included") + ").")
                    .table("Selected entries per layer", Table.create("per layer", layer, selected));
            if (o.has("settings")) {
                s.table("Optimizer settings", settingsTable(objectOr(o, "settings")));
            }
            out.add(s.build());
        }
        if (isSweep && o.has("best") && r.object(o, "best").has("rule")) {
            out.add(Section.builder(prefix + "The chosen point")
                    .paragraph("Chosen by the rule: " + r.string(r.object(o, "best"), "rule") + ".")
                    .build());
        }
        return out;
    }

    // ---- training ----

    private static StepArtifact trainingArtifact(JsonObject o, Json.Reader r, Path dir) {
        String stage = r.string(o, "stage").toLowerCase(Locale.ROOT);
        JsonObject prov = r.object(o, "provenance");
        JsonObject settings = new JsonObject(); // the whole recipe is the section's table
        for (String k : List.of("stage", "seed", "steps")) {
            if (o.has(k)) {
                settings.add(k, o.get(k));
            }
        }
        Map<String, String> inputs = new LinkedHashMap<>();
        if (o.has("init") && !o.get("init").isJsonNull()) {
            inputs.put("init", r.string(o, "init"));
        }
        for (String k : List.of("init_model_sha256", "data_sha256")) {
            if (prov.has(k)) {
                inputs.put(k, r.string(prov, k));
            }
        }
        Map<String, String> outputs = new LinkedHashMap<>();
        outputs.put("model", "model.safetensors");
        if (prov.has("model_sha256")) {
            outputs.put("model_sha256", r.string(prov, "model_sha256"));
        }
        String summary = String.format(
                Locale.ROOT,
                "%s training, %s steps from %s; final loss %s (mean of the last 50 steps).",
                stage,
                o.has("steps") ? r.string(o, "steps") : "?",
                inputs.getOrDefault("init", "random weights"),
                prov.has("final_loss") ? Format.number(r.dbl(prov, "final_loss")) : "not recorded");
        return new StepArtifact(
                ResultKind.TRAINING,
                "skillscope train " + stage + ": " + dir.getFileName(),
                summary,
                "",
                o.has("seed") ? r.longValue(o, "seed") : 0,
                prov.has("seconds") ? r.dbl(prov, "seconds") : Double.NaN,
                settings,
                inputs,
                outputs,
                strings(prov, "environment"),
                o);
    }

    private static List<Section> trainingSections(JsonObject o, Json.Reader r, String prefix) {
        JsonObject prov = r.object(o, "provenance");
        Section.Builder s = Section.builder(prefix + "Training run")
                .paragraph("The recipe skillscope train ran (" + RECIPE_FILE + " beside the model; 'skillscope train "
                        + r.string(o, "stage").toLowerCase(Locale.ROOT) + " --recipe " + RECIPE_FILE
                        + "' runs it again) and what the run recorded. Final loss = mean loss of the last 50 steps.")
                .metric("stage", r.string(o, "stage").toLowerCase(Locale.ROOT));
        if (o.has("steps")) {
            s.metric("steps", r.string(o, "steps"));
        }
        for (String[] k : new String[][] {
            {"final_loss", "final loss"},
            {"mean_reward_first_round", "mean reward, first round"},
            {"mean_reward_last_round", "mean reward, last round"},
            {"tokens", "tokens"},
            {"train_examples", "training examples"},
            {"trainable_tensors", "trainable tensors"},
            {"seconds", "seconds"},
            {"checkpoint_of_steps", "checkpoint of a run of steps"}
        }) {
            if (prov.has(k[0]) && !prov.get(k[0]).isJsonNull()) {
                s.metric(k[1], Format.number(r.dbl(prov, k[0])));
            }
        }
        JsonObject recipe = o.deepCopy();
        recipe.remove("provenance");
        s.table("Recipe", settingsTable(recipe));
        return List.of(s.build());
    }

    // ---- evaluation ----

    private static StepArtifact evaluationArtifact(JsonObject o, Json.Reader r) {
        JsonObject scores = r.object(o, "scores");
        JsonObject settings = new JsonObject();
        for (String k : List.of("split", "skills_asked", "per_skill")) {
            if (o.has(k)) {
                settings.add(k, o.get(k));
            }
        }
        String model = r.stringOr(o, "model", "the model");
        return new StepArtifact(
                ResultKind.EVALUATION,
                "skillscope eval: " + Path.of(model).getFileName(),
                String.format(
                        Locale.ROOT,
                        "Mean exact match %s over %d skills (%s split).",
                        Format.number(meanAccuracy(o, scores, r)),
                        scores.size(),
                        r.stringOr(o, "split", "?")),
                "",
                0,
                Double.NaN,
                settings,
                modelInputs(o),
                Map.of(),
                strings(o, "environment"),
                o);
    }

    private static double meanAccuracy(JsonObject o, JsonObject scores, Json.Reader r) {
        if (o.has("mean_accuracy")) {
            return r.dbl(o, "mean_accuracy");
        }
        return scores.entrySet().stream()
                .mapToDouble(e -> r.dbl(e.getValue().getAsJsonObject(), "accuracy"))
                .average()
                .orElse(Double.NaN);
    }

    private static List<Section> evaluationSections(JsonObject o, Json.Reader r, String prefix) {
        JsonObject scores = r.object(o, "scores");
        StringColumn skill = StringColumn.create("skill");
        IntColumn n = IntColumn.create("n");
        DoubleColumn acc = DoubleColumn.create("exact match");
        IntColumn bad = IntColumn.create("unparseable");
        for (Map.Entry<String, JsonElement> e : scores.entrySet()) {
            JsonObject x = e.getValue().getAsJsonObject();
            skill.append(e.getKey());
            n.append(r.integer(x, "n"));
            acc.append(r.dbl(x, "accuracy"));
            bad.append(x.has("unparseable") ? r.integer(x, "unparseable") : 0);
        }
        if (skill.isEmpty()) {
            throw r.missing("scores", "has no skill");
        }
        Section.Builder s = Section.builder(prefix + "Exact-match accuracy per skill")
                .paragraph("Greedy decoding until <eos>, scored by exact match on the "
                        + r.stringOr(o, "split", "chosen") + " split drawn as the model's recipe.json drew it"
                        + (o.has("per_skill") && r.integer(o, "per_skill") > 0
                                ? ", the first " + r.integer(o, "per_skill") + " examples of each skill"
                                : "")
                        + ".")
                .metric("mean exact match", Format.number(meanAccuracy(o, scores, r)))
                .metric("skills", Integer.toString(skill.size()))
                .metric("examples", Long.toString((long) n.sum()));
        s.chart(
                "Exact-match accuracy per skill.",
                Charts.bars("Exact match per skill", skill.asList(), Map.of("exact match", acc.asDoubleArray())));
        s.table("Per skill", Table.create("skills", skill, n, acc, bad));
        return List.of(s.build());
    }

    // ---- merge ----

    private static StepArtifact mergeArtifact(JsonObject o, Json.Reader r, Path dir) {
        String method = mergeMethod(o, r);
        JsonObject settings = new JsonObject();
        for (Map.Entry<String, JsonElement> e : o.entrySet()) {
            if (e.getValue().isJsonPrimitive() && !List.of("kind", "command").contains(e.getKey())) {
                settings.add(e.getKey(), e.getValue());
            }
        }
        Map<String, String> inputs = new LinkedHashMap<>();
        if (o.has("weight_changes")) {
            inputs.putAll(strings(r.object(o, "weight_changes"), "inputs"));
        }
        String summary = o.has("weight_changes")
                ? method + " of " + Math.max(0, inputs.size() - 1) + " input(s) on "
                        + r.string(r.object(o, "weight_changes"), "base") + ", written to " + dir
                : "The " + r.stringOr(o, "operation", method) + " written to " + dir + ".";
        return new StepArtifact(
                ResultKind.MERGE,
                "skillscope merge: " + method,
                summary,
                "",
                0,
                Double.NaN,
                settings,
                inputs,
                Map.of("model", "model.safetensors"),
                strings(o, "provenance"),
                o);
    }

    private static String mergeMethod(JsonObject o, Json.Reader r) {
        if (o.has("weight_changes")) {
            return r.string(r.object(o, "weight_changes"), "method");
        }
        return o.has("method") ? r.string(o, "method") : r.string(o, "operation");
    }

    private static List<Section> mergeSections(JsonObject o, Json.Reader r, String prefix) {
        if (!o.has("weight_changes")) {
            JsonObject flat = new JsonObject();
            for (Map.Entry<String, JsonElement> e : o.entrySet()) {
                if (!e.getKey().equals("provenance")) {
                    flat.add(e.getKey(), e.getValue());
                }
            }
            return List.of(Section.builder(prefix + "Weight-space operation")
                    .paragraph("This result.json has no weight_changes (it was written by the library, or by"
                            + " skillscope merge before it recorded them); run skillscope merge again to see how far"
                            + " every tensor moved. The operation's fields:")
                    .table("Fields", settingsTable(flat))
                    .build());
        }
        JsonObject wc = r.object(o, "weight_changes");
        List<WeightChanges.Row> rows = new ArrayList<>();
        for (JsonElement e : r.array(wc, "tensors")) {
            JsonObject t = e.getAsJsonObject();
            rows.add(new WeightChanges.Row(
                    r.string(t, "tensor"),
                    r.string(t, "group"),
                    r.longValue(t, "numel"),
                    r.longValue(t, "changed"),
                    r.dbl(t, "relative_change")));
        }
        Map<String, String> settings = new LinkedHashMap<>();
        if (o.has("config")) {
            settings.put("config", r.string(o, "config"));
        }
        if (o.has("config_sha256")) {
            settings.put("config sha256", r.string(o, "config_sha256"));
        }
        return List.of(new WeightChangesSection(prefix + "Weight change against the base")
                .from(new WeightChanges(r.string(wc, "method"), settings, strings(wc, "inputs"), rows)));
    }

    // ---- overlap ----

    private static StepArtifact overlapArtifact(JsonObject o, Json.Reader r) {
        OverlapMatrix m = overlap(o, r);
        String kind = r.stringOr(o, "region_kind", "region");
        Map<String, String> inputs = new LinkedHashMap<>();
        for (JsonElement e : r.array(o, "regions")) {
            JsonObject x = e.getAsJsonObject();
            inputs.put(r.string(x, "name"), r.stringOr(x, "path", "") + " " + r.stringOr(x, "sha256", ""));
        }
        JsonObject settings = new JsonObject();
        settings.addProperty("region_kind", kind);
        return new StepArtifact(
                ResultKind.OVERLAP,
                "skillscope overlap: " + m.size() + " " + kind + " regions",
                "Regions " + String.join(", ", m.labels()) + "; mean off-diagonal |Mi ∩ Mj| / |Mj| "
                        + String.format(Locale.ROOT, "%.4f", m.meanOffDiagonal()) + ".",
                "",
                0,
                Double.NaN,
                settings,
                inputs,
                Map.of(),
                strings(o, "provenance"),
                o);
    }

    /** The matrix from the region sizes and each pair's counts (or, without them, the ratios). */
    private static OverlapMatrix overlap(JsonObject o, Json.Reader r) {
        List<String> labels = new ArrayList<>();
        for (JsonElement e : r.array(o, "regions")) {
            labels.add(r.string(e.getAsJsonObject(), "name"));
        }
        JsonArray sizeArr = r.array(o, "sizes");
        int k = labels.size();
        if (sizeArr.size() != k) {
            throw r.missing("sizes", "has " + sizeArr.size() + " entries for " + k + " regions");
        }
        long[] sizes = new long[k];
        for (int i = 0; i < k; i++) {
            sizes[i] = sizeArr.get(i).getAsLong();
        }
        JsonObject pairs = objectOr(o, "pairs");
        JsonArray asym = o.has("asymmetric") ? r.array(o, "asymmetric") : null;
        OverlapResult[][] cells = new OverlapResult[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                long inter;
                if (i == j) {
                    inter = sizes[i];
                } else if (pairs.has(labels.get(i) + " ∩ " + labels.get(j))) {
                    inter = pairTotal(pairs, labels.get(i) + " ∩ " + labels.get(j), r);
                } else if (pairs.has(labels.get(j) + " ∩ " + labels.get(i))) {
                    inter = pairTotal(pairs, labels.get(j) + " ∩ " + labels.get(i), r);
                } else if (asym != null) {
                    JsonElement v = asym.get(i).getAsJsonArray().get(j);
                    inter = v.isJsonNull() ? 0 : Math.round(v.getAsDouble() * sizes[j]);
                } else {
                    throw r.missing("pairs", "has no pair " + labels.get(i) + " ∩ " + labels.get(j));
                }
                cells[i][j] = new OverlapResult(inter, sizes[i], sizes[j], 0);
            }
        }
        return OverlapMatrix.of(labels, cells);
    }

    private static long pairTotal(JsonObject pairs, String pair, Json.Reader r) {
        return r.longValue(r.object(r.object(pairs, pair), "total"), "intersection");
    }

    // ---- forward ----

    private static StepArtifact forwardArtifact(JsonObject o, Json.Reader r) {
        JsonObject settings = r.object(o, "settings");
        int tokens = r.array(settings, "ids").size();
        Map<String, String> outputs = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : r.object(o, "files").entrySet()) {
            outputs.put(e.getKey(), e.getValue().toString());
        }
        return new StepArtifact(
                ResultKind.FORWARD,
                "skillscope forward: " + tokens + " tokens",
                "One forward pass over " + tokens + " tokens of " + r.stringOr(settings, "model", "the model")
                        + "; logits and " + (outputs.size() - 1) + " hooked activation(s) written as .npy files.",
                "",
                0,
                Double.NaN,
                settings,
                strings(o, "inputs"),
                outputs,
                strings(o, "environment"),
                o);
    }

    private static List<Section> forwardSections(JsonObject o, Json.Reader r, String prefix) {
        JsonObject settings = r.object(o, "settings");
        JsonArray ids = r.array(settings, "ids");
        StringColumn file = StringColumn.create("file");
        StringColumn shape = StringColumn.create("shape");
        for (Map.Entry<String, JsonElement> e : r.object(o, "files").entrySet()) {
            file.append(e.getKey());
            shape.append(e.getValue().toString());
        }
        Section.Builder s = Section.builder(prefix + "Forward pass")
                .paragraph("Token ids " + ids
                        + (settings.has("text") ? " (text \"" + r.string(settings, "text") + "\")" : "")
                        + ". Every array is float32 with the batch dimension dropped; numpy.load reads it.")
                .metric("tokens", Integer.toString(ids.size()))
                .metric("hooks", Integer.toString(file.size() - 1));
        return List.of(
                s.table("Files written", Table.create("files", file, shape)).build());
    }

    // ---- helpers ----

    private static String primitive(JsonObject o, String field) {
        JsonElement e = o.get(field);
        return e != null && e.isJsonPrimitive() ? e.getAsString() : null;
    }

    private static JsonObject objectOr(JsonObject o, String field) {
        JsonElement e = o.get(field);
        return e != null && e.isJsonObject() ? e.getAsJsonObject() : new JsonObject();
    }

    /** An object's primitives as strings (nested objects flattened with dots); a missing one is empty. */
    private static Map<String, String> strings(JsonObject o, String field) {
        Map<String, String> out = new LinkedHashMap<>();
        flatInto(out, "", objectOr(o, field));
        return out;
    }

    private static Map<String, String> modelInputs(JsonObject o) {
        Map<String, String> in = new LinkedHashMap<>();
        for (String k : List.of("model", "model_sha256")) {
            if (o.has(k) && o.get(k).isJsonPrimitive()) {
                in.put(k, o.get(k).getAsString());
            }
        }
        return in;
    }

    private static void flatInto(Map<String, String> out, String prefix, JsonObject o) {
        for (Map.Entry<String, JsonElement> e : o.entrySet()) {
            JsonElement v = e.getValue();
            if (v.isJsonObject()) {
                flatInto(out, prefix + e.getKey() + ".", v.getAsJsonObject());
            } else if (v.isJsonNull()) {
                out.put(prefix + e.getKey(), "null");
            } else {
                out.put(prefix + e.getKey(), v.isJsonPrimitive() ? v.getAsString() : v.toString());
            }
        }
    }

    /** Setting and value columns of an object, nested objects flattened with dots. */
    private static Table settingsTable(JsonObject o) {
        Map<String, String> flat = new LinkedHashMap<>();
        flatInto(flat, "", o);
        return Table.create(
                "settings",
                StringColumn.create("setting", new ArrayList<>(flat.keySet())),
                StringColumn.create("value", new ArrayList<>(flat.values())));
    }

    private static String sci(double v) {
        return String.format(Locale.ROOT, "%.1e", v);
    }
}
