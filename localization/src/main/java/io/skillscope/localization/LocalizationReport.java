package io.skillscope.localization;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.skillscope.core.Provenance;
import java.math.BigDecimal;
import java.nio.file.Path;

/**
 * The {@code result.json} contents of a {@code skillscope localize} run: per point (in the mask folder,
 * after the mask summary) the point's {@link LocalizationResult#toJson()} with the command, the two model
 * folders and the data; for a sweep, {@code OUT/result.json} with every point's numbers and the
 * {@link SweepResult#best best} point with its rule.
 *
 * @param base θ_pre's folder
 * @param finetuned θ_ft's folder
 * @param data the task
 * @param source where the task's examples came from ({@link TaskSplits#source()})
 * @param draw how they were drawn, so that another command can draw the same test split
 */
public record LocalizationReport(Path base, Path finetuned, TaskData data, String source, TaskDraw draw) {
    /** The command named in every {@code result.json}. */
    public static final String COMMAND = "localize";

    /** Checks the parts. */
    public LocalizationReport {
        if (base == null || finetuned == null || data == null || source == null || draw == null) {
            throw new LocalizationException("LocalizationReport needs base, finetuned, data, source and draw, got "
                    + base + ", " + finetuned + ", " + data + ", " + source + ", " + draw);
        }
    }

    /**
     * {@code data}: task, source, train/dev/test sizes, the SHA-256 of the ids and the {@link TaskDraw draw}
     * that redraws them.
     */
    public JsonObject dataJson() {
        JsonObject j = new JsonObject();
        j.addProperty("task", data.name());
        j.addProperty("source", source);
        j.addProperty("train", data.train().size());
        j.addProperty("dev", data.dev().size());
        j.addProperty("test", data.test().size());
        j.addProperty("sha256", data.sha256());
        j.add("draw", draw.toJson());
        return j;
    }

    /**
     * The fields one mask folder's {@code result.json} adds to the mask summary.
     *
     * @param r the point
     * @return {@link LocalizationResult#toJson()} with command, base, finetuned and data
     */
    public JsonObject point(LocalizationResult r) {
        JsonObject j = r.toJson();
        j.addProperty("command", COMMAND);
        j.addProperty("base", folder(base));
        j.addProperty("finetuned", folder(finetuned));
        j.add("data", dataJson());
        return j;
    }

    /**
     * A sweep's {@code OUT/result.json}: command, task, model folders, data, every point's numbers (test, and
     * {@code dev} with the dev recovery), the best point ({@link SweepResult#best}, chosen on dev:
     * {@code chosen_on: "dev"}) with the rule that chose it, and provenance.
     *
     * @param sweep the sweep
     * @param share the recovered share of the best-point rule
     * @return a fresh JSON object
     */
    public JsonObject sweep(SweepResult sweep, double share) {
        LocalizationResult best = sweep.best(share);
        JsonObject json = new JsonObject();
        json.addProperty("command", COMMAND);
        json.addProperty("task", data.name());
        json.addProperty("base", folder(base));
        json.addProperty("finetuned", folder(finetuned));
        json.add("data", dataJson());
        JsonArray arr = new JsonArray();
        for (LocalizationResult r : sweep.points()) {
            arr.add(summary(r));
        }
        json.add("points", arr);
        JsonObject b = summary(best);
        b.addProperty("chosen_on", "dev");
        b.addProperty("rule", sweep.rule(share));
        json.add("best", b);
        JsonObject env = new JsonObject();
        Provenance.environment().forEach(env::addProperty);
        json.add("provenance", env);
        return json;
    }

    /** The numbers of one point in a sweep's result.json. */
    private static JsonObject summary(LocalizationResult r) {
        JsonObject full = r.toJson();
        JsonObject j = new JsonObject();
        j.addProperty("folder", pointFolder(r.settings().sparsity()));
        for (String k : new String[] {
            "sparsity",
            "target_sparsity",
            "learned_sparsity",
            "budget",
            "capped",
            "n_selected",
            "n_target",
            "n_learned",
            "n_included",
            "accuracy",
            "ece",
            "recovered",
            "relative_gain",
            "agreement_with_ft",
            "n_test",
            "dev",
            "best_step"
        }) {
            j.add(k, full.get(k));
        }
        return j;
    }

    /**
     * The folder of one point of a sweep, {@code sparsity-<s>} with s in plain notation ({@code sparsity-0.001}).
     *
     * @param sparsity the target sparsity
     * @return the folder name
     */
    public static String pointFolder(double sparsity) {
        return "sparsity-" + BigDecimal.valueOf(sparsity).stripTrailingZeros().toPlainString();
    }

    private static String folder(Path p) {
        return p.toAbsolutePath().normalize().toString();
    }
}
