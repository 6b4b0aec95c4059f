package io.skillscope.analysis.orthogonality;

import io.skillscope.analysis.Stats;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Aggregate of the {@link TensorComparison} rows of one group (a module type, a layer, or all).
 *
 * <p>Medians of |cos| are the headline (robust to a few large tensors); means of signed cos show a
 * consistent sign. NaN cosines (zero updates) are skipped.
 *
 * @param group                  label, e.g. {@code "q"}, {@code "layer 3"}, {@code "all"}
 * @param tensors                number of tensors
 * @param elements               total elements
 * @param meanCosine             mean cos(ΔA, ΔB)
 * @param medianAbsCosine        median |cos(ΔA, ΔB)|
 * @param controlMeanCosine      mean cos(ΔA, Δcontrol); NaN without a control
 * @param controlMedianAbsCosine median |cos(ΔA, Δcontrol)|; NaN without a control
 * @param randomMedianAbsCosine  median |cos(ΔA, random)|
 * @param expectedRandomAbsCosine median over tensors of √(2/(π n))
 * @param meanAngleDegrees       mean over matrices of the mean principal angle (A vs B); NaN if none
 * @param meanSupportOverlap     mean top-support overlap |S_A∩S_B|/k
 * @param meanSupportChance      mean chance level k/n
 */
public record GroupSummary(
        String group,
        int tensors,
        long elements,
        double meanCosine,
        double medianAbsCosine,
        double controlMeanCosine,
        double controlMedianAbsCosine,
        double randomMedianAbsCosine,
        double expectedRandomAbsCosine,
        double meanAngleDegrees,
        double meanSupportOverlap,
        double meanSupportChance) {
    /** Validates the label and counts. */
    public GroupSummary {
        Objects.requireNonNull(group, "group");
        if (tensors < 0 || elements < 0) {
            throw new IllegalArgumentException(
                    "counts must be >= 0, got tensors=" + tensors + ", elements=" + elements);
        }
    }

    /** Summarises the given rows under a label. */
    public static GroupSummary of(String group, List<TensorComparison> rows) {
        int k = rows.size();
        double[] cos = new double[k];
        double[] abs = new double[k];
        double[] ctl = new double[k];
        double[] ctlAbs = new double[k];
        double[] rnd = new double[k];
        double[] exp = new double[k];
        double[] ang = new double[k];
        double[] sup = new double[k];
        double[] chance = new double[k];
        long elements = 0;
        for (int i = 0; i < k; i++) {
            TensorComparison r = rows.get(i);
            cos[i] = r.cosine();
            abs[i] = Math.abs(r.cosine());
            ctl[i] = r.controlCosine();
            ctlAbs[i] = Math.abs(r.controlCosine());
            rnd[i] = Math.abs(r.randomCosine());
            exp[i] = r.expectedRandomAbsCosine();
            ang[i] = r.angles().meanDegrees();
            sup[i] = r.support().fraction();
            chance[i] = r.support().chance();
            elements += r.size();
        }
        return new GroupSummary(
                group,
                k,
                elements,
                Stats.mean(cos),
                Stats.median(abs),
                Stats.mean(ctl),
                Stats.median(ctlAbs),
                Stats.median(rnd),
                Stats.median(exp),
                Stats.mean(ang),
                Stats.mean(sup),
                Stats.mean(chance));
    }

    /** {@code q (12 tensors): median |cos| 0.0120, mean cos 0.0030; control 0.310; random 0.00040}. */
    @Override
    public String toString() {
        return String.format(
                Locale.ROOT,
                "%s (%d tensors): median |cos| %.4f, mean cos %.4f; control %.4f; random %.2g",
                group,
                tensors,
                medianAbsCosine,
                meanCosine,
                controlMedianAbsCosine,
                randomMedianAbsCosine);
    }
}
