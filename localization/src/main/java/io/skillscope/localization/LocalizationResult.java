package io.skillscope.localization;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.skillscope.grafting.Mask;
import java.nio.file.Path;
import java.util.List;

/**
 * A learned grafting mask with the scores of the pre-trained, fine-tuned and grafted models on the
 * task's test items, and on its dev items ({@link DevScores}, what a sweep chooses its point on).
 *
 * @param task the task name
 * @param mask γ, with settings and input hashes as attributes
 * @param pre θ_pre's predictions
 * @param ft θ_ft's predictions
 * @param graft θ_pre + γ ⊙ Δ's predictions
 * @param bestStep the step whose binary mask scored best on train + dev (0 = the base patch)
 * @param history one record per step
 * @param settings the settings used
 * @param dev pre, ft and graft on the dev items (the split every choice among results is made on)
 */
public record LocalizationResult(
        String task,
        Mask mask,
        Predictions pre,
        Predictions ft,
        Predictions graft,
        int bestStep,
        List<StepRecord> history,
        LocalizationSettings settings,
        DevScores dev) {

    /**
     * One optimization step.
     *
     * @param step 0 for the base patch, then 1…steps
     * @param loss mean soft-grafted loss of the step's batches (NaN at step 0)
     * @param selected |γ| of the binary mask after the step, as scored (at most k under
     *     {@link SparsityBudget#CAP})
     * @param learned |γ| of the rounded mask before any cap
     * @param score teacher-forced exact match of the binary graft on the scored train + dev items (NaN for the
     *     steps a form that keeps its final mask does not score)
     */
    public record StepRecord(int step, double loss, long selected, long learned, double score) {}

    /** Copies the history; checks that the dev scores are present. */
    public LocalizationResult {
        history = List.copyOf(history);
        if (dev == null) {
            throw new LocalizationException("the result of task " + task + " needs its dev scores (DevScores)");
        }
    }

    /** Dev accuracy recovered, acc_dev(graft) / acc_dev(ft) (NaN without dev items or when θ_ft scores 0). */
    public double devRecovered() {
        return dev.recovered();
    }

    /**
     * |γ| of the kept step's rounded mask before the {@link SparsityBudget#CAP} cut (the mask's own
     * cardinality when nothing was cut or no history was recorded).
     */
    public long learnedSelected() {
        return bestStep < history.size() ? history.get(bestStep).learned() : mask.cardinality();
    }

    /** The learned sparsity before any cap, {@link #learnedSelected()} / N. */
    public double learnedSparsity() {
        return (double) learnedSelected() / mask.included();
    }

    /** k = round(target · N), at least 1: the budget of the mask. */
    public long targetSelected() {
        return Math.max(1, Math.round(settings.sparsity() * mask.included()));
    }

    /** Whether the cap removed entries from the learned mask. */
    public boolean capped() {
        return learnedSelected() > mask.cardinality();
    }

    /** Whether the kept mask holds more entries than the target allows (only with {@link SparsityBudget#LEARNED}). */
    public boolean overTarget() {
        return mask.cardinality() > targetSelected();
    }

    /** Test accuracy recovered, P_graft / P_ft (NaN when the fine-tuned model scores 0). */
    public double recovered() {
        return ft.accuracy() == 0 ? Double.NaN : graft.accuracy() / ft.accuracy();
    }

    /** Relative gain (P_γ − P_pre) / (P_ft − P_pre) (NaN when fine-tuning gained nothing). */
    public double relativeGain() {
        double gain = ft.accuracy() - pre.accuracy();
        return gain == 0 ? Double.NaN : (graft.accuracy() - pre.accuracy()) / gain;
    }

    /** The share of test items where the graft's answer equals the fine-tuned model's. */
    public double agreement() {
        return graft.agreement(ft);
    }

    /** The {@code result.json} content besides the mask summary. */
    public JsonObject toJson() {
        JsonObject j = new JsonObject();
        j.addProperty("task", task);
        j.addProperty("sparsity", mask.sparsity());
        j.addProperty("target_sparsity", settings.sparsity());
        j.addProperty("learned_sparsity", learnedSparsity());
        j.addProperty("budget", settings.budget().wire());
        j.addProperty("capped", capped());
        j.addProperty("n_selected", mask.cardinality());
        j.addProperty("n_target", targetSelected());
        j.addProperty("n_learned", learnedSelected());
        j.addProperty("n_included", mask.included());
        j.add("accuracy", triple(pre.accuracy(), ft.accuracy(), graft.accuracy()));
        j.add("ece", triple(pre.ece(), ft.ece(), graft.ece()));
        j.addProperty("recovered", recovered());
        j.addProperty("relative_gain", relativeGain());
        j.addProperty("agreement_with_ft", agreement());
        j.addProperty("n_test", graft.size());
        j.add("dev", dev.toJson());
        j.addProperty("confidence", settings.confidence().name());
        j.addProperty("best_step", bestStep);
        JsonObject s = new JsonObject();
        s.addProperty("method", settings.method().name());
        s.addProperty("steps", settings.steps());
        s.addProperty("learning_rate", settings.learningRate());
        s.addProperty(
                "sigmoid_bias", settings.method().parametrization(settings).bias());
        s.addProperty("batch_size", settings.batchSize());
        s.addProperty("accumulation", settings.accumulation());
        s.addProperty(
                "regions",
                settings.regions().stream().map(Enum::name).sorted().toList().toString());
        s.addProperty("l1", settings.l1());
        s.addProperty("seed", settings.seed());
        s.addProperty("score_limit", settings.scoreLimit());
        s.addProperty("budget", settings.budget().wire());
        s.addProperty("eval_batch", settings.evalBatch());
        j.add("settings", s);
        JsonArray h = new JsonArray();
        for (StepRecord r : history) {
            JsonObject o = new JsonObject();
            o.addProperty("step", r.step());
            if (!Double.isNaN(r.loss())) {
                o.addProperty("loss", r.loss());
            }
            o.addProperty("selected", r.selected());
            o.addProperty("learned", r.learned());
            if (!Double.isNaN(r.score())) {
                o.addProperty("score", r.score());
            }
            h.add(o);
        }
        j.add("history", h);
        return j;
    }

    private static JsonObject triple(double pre, double ft, double graft) {
        JsonObject o = new JsonObject();
        o.addProperty("pre", pre);
        o.addProperty("ft", ft);
        o.addProperty("graft", graft);
        return o;
    }

    /**
     * Writes the mask folder: {@code mask.safetensors} and a {@code result.json} with the mask summary
     * (counts per tensor and layer, attributes with the input hashes) and the metrics.
     *
     * @param folder the folder (created when missing)
     */
    public void save(Path folder) {
        mask.save(folder, toJson());
    }

    @Override
    public String toString() {
        return String.format(
                "LocalizationResult[%s: %,d of %,d (%.2e), accuracy pre %.3f / ft %.3f / graft %.3f,"
                        + " recovered %.3f, ECE pre %.3f / ft %.3f / graft %.3f, best step %d]",
                task,
                mask.cardinality(),
                mask.included(),
                mask.sparsity(),
                pre.accuracy(),
                ft.accuracy(),
                graft.accuracy(),
                recovered(),
                pre.ece(),
                ft.ece(),
                graft.ece(),
                bestStep);
    }
}
