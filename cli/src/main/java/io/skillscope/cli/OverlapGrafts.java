package io.skillscope.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.skillscope.api.ModelCodec;
import io.skillscope.core.Json;
import io.skillscope.core.SkillscopeException;
import io.skillscope.core.checkpoint.Hashing;
import io.skillscope.core.checkpoint.TensorSource;
import io.skillscope.datasets.SkillSuite;
import io.skillscope.grafting.Mask;
import io.skillscope.localization.LocalizationException;
import io.skillscope.localization.LocalizationReport;
import io.skillscope.localization.PairGrafts;
import io.skillscope.localization.TaskData;
import io.skillscope.localization.TaskDraw;
import io.skillscope.localization.TaskSplits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * The graft part of {@code skillscope overlap}: when every region is a mask folder written by
 * {@code skillscope localize}, reads what each {@code result.json} records (θ_pre and θ_ft_i as absolute
 * paths, their hashes in the mask's attributes, the {@code data.draw} and the SHA-256 of the task's ids),
 * checks that every mask shares θ_pre and that the folders still hold the recorded weights and data, and
 * scores the grafts of {@link PairGrafts} on each skill's own test split.
 */
final class OverlapGrafts {
    private OverlapGrafts() {}

    /** A mask region as {@code overlap} loaded it. */
    record MaskRegion(String name, Path dir, Mask mask) {}

    /**
     * What the grafts need, checked: θ_pre's folder and hash, each skill's fine-tuned folder and task.
     *
     * @param base θ_pre's folder
     * @param baseSha256 its hash, shared by every mask
     * @param skills one per region, in order
     * @param evalBatch the generation batch localize scored with
     * @param localized each region's recorded {@code accuracy.graft}
     */
    record Plan(
            Path base,
            String baseSha256,
            List<PairGrafts.Skill> skills,
            int evalBatch,
            Map<String, Double> localized) {}

    /**
     * The plan, or why there is none (one line) when a region was not written by {@code localize} or lacks
     * the records (older folders).
     *
     * @throws ParameterException when two masks were learned against different θ_pre (naming both hashes)
     * @throws SkillscopeException when a folder no longer holds the recorded weights or data
     */
    static Plan plan(CommandLine cmd, List<MaskRegion> regions, StringBuilder whyNot) {
        List<JsonObject> results = new ArrayList<>();
        for (MaskRegion r : regions) {
            Optional<String> missing = missing(r);
            if (missing.isPresent()) {
                whyNot.append(missing.get());
                return null;
            }
            results.add(Json.read(r.dir().resolve(Mask.RESULT_FILE)));
        }
        MaskRegion first = regions.get(0);
        String baseHash = first.mask().attributes().get("pre_sha256");
        for (MaskRegion r : regions) {
            String h = r.mask().attributes().get("pre_sha256");
            if (!h.equals(baseHash)) {
                throw new ParameterException(
                        cmd,
                        "--region " + r.name() + " was learned against θ_pre " + h + " but " + first.name()
                                + " against " + baseHash + "; union and intersection grafts need one base model"
                                + " (or --no-grafts)");
            }
        }
        Path base = Path.of(results.get(0).get("base").getAsString());
        checkHash(base, baseHash, "θ_pre of --region " + first.name());
        List<PairGrafts.Skill> skills = new ArrayList<>();
        Map<String, Double> localized = new HashMap<>();
        int evalBatch = 0;
        try (ModelCodec codec = ModelCodec.of(base)) {
            for (int i = 0; i < regions.size(); i++) {
                MaskRegion r = regions.get(i);
                JsonObject res = results.get(i);
                Path file = r.dir().resolve(Mask.RESULT_FILE);
                Path ft = Path.of(res.get("finetuned").getAsString());
                checkHash(ft, r.mask().attributes().get("ft_sha256"), "θ_ft of --region " + r.name());
                JsonObject data = res.getAsJsonObject("data");
                TaskData task;
                try {
                    TaskDraw draw = TaskDraw.fromJson(data.getAsJsonObject("draw"), file + ": data.draw");
                    TaskSplits splits = draw.splits(SkillSuite.standard(), SkillWords::readJsonl);
                    task = LocalizeCommand.encode(codec, splits, LocalizeCommand.taskName(draw));
                } catch (LocalizationException | IllegalArgumentException e) {
                    throw new SkillscopeException(file + ": cannot draw the task again: " + e.getMessage(), e);
                }
                String recorded = data.get("sha256").getAsString();
                if (!task.sha256().equals(recorded)) {
                    throw new SkillscopeException(file + ": the task drawn again has ids SHA-256 " + task.sha256()
                            + ", not the recorded data.sha256 " + recorded);
                }
                int batch = res.getAsJsonObject("settings").get("eval_batch").getAsInt();
                if (evalBatch != 0 && batch != evalBatch) {
                    throw new ParameterException(
                            cmd,
                            "--region " + r.name() + " was scored with eval batch " + batch + " but " + first.name()
                                    + " with " + evalBatch + " (or --no-grafts)");
                }
                evalBatch = batch;
                localized.put(
                        r.name(), res.getAsJsonObject("accuracy").get("graft").getAsDouble());
                skills.add(new PairGrafts.Skill(r.name(), r.mask(), ft, task));
            }
        }
        return new Plan(base, baseHash, skills, evalBatch, localized);
    }

