package io.skillscope.analysis.overlap;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * Pairwise overlap of many skills' regions, as in the grafting paper's multi-task figure: entry (i, j)
 * of {@link #asymmetric()} is |M_i ∩ M_j| / |M_j| (Panigrahi et al., ICML 2023), of {@link #jaccard()}
 * the Jaccard index.
 *
 * <p>Build with {@link #ofMasks(Map)} or {@link #ofNeurons(Map)}; the map's iteration order gives the
 * row and column order (use a {@link LinkedHashMap}).
 */
public final class OverlapMatrix {
    private final List<String> labels;
    private final OverlapResult[][] cells;

    private OverlapMatrix(List<String> labels, OverlapResult[][] cells) {
        this.labels = List.copyOf(labels);
        this.cells = cells;
    }

    /** Overlap matrix of parameter masks (skill label → mask). */
    public static OverlapMatrix ofMasks(Map<String, ParameterMask> masks) {
        return build(masks, Overlap::of);
    }

    /** Overlap matrix of neuron sets (skill label → neurons). */
    public static OverlapMatrix ofNeurons(Map<String, NeuronSet> sets) {
        return build(sets, Overlap::of);
    }

    /**
     * The matrix of counts computed before, e.g. read back from a {@code result.json}: {@code cells[i][j]}
     * is the overlap of skill i (as A) with skill j (as B).
     *
     * @throws IllegalArgumentException when {@code cells} is not square of the labels' size, or a cell's
     *     sizes disagree with the diagonal
     */
    public static OverlapMatrix of(List<String> labels, OverlapResult[][] cells) {
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(cells, "cells");
        int k = labels.size();
        if (k == 0 || cells.length != k) {
            throw new IllegalArgumentException(
                    "overlap matrix of " + k + " labels needs " + k + " rows of cells, got " + cells.length);
        }
        OverlapResult[][] copy = new OverlapResult[k][];
        for (int i = 0; i < k; i++) {
            if (cells[i] == null || cells[i].length != k) {
                throw new IllegalArgumentException("row " + i + " of the overlap matrix needs " + k + " cells");
            }
            copy[i] = cells[i].clone();
            for (int j = 0; j < k; j++) {
                Objects.requireNonNull(copy[i][j], () -> "overlap cell missing");
            }
        }
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                if (copy[i][j].sizeA() != copy[i][i].sizeA() || copy[i][j].sizeB() != copy[j][j].sizeA()) {
                    throw new IllegalArgumentException("overlap cell (" + labels.get(i) + ", " + labels.get(j)
                            + ") has sizes " + copy[i][j].sizeA() + ", " + copy[i][j].sizeB()
                            + " but the regions have " + copy[i][i].sizeA() + ", " + copy[j][j].sizeA());
                }
            }
        }
        return new OverlapMatrix(labels, copy);
    }

    private static <T> OverlapMatrix build(Map<String, T> sets, BiFunction<T, T, OverlapResult> overlap) {
        Objects.requireNonNull(sets, "sets");
        if (sets.isEmpty()) {
            throw new IllegalArgumentException("overlap matrix needs at least one set, got none");
        }
        List<String> labels = new ArrayList<>(sets.keySet());
        List<T> values = new ArrayList<>(sets.values());
        int k = labels.size();
        OverlapResult[][] cells = new OverlapResult[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                cells[i][j] = overlap.apply(Objects.requireNonNull(values.get(i), labels.get(i)), values.get(j));
            }
        }
        return new OverlapMatrix(labels, cells);
    }

    /** Row and column labels, in order. */
    public List<String> labels() {
        return labels;
    }

    /** Number of skills. */
    public int size() {
        return labels.size();
    }

    /** The overlap of skill i (as A) with skill j (as B). */
    public OverlapResult get(int i, int j) {
        return cells[i][j];
    }

    /** Region size of each skill, |M_i|. */
    public long[] sizes() {
        long[] s = new long[labels.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = cells[i][i].sizeA();
        }
        return s;
    }

    /** Matrix of |M_i ∩ M_j| / |M_j| (NaN where M_j is empty). */
    public double[][] asymmetric() {
        return map(OverlapResult::asymmetric);
    }

    /** Matrix of Jaccard indices |M_i ∩ M_j| / |M_i ∪ M_j|. */
    public double[][] jaccard() {
        return map(OverlapResult::jaccard);
    }

    /** Matrix of intersection counts |M_i ∩ M_j|. */
    public long[][] intersections() {
        long[][] out = new long[cells.length][cells.length];
        for (int i = 0; i < cells.length; i++) {
            for (int j = 0; j < cells.length; j++) {
                out[i][j] = cells[i][j].intersection();
            }
        }
        return out;
    }

    /** Mean of the off-diagonal asymmetric overlaps (NaN for a single skill or when all are NaN). */
    public double meanOffDiagonal() {
        double sum = 0;
        int n = 0;
        for (int i = 0; i < cells.length; i++) {
            for (int j = 0; j < cells.length; j++) {
                double v = cells[i][j].asymmetric();
                if (i != j && !Double.isNaN(v)) {
                    sum += v;
                    n++;
                }
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    private double[][] map(java.util.function.ToDoubleFunction<OverlapResult> f) {
        double[][] out = new double[cells.length][cells.length];
        for (int i = 0; i < cells.length; i++) {
            for (int j = 0; j < cells.length; j++) {
                out[i][j] = f.applyAsDouble(cells[i][j]);
            }
        }
        return out;
    }

    /** {@code OverlapMatrix[3 skills: sst2 (8,500), mnli (8,512), qqp (8,490); mean off-diagonal |Mi∩Mj|/|Mj| 0.041]}. */
    @Override
    public String toString() {
        StringBuilder s =
                new StringBuilder("OverlapMatrix[").append(labels.size()).append(" skills");
        long[] sizes = sizes();
        if (labels.size() <= 10) {
            String sep = ": ";
            for (int i = 0; i < labels.size(); i++) {
                s.append(sep).append(labels.get(i)).append(String.format(Locale.ROOT, " (%,d)", sizes[i]));
                sep = ", ";
            }
        } else {
            s.append(": ").append(String.join(", ", labels.subList(0, 5))).append(", ...");
        }
        return s.append(String.format(Locale.ROOT, "; mean off-diagonal |Mi∩Mj|/|Mj| %.3f]", meanOffDiagonal()))
                .toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OverlapMatrix m && m.labels.equals(labels) && Arrays.deepEquals(m.cells, cells);
    }

    @Override
    public int hashCode() {
        return 31 * labels.hashCode() + Arrays.deepHashCode(cells);
    }
}
