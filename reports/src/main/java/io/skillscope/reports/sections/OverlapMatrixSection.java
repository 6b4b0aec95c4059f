package io.skillscope.reports.sections;

import io.skillscope.analysis.overlap.OverlapMatrix;
import io.skillscope.reports.Charts;
import io.skillscope.reports.Format;
import io.skillscope.reports.HeatScale;
import io.skillscope.reports.Section;
import io.skillscope.reports.SectionFactory;
import java.util.List;
import java.util.Objects;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Presents an {@link OverlapMatrix}: headline numbers, heat maps of |M_i ∩ M_j| / |M_j| and Jaccard,
 * and a table of region sizes and overlaps.
 */
public final class OverlapMatrixSection implements SectionFactory<OverlapMatrix> {
    private final String heading;

    /** A section headed "Overlap of skill regions". */
    public OverlapMatrixSection() {
        this("Overlap of skill regions");
    }

    /** A section under a custom heading. */
    public OverlapMatrixSection(String heading) {
        this.heading = Objects.requireNonNull(heading, "heading");
    }

    @Override
    public Section from(OverlapMatrix m) {
        List<String> labels = m.labels();
        long[] sizes = m.sizes();
        double[][] asym = m.asymmetric();
        Section.Builder s = Section.builder(heading)
                .paragraph("Entry (i, j) is |M_i ∩ M_j| / |M_j|: the share of skill j's region that skill i's "
                        + "region also holds (Panigrahi et al., ICML 2023). The diagonal is 1. Jaccard "
                        + "|M_i ∩ M_j| / |M_i ∪ M_j| is symmetric.")
                .metric("skills", String.valueOf(labels.size()))
                .metric("mean off-diagonal overlap", Format.number(m.meanOffDiagonal()))
                .metric("smallest region", Format.number(min(sizes)))
                .metric("largest region", Format.number(max(sizes)))
                .chart(Charts.heatmap("|Mi ∩ Mj| / |Mj|", labels, labels, asym, HeatScale.FRACTION))
                .chart(Charts.heatmap("Jaccard", labels, labels, m.jaccard(), HeatScale.FRACTION));
        Table t =
                Table.create("overlap", StringColumn.create("skill", labels), LongColumn.create("region size", sizes));
        for (int j = 0; j < labels.size(); j++) {
            double[] col = new double[labels.size()];
            for (int i = 0; i < labels.size(); i++) {
                col[i] = asym[i][j];
            }
            t.addColumns(DoubleColumn.create("∩ / |" + labels.get(j) + "|", col));
        }
        return s.table("|M_row ∩ M_col| / |M_col|", t).build();
    }

    private static long min(long[] x) {
        long m = Long.MAX_VALUE;
        for (long v : x) {
            m = Math.min(m, v);
        }
        return m;
    }

    private static long max(long[] x) {
        long m = Long.MIN_VALUE;
        for (long v : x) {
            m = Math.max(m, v);
        }
        return m;
    }
}
