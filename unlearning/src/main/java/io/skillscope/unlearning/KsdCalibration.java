package io.skillscope.unlearning;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The tolerance {@code h} of Key Space Detection chosen on held-out queries, with the detection rates
 * it gives there.
 *
 * <p>A query is detected at {@code h} iff its score (the smallest, over the checked positions, of
 * {@code max_i |k_i − μ_i| / (k_max σ_i)}) is at most {@code h}, so every rate is a step function of
 * {@code h} and the search is exact: among the thresholds at the observed scores, keep those where
 * every retain set's detection rate is at most {@code maxRetainDetection}, take the one maximising
 * forget rate − mean retain rate (the smallest on ties), and set {@code h} halfway to the next
 * observed score (same rates on the calibration data, the widest margin on both sides).
 *
 * @param h the chosen tolerance
 * @param forgetDetection share of forget queries detected at h
 * @param retainDetection share of each retain set's queries detected at h
 * @param objective forget rate − mean retain rate
 * @param maxRetainDetection the constraint used
 * @param nForget forget queries used
 * @param nRetain retain queries used, all sets together
 */
public record KsdCalibration(
        double h,
        double forgetDetection,
        Map<String, Double> retainDetection,
        double objective,
        double maxRetainDetection,
        int nForget,
        int nRetain) {

    /**
     * Scores of the forget queries and of each retain set's queries.
     *
     * @param forget one score per forget query
     * @param retain one score per query of each retain set, by set name
     */
    public record SetScores(double[] forget, Map<String, double[]> retain) {
        /**
         * The scores of one generation pass over the forget prompts followed by each retain set's prompts,
         * in the map's order, split by set.
         *
         * @param scores one score per prompt, forget prompts first
         * @param nForget how many of the scores are forget prompts
         * @param retainPrompts the retain sets in the order their scores follow
         */
        public static SetScores split(double[] scores, int nForget, Map<String, List<String>> retainPrompts) {
            Map<String, double[]> r = new LinkedHashMap<>();
            int at = nForget;
            for (Map.Entry<String, List<String>> e : retainPrompts.entrySet()) {
                r.put(
                        e.getKey(),
                        Arrays.copyOfRange(scores, at, at + e.getValue().size()));
                at += e.getValue().size();
            }
            return new SetScores(Arrays.copyOfRange(scores, 0, nForget), r);
        }
    }

    /** {@link #choose(double[], Map, double)} for the scores of one generation pass ({@link SetScores#split}). */
    static KsdCalibration choose(
            double[] scores, int nForget, Map<String, List<String>> retainPrompts, double maxRetainDetection) {
        return choose(SetScores.split(scores, nForget, retainPrompts), maxRetainDetection);
    }

    /** {@link #choose(double[], Map, double)} of scores split by set. */
    public static KsdCalibration choose(SetScores scores, double maxRetainDetection) {
        return choose(scores.forget(), scores.retain(), maxRetainDetection);
    }

    /** Chooses h from scores; see the class comment. */
    public static KsdCalibration choose(double[] forget, Map<String, double[]> retain, double maxRetainDetection) {
        if (forget.length == 0 || retain.isEmpty()) {
            throw new IllegalArgumentException("calibration needs forget queries and at least one retain set");
        }
        TreeSet<Double> candidates = new TreeSet<>();
        for (double s : forget) {
            if (Double.isFinite(s)) {
                candidates.add(s);
            }
        }
        int nRetain = 0;
        for (double[] r : retain.values()) {
            nRetain += r.length;
            for (double s : r) {
                if (Double.isFinite(s)) {
                    candidates.add(s);
                }
            }
        }
        double best = Double.NaN;
        double bestJ = Double.NEGATIVE_INFINITY;
        for (double c : candidates) {
            double worst = 0;
            double meanR = 0;
            for (double[] r : retain.values()) {
                double rate = rate(r, c);
                worst = Math.max(worst, rate);
                meanR += rate / retain.size();
            }
            if (worst > maxRetainDetection) {
                continue;
            }
            double j = rate(forget, c) - meanR;
            if (j > bestJ) {
                bestJ = j;
                best = c;
            }
        }
        double h;
        if (Double.isNaN(best)) {
            h = 0; // nothing feasible: detect (almost) nothing
        } else {
            Double next = candidates.higher(best);
            h = next == null ? best * 1.05 + 1e-12 : (best + next) / 2;
        }
        Map<String, Double> rr = new LinkedHashMap<>();
        double meanR = 0;
        for (Map.Entry<String, double[]> e : retain.entrySet()) {
            double rate = rate(e.getValue(), h);
            rr.put(e.getKey(), rate);
            meanR += rate / retain.size();
        }
        double fr = rate(forget, h);
        return new KsdCalibration(h, fr, rr, fr - meanR, maxRetainDetection, forget.length, nRetain);
    }

    /** Share of scores at or below h. */
    public static double rate(double[] scores, double h) {
        int n = 0;
        for (double s : scores) {
            n += s <= h ? 1 : 0;
        }
        return scores.length == 0 ? Double.NaN : (double) n / scores.length;
    }

    @Override
    public String toString() {
        double worst = retainDetection.values().stream()
                .mapToDouble(Double::doubleValue)
                .max()
                .orElse(0);
        return String.format(
                "KsdCalibration[h=%.4g, forget detected %.3f of %d, retain detected <= %.3f over %d sets (%d"
                        + " queries)]",
                h, forgetDetection, nForget, worst, retainDetection.size(), nRetain);
    }
}
