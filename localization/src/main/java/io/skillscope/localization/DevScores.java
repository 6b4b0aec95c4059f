package io.skillscope.localization;

import com.google.gson.JsonObject;

/**
 * The dev split's predictions of θ_pre, θ_ft and one graft. Every choice a sweep makes (the mask L1 λ, the
 * operating point "the smallest sparsity recovering ≥ 95%") is made on these, never on the test split, so
 * that the test numbers of the chosen point are an unbiased estimate (issue 14, "Dev and test, everywhere").
 *
 * <p>recovered_dev = acc_dev(θ_pre + γ ⊙ Δ) / acc_dev(θ_ft) (Panigrahi et al., ICML 2023, §4; He et al.,
 * Localize-and-Stitch, 2024).
 *
 * @param pre θ_pre's predictions on the dev items
 * @param ft θ_ft's
 * @param graft the graft's
 */
public record DevScores(Predictions pre, Predictions ft, Predictions graft) {
    /** Checks that the three cover the same items. */
    public DevScores {
        if (pre == null || ft == null || graft == null) {
            throw new LocalizationException("DevScores needs pre, ft and graft predictions");
        }
        if (pre.size() != ft.size() || ft.size() != graft.size()) {
            throw new LocalizationException("dev predictions on " + pre.size() + ", " + ft.size() + " and "
                    + graft.size() + " items: pre, ft and graft must score the same dev items");
        }
    }

    /** The number of dev items. */
    public int size() {
        return graft.size();
    }

    /** acc_dev(graft) / acc_dev(ft); NaN when there are no dev items or θ_ft scores 0 on them. */
    public double recovered() {
        return size() == 0 || ft.accuracy() == 0 ? Double.NaN : graft.accuracy() / ft.accuracy();
    }

    /** {@code {n_dev, accuracy {pre, ft, graft}, recovered}} for a {@code result.json}. */
    public JsonObject toJson() {
        JsonObject j = new JsonObject();
        j.addProperty("n_dev", size());
        JsonObject a = new JsonObject();
        a.addProperty("pre", pre.accuracy());
        a.addProperty("ft", ft.accuracy());
        a.addProperty("graft", graft.accuracy());
        j.add("accuracy", a);
        j.addProperty("recovered", recovered());
        return j;
    }
}
