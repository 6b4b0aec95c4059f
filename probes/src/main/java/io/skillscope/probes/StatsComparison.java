package io.skillscope.probes;

import io.skillscope.core.SkillscopeException;
import io.skillscope.core.hooks.HookName;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * How two datasets' statistics differ at the same hooks (say forget vs retain): per neuron the mean
 * difference {@code d = μ_a − μ_b} and the standardized difference
 * {@code z = (μ_a − μ_b) / sqrt((σ_a² + σ_b²) / 2)} (Cohen's d with equal weights; 0 where both
 * variances vanish), top-k neurons over all hooks, and one summary row per hook.
 */
public final class StatsComparison {
    /** What neurons are ranked by. */
    public enum Measure {
        /** μ_a − μ_b. */
        MEAN_DIFFERENCE,
        /** (μ_a − μ_b) / sqrt((σ_a² + σ_b²)/2). */
        STANDARDIZED
    }

    private final String nameA;
    private final String nameB;
    private final Map<String, double[]> diff = new LinkedHashMap<>();
    private final Map<String, double[]> standardized = new LinkedHashMap<>();

    private StatsComparison(String nameA, String nameB) {
        this.nameA = nameA;
        this.nameB = nameB;
    }

    /** Compares {@code a} against {@code b} over the hooks they share, in {@code a}'s order. */
    public static StatsComparison of(ProbeResult a, ProbeResult b) {
        return of(a.datasetName(), a.stats(), b.datasetName(), b.stats());
    }

    /** Compares two maps of statistics by hook over the hooks they share. */
    public static StatsComparison of(
            String nameA, Map<String, NeuronStats> a, String nameB, Map<String, NeuronStats> b) {
        StatsComparison c = new StatsComparison(nameA, nameB);
        for (Map.Entry<String, NeuronStats> e : a.entrySet()) {
            NeuronStats sb = b.get(e.getKey());
            if (sb == null) {
                continue;
            }
            NeuronStats sa = e.getValue();
            if (sa.width() != sb.width()) {
                throw new SkillscopeException("hook " + e.getKey() + " has width " + sa.width() + " in " + nameA
                        + " but " + sb.width() + " in " + nameB);
            }
            double[] ma = sa.mean();
            double[] mb = sb.mean();
            double[] va = sa.variance();
            double[] vb = sb.variance();
            double[] d = new double[ma.length];
            double[] z = new double[ma.length];
            for (int i = 0; i < d.length; i++) {
                d[i] = ma[i] - mb[i];
                double pooled = Math.sqrt((va[i] + vb[i]) / 2);
                z[i] = pooled > 0 ? d[i] / pooled : 0;
            }
            c.diff.put(e.getKey(), d);
            c.standardized.put(e.getKey(), z);
        }
        if (c.diff.isEmpty()) {
            throw new SkillscopeException(
                    "no hook in common between " + nameA + " " + a.keySet() + " and " + nameB + " " + b.keySet());
        }
        return c;
    }

    /** The hooks compared. */
    public List<String> hooks() {
        return new ArrayList<>(diff.keySet());
    }

    /** Per-neuron μ_a − μ_b at a hook. */
    public double[] meanDifference(String hook) {
        return values(diff, hook).clone();
    }

    /** Per-neuron standardized difference at a hook. */
    public double[] standardized(String hook) {
        return values(standardized, hook).clone();
    }

    private static double[] values(Map<String, double[]> m, String hook) {
        double[] v = m.get(hook);
        if (v == null) {
            throw new SkillscopeException("hook " + hook + " was not compared; compared: " + m.keySet());
        }
        return v;
    }

    /**
     * The {@code k} neurons with the largest signed score over all hooks (ties: earlier hook, lower
     * index first).
     */
    public List<NeuronRef> topK(int k, Measure by) {
        List<NeuronRef> all = all(by);
        all.sort(Comparator.comparingDouble(NeuronRef::score).reversed());
        return new ArrayList<>(all.subList(0, Math.min(k, all.size())));
    }

    /** The {@code k} neurons with the largest |score|. */
    public List<NeuronRef> topKAbsolute(int k, Measure by) {
        List<NeuronRef> all = all(by);
        all.sort(
                Comparator.comparingDouble((NeuronRef r) -> Math.abs(r.score())).reversed());
        return new ArrayList<>(all.subList(0, Math.min(k, all.size())));
    }

    private List<NeuronRef> all(Measure by) {
        Map<String, double[]> src = by == Measure.MEAN_DIFFERENCE ? diff : standardized;
        List<NeuronRef> out = new ArrayList<>();
        for (Map.Entry<String, double[]> e : src.entrySet()) {
            double[] v = e.getValue();
            for (int i = 0; i < v.length; i++) {
                out.add(new NeuronRef(e.getKey(), i, v[i]));
            }
        }
        return out;
    }

    /**
     * One row per hook: layer, width, mean and max of d, mean |z|, max z, and how many neurons have
     * |z| > 1.
     */
    public Table perLayerTable() {
        StringColumn hook = StringColumn.create("hook");
        IntColumn layer = IntColumn.create("layer");
        IntColumn width = IntColumn.create("width");
        DoubleColumn meanD = DoubleColumn.create("mean_diff");
        DoubleColumn maxD = DoubleColumn.create("max_diff");
        DoubleColumn meanAbsZ = DoubleColumn.create("mean_abs_z");
        DoubleColumn maxZ = DoubleColumn.create("max_z");
        IntColumn over1 = IntColumn.create("n_abs_z_gt_1");
        for (String h : diff.keySet()) {
            double[] d = diff.get(h);
            double[] z = standardized.get(h);
            double sd = 0;
            double md = Double.NEGATIVE_INFINITY;
            double sz = 0;
            double mz = Double.NEGATIVE_INFINITY;
            int n1 = 0;
            for (int i = 0; i < d.length; i++) {
                sd += d[i];
                md = Math.max(md, d[i]);
                sz += Math.abs(z[i]);
                mz = Math.max(mz, z[i]);
                n1 += Math.abs(z[i]) > 1 ? 1 : 0;
            }
            hook.append(h);
            layer.append(HookName.parse(h).layer());
            width.append(d.length);
            meanD.append(sd / d.length);
            maxD.append(md);
            meanAbsZ.append(sz / d.length);
            maxZ.append(mz);
            over1.append(n1);
        }
        return Table.create(nameA + " - " + nameB, hook, layer, width, meanD, maxD, meanAbsZ, maxZ, over1);
    }

    @Override
    public String toString() {
        int n = 0;
        for (double[] d : diff.values()) {
            n += d.length;
        }
        return "StatsComparison[" + nameA + " - " + nameB + ", " + diff.size() + " hooks, " + n + " neurons]";
    }
}
