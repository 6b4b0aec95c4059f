package io.skillscope.analysis;

import java.util.List;
import java.util.Objects;

/**
 * Scalar comparisons of skill performance before and after grafting or unlearning.
 *
 * <p>Undefined-ratio policy: when a denominator is zero the ratio is undefined and the method returns
 * {@link Double#NaN} rather than throwing, so a sweep over many skills keeps going and a report shows
 * "n/a" for that skill. Non-finite inputs are caller errors and throw {@link IllegalArgumentException}.
 */
public final class SkillMetrics {
    private SkillMetrics() {}

    /**
     * Relative gain of a graft, Rel = (P_γ − P_pre) / (P_ft − P_pre) (Panigrahi et al., ICML 2023):
     * 1 when the graft recovers all of fine-tuning's gain, 0 when it recovers none.
     *
     * @return the relative gain, or NaN when P_ft = P_pre (fine-tuning gained nothing)
     */
    public static double relativeGain(double pGraft, double pPre, double pFt) {
        finite("pGraft", pGraft);
        finite("pPre", pPre);
        finite("pFt", pFt);
        double gain = pFt - pPre;
        return gain == 0 ? Double.NaN : (pGraft - pPre) / gain;
    }

    /**
     * Accuracy recovered by a graft, P_graft / P_ft (Panigrahi et al., ICML 2023: &gt; 95% at 0.01% of
     * parameters).
     *
     * @return the ratio, or NaN when P_ft = 0
     */
    public static double accuracyRecovered(double pGraft, double pFt) {
        finite("pGraft", pGraft);
        finite("pFt", pFt);
        return pFt == 0 ? Double.NaN : pGraft / pFt;
    }

    /**
     * Relative drop of a skill's performance, 1 − after / before (Li, Sun, Weng, NAACL 2025): 1 when
     * the skill is gone, 0 when untouched, negative when it improved.
     *
     * @return the drop, or NaN when before = 0 (there was nothing to remove, so no drop is defined)
     */
    public static double relativeDrop(double before, double after) {
        finite("before", before);
        finite("after", after);
        return before == 0 ? Double.NaN : 1 - after / before;
    }

    /**
     * Agreement rate of two prediction arrays: the fraction of positions with equal predictions
     * (e.g. a graft against the fine-tuned model).
     *
     * @throws IllegalArgumentException if the lengths differ or the arrays are empty
     */
    public static double agreement(int[] a, int[] b) {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        sameNonEmpty(a.length, b.length);
        int same = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i] == b[i]) {
                same++;
            }
        }
        return (double) same / a.length;
    }

    /** Agreement rate of two prediction lists compared with {@link Objects#equals} (e.g. generated answers). */
    public static double agreement(List<?> a, List<?> b) {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        sameNonEmpty(a.size(), b.size());
        int same = 0;
        for (int i = 0; i < a.size(); i++) {
            if (Objects.equals(a.get(i), b.get(i))) {
                same++;
            }
        }
        return (double) same / a.size();
    }

    private static void sameNonEmpty(int na, int nb) {
        if (na != nb) {
            throw new IllegalArgumentException("prediction arrays differ in length: " + na + " vs " + nb);
        }
        if (na == 0) {
            throw new IllegalArgumentException("prediction arrays are empty");
        }
    }

    private static void finite(String name, double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException(name + " must be finite, got " + v);
        }
    }
}