    /** Why a region's folder cannot be grafted again, or empty when it has every record. */
    private static Optional<String> missing(MaskRegion r) {
        Path file = r.dir().resolve(Mask.RESULT_FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.of("region " + r.name() + " has no " + file.getFileName() + " from skillscope localize");
        }
        JsonObject res;
        try {
            res = Json.read(file);
        } catch (RuntimeException e) {
            return Optional.of("region " + r.name() + ": " + file + " is not readable JSON");
        }
        JsonElement cmd = res.get("command");
        if (cmd == null || !cmd.isJsonPrimitive() || !LocalizationReport.COMMAND.equals(cmd.getAsString())) {
            return Optional.of("region " + r.name() + " (" + file + ") was not written by skillscope localize");
        }
        for (String attr : List.of("pre_sha256", "ft_sha256")) {
            if (!r.mask().attributes().containsKey(attr)) {
                return Optional.of("region " + r.name() + "'s mask records no " + attr);
            }
        }
        JsonObject data = res.has("data") && res.get("data").isJsonObject() ? res.getAsJsonObject("data") : null;
        JsonObject settings =
                res.has("settings") && res.get("settings").isJsonObject() ? res.getAsJsonObject("settings") : null;
        JsonObject acc =
                res.has("accuracy") && res.get("accuracy").isJsonObject() ? res.getAsJsonObject("accuracy") : null;
        if (data == null
                || !data.has("draw")
                || !data.has("sha256")
                || settings == null
                || !settings.has("eval_batch")
                || acc == null
                || !acc.has("graft")
                || !res.has("base")
                || !res.has("finetuned")) {
            return Optional.of("region " + r.name() + " (" + file + ") does not record how localize drew its data"
                    + " (data.draw, settings.eval_batch: written since this version); run localize again");
        }
        return Optional.empty();
    }

    private static void checkHash(Path folder, String recorded, String what) {
        if (!Files.isDirectory(folder)) {
            throw new SkillscopeException(what + ": folder " + folder + " no longer exists");
        }
        String now;
        try (TensorSource src = TensorSource.open(folder)) {
            now = Hashing.sha256(src);
        }
        if (!now.equals(recorded)) {
            throw new SkillscopeException(
                    what + ": folder " + folder + " now holds weights " + now + ", not the recorded " + recorded);
        }
    }

    /** The {@code grafts} block of {@code result.json}. */
    static JsonObject json(Plan plan, List<PairGrafts.Row> rows) {
        JsonObject g = new JsonObject();
        g.addProperty("formula", "theta_pre + m * (theta_ft_i - theta_pre), m = m_i, m_i & m_j or m_i | m_j");
        g.addProperty("base", plan.base().toAbsolutePath().normalize().toString());
        g.addProperty("base_sha256", plan.baseSha256());
        g.addProperty("eval_batch", plan.evalBatch());
        JsonArray arr = new JsonArray();
        for (PairGrafts.Row r : rows) {
            JsonObject o = new JsonObject();
            o.addProperty("skill", r.skill());
            if (r.partner() != null) {
                o.addProperty("partner", r.partner());
            }
            o.addProperty("pair", pair(r));
            o.addProperty("kind", r.kind().wire());
            o.addProperty("n_selected", r.selected());
            o.add("accuracy", Json.num(r.accuracy()));
            o.addProperty("n", r.n());
            if (r.kind() == PairGrafts.Kind.MASK) {
                o.add("localize_accuracy", Json.num(plan.localized().get(r.skill())));
            }
            arr.add(o);
        }
        g.add("rows", arr);
        return g;
    }

    /** {@code mul} for a skill's own rows, {@code mul, add} for an ordered pair. */
    static String pair(PairGrafts.Row r) {
        return r.partner() == null ? r.skill() : r.skill() + ", " + r.partner();
    }
}
