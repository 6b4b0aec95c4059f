package io.skillscope.analysis.orthogonality;

import io.skillscope.analysis.ModuleType;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The result of comparing two weight updates tensor by tensor (docs/methods.md §3): per-tensor rows and
 * summaries by module type, by layer and overall, with the SFT-vs-SFT and random-direction controls.
 *
 * @param labelA       name of update A, e.g. {@code "SFT"}
 * @param labelB       name of update B, e.g. {@code "RL"}
 * @param controlLabel name of the control update, if one was given
 * @param options      settings used
 * @param rows         one row per compared tensor, in name order
 * @param byModule     summaries per module type
 * @param byLayer      summaries per block index
 * @param overall      summary over all rows
 * @param skipped      tensor names present in A but not in B (or the control), not compared
 */
public record OrthogonalityReport(
        String labelA,
        String labelB,
        Optional<String> controlLabel,
        OrthogonalityOptions options,
        List<TensorComparison> rows,
        Map<ModuleType, GroupSummary> byModule,
        SortedMap<Integer, GroupSummary> byLayer,
        GroupSummary overall,
        List<String> skipped) {
    /** Validates and freezes the parts. */
    public OrthogonalityReport {
        Objects.requireNonNull(labelA, "labelA");
        Objects.requireNonNull(labelB, "labelB");
        Objects.requireNonNull(controlLabel, "controlLabel");
        Objects.requireNonNull(options, "options");
        rows = List.copyOf(rows);
        Map<ModuleType, GroupSummary> m = new EnumMap<>(ModuleType.class);
        m.putAll(byModule);
        byModule = Collections.unmodifiableMap(m);
        byLayer = Collections.unmodifiableSortedMap(new TreeMap<>(byLayer));
        Objects.requireNonNull(overall, "overall");
        skipped = List.copyOf(skipped);
    }

    /** Whether a control update was compared. */
    public boolean hasControl() {
        return controlLabel.isPresent();
    }

    /**
     * Per-layer × module-type matrix of cos(ΔA, ΔB) for heat maps: rows are {@link #layers()}, columns
     * {@link #modules()}; NaN where a layer has no tensor of that module (or several tensors of one
     * module average).
     */
    public double[][] cosineByLayerAndModule() {
        List<Integer> layers = layers();
        List<ModuleType> modules = modules();
        double[][] sum = new double[layers.size()][modules.size()];
        int[][] cnt = new int[layers.size()][modules.size()];
        for (TensorComparison r : rows) {
            if (r.layer().isEmpty() || Double.isNaN(r.cosine())) {
                continue;
            }
            int i = layers.indexOf(r.layer().getAsInt());
            int j = modules.indexOf(r.module());
            sum[i][j] += r.cosine();
            cnt[i][j]++;
        }
        for (int i = 0; i < sum.length; i++) {
            for (int j = 0; j < sum[i].length; j++) {
                sum[i][j] = cnt[i][j] == 0 ? Double.NaN : sum[i][j] / cnt[i][j];
            }
        }
        return sum;
    }

    /** Block indices that have rows, ascending. */
    public List<Integer> layers() {
        return List.copyOf(byLayer.keySet());
    }

    /** Module types of block tensors that have rows, in enum order. */
    public List<ModuleType> modules() {
        return rows.stream()
                .filter(r -> r.layer().isPresent())
                .map(TensorComparison::module)
                .distinct()
                .sorted()
                .toList();
    }

    /**
     * {@code OrthogonalityReport[SFT vs RL, 24 tensors: median |cos| 0.0120 (control SFT-2 0.310,
     * random 0.00041, expected 0.00040)]}.
     */
    @Override
    public String toString() {
        String ctl = controlLabel
                .map(c -> String.format(Locale.ROOT, "control %s %.4f, ", c, overall.controlMedianAbsCosine()))
                .orElse("");
        return String.format(
                Locale.ROOT,
                "OrthogonalityReport[%s vs %s, %d tensors: median |cos| %.4f (%srandom %.2g," + " expected %.2g)%s]",
                labelA,
                labelB,
                rows.size(),
                overall.medianAbsCosine(),
                ctl,
                overall.randomMedianAbsCosine(),
                overall.expectedRandomAbsCosine(),
                skipped.isEmpty() ? "" : "; " + skipped.size() + " skipped");
    }
}
