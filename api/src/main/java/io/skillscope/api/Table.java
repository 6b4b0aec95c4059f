package io.skillscope.api;

import io.skillscope.reports.Format;
import io.skillscope.reports.Html;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A small immutable table for notebook cells: a title, named columns, rows of strings and numbers.
 * {@code toString()} prints an aligned text table (at most {@value #TEXT_ROWS} rows); {@link #toHtml()}
 * an escaped HTML table with numbers right-aligned and formatted by {@link Format#number(double)}.
 *
 * <pre>{@code
 * Table t = Table.builder("Accuracy", "skill", "correct", "n")
 *         .row("rev", 17, 20)
 *         .row("sort", 12, 20)
 *         .build();
 * Skillscope.show(t);
 * }</pre>
 */
public final class Table implements Rich {
    /** Rows printed by {@link #toString()}; the rest are counted. */
    public static final int TEXT_ROWS = 20;
    /** Rows rendered by {@link #toHtml()}; the rest are counted. */
    public static final int HTML_ROWS = 200;

    private final String title;
    private final List<String> columns;
    private final List<List<Object>> rows;

    private Table(String title, List<String> columns, List<List<Object>> rows) {
        this.title = Objects.requireNonNull(title, "title");
        this.columns = List.copyOf(columns);
        if (this.columns.isEmpty()) {
            throw new IllegalArgumentException("table '" + title + "' needs at least one column");
        }
        List<List<Object>> copy = new ArrayList<>(rows.size());
        for (int r = 0; r < rows.size(); r++) {
            List<Object> row = rows.get(r);
            if (row.size() != this.columns.size()) {
                throw new IllegalArgumentException("table '" + title + "' row " + r + " has " + row.size()
                        + " values but there are " + this.columns.size() + " columns " + this.columns);
            }
            copy.add(Collections.unmodifiableList(new ArrayList<>(row)));
        }
        this.rows = Collections.unmodifiableList(copy);
    }

    /** Starts a table with a title and column names. */
    public static Builder builder(String title, String... columns) {
        return new Builder(title, Arrays.asList(columns));
    }

    /** A table from ready rows; each row needs one value per column. */
    public static Table of(String title, List<String> columns, List<List<Object>> rows) {
        return new Table(title, columns, rows);
    }

    /** The title (may be empty). */
    public String title() {
        return title;
    }

    /** The column names. */
    public List<String> columns() {
        return columns;
    }

    /** The number of rows. */
    public int rowCount() {
        return rows.size();
    }

    /** One row's values, in column order. */
    public List<Object> row(int index) {
        return rows.get(index);
    }

    /** One cell. */
    public Object get(int row, String column) {
        return rows.get(row).get(index(column));
    }

    /**
     * A numeric column as doubles (for charts).
     *
     * @throws IllegalArgumentException if the column is unknown or holds a non-number
     */
    public double[] doubles(String column) {
        int c = index(column);
        double[] out = new double[rows.size()];
        for (int r = 0; r < out.length; r++) {
            Object v = rows.get(r).get(c);
            if (!(v instanceof Number n)) {
                throw new IllegalArgumentException("column '" + column + "' of table '" + title + "' holds "
                        + (v == null ? "null" : "\"" + v + "\"") + " in row " + r + ", not a number");
            }
            out[r] = n.doubleValue();
        }
        return out;
    }

    /** A column as strings (numbers formatted as in the table). */
    public List<String> strings(String column) {
        int c = index(column);
        List<String> out = new ArrayList<>(rows.size());
        for (List<Object> row : rows) {
            out.add(cell(row.get(c)));
        }
        return out;
    }

    private int index(String column) {
        int c = columns.indexOf(column);
        if (c < 0) {
            throw new IllegalArgumentException(
                    "table '" + title + "' has no column '" + column + "'; columns: " + columns);
        }
        return c;
    }

    static String cell(Object v) {
        if (v == null) {
            return "n/a";
        }
        if (v instanceof Double || v instanceof Float) {
            return Format.number(((Number) v).doubleValue());
        }
        return String.valueOf(v);
    }

    /** An escaped HTML table with a caption; numbers right-aligned; at most {@value #HTML_ROWS} rows. */
    @Override
    public String toHtml() {
        StringBuilder s = new StringBuilder("<table style=\"border-collapse:collapse;font:13px sans-serif\">");
        String caption = title + " (" + rows.size() + (rows.size() == 1 ? " row)" : " rows)");
        s.append("<caption style=\"text-align:left;font-weight:bold;padding:4px 0\">")
                .append(Html.escape(caption))
                .append("</caption><thead><tr>");
        boolean[] numeric = numericColumns();
        for (int c = 0; c < columns.size(); c++) {
            s.append("<th style=\"border-bottom:1px solid #888;padding:2px 8px;text-align:")
                    .append(numeric[c] ? "right" : "left")
                    .append("\">")
                    .append(Html.escape(columns.get(c)))
                    .append("</th>");
        }
        s.append("</tr></thead><tbody>");
        int shown = Math.min(rows.size(), HTML_ROWS);
        for (int r = 0; r < shown; r++) {
            s.append("<tr>");
            for (int c = 0; c < columns.size(); c++) {
                s.append("<td style=\"padding:2px 8px;text-align:")
                        .append(numeric[c] ? "right" : "left")
                        .append(numeric[c] ? "" : ";font-family:monospace")
                        .append("\">")
                        .append(Html.escape(cell(rows.get(r).get(c))))
                        .append("</td>");
            }
            s.append("</tr>");
        }
        if (shown < rows.size()) {
            s.append("<tr><td colspan=\"")
                    .append(columns.size())
                    .append("\" style=\"padding:2px 8px;color:#666\">… ")
                    .append(rows.size() - shown)
                    .append(" more rows</td></tr>");
        }
        return s.append("</tbody></table>").toString();
    }

    private boolean[] numericColumns() {
        boolean[] numeric = new boolean[columns.size()];
        for (int c = 0; c < numeric.length; c++) {
            boolean any = false;
            boolean all = true;
            for (List<Object> row : rows) {
                Object v = row.get(c);
                if (v != null) {
                    any = true;
                    all &= v instanceof Number;
                }
            }
            numeric[c] = any && all;
        }
        return numeric;
    }

    /** The title, the size, and an aligned text table of the first {@value #TEXT_ROWS} rows. */
    @Override
    public String toString() {
        int shown = Math.min(rows.size(), TEXT_ROWS);
        int[] width = new int[columns.size()];
        String[][] cells = new String[shown][columns.size()];
        for (int c = 0; c < width.length; c++) {
            width[c] = columns.get(c).length();
            for (int r = 0; r < shown; r++) {
                String v = cell(rows.get(r).get(c));
                cells[r][c] = v.length() > 40 ? v.substring(0, 39) + "…" : v;
                width[c] = Math.max(width[c], cells[r][c].length());
            }
        }
        boolean[] numeric = numericColumns();
        StringBuilder s = new StringBuilder();
        s.append(title.isEmpty() ? "Table" : title)
                .append(" (")
                .append(rows.size())
                .append(rows.size() == 1 ? " row" : " rows")
                .append(" × ")
                .append(columns.size())
                .append(columns.size() == 1 ? " column)\n" : " columns)\n");
        line(s, columns.toArray(new String[0]), width, numeric);
        for (int r = 0; r < shown; r++) {
            line(s, cells[r], width, numeric);
        }
        if (shown < rows.size()) {
            s.append("… ").append(rows.size() - shown).append(" more rows\n");
        }
        return s.toString().stripTrailing();
    }

    private static void line(StringBuilder s, String[] cells, int[] width, boolean[] right) {
        for (int c = 0; c < cells.length; c++) {
            String pad = " ".repeat(width[c] - cells[c].length());
            s.append(c == 0 ? "" : "  ")
                    .append(right[c] ? pad + cells[c] : cells[c] + (c == cells.length - 1 ? "" : pad));
        }
        s.append('\n');
    }

    /** Adds rows to a {@link Table}. */
    public static final class Builder {
        private final String title;
        private final List<String> columns;
        private final List<List<Object>> rows = new ArrayList<>();

        private Builder(String title, List<String> columns) {
            this.title = Objects.requireNonNull(title, "title");
            this.columns = List.copyOf(columns);
        }

        /**
         * Appends a row.
         *
         * @throws IllegalArgumentException if the number of values differs from the number of columns
         */
        public Builder row(Object... values) {
            if (values.length != columns.size()) {
                throw new IllegalArgumentException("table '" + title + "' row " + rows.size() + " has " + values.length
                        + " values but there are " + columns.size() + " columns " + columns);
            }
            rows.add(Arrays.asList(values.clone()));
            return this;
        }

        /** The table. */
        public Table build() {
            return new Table(title, columns, rows);
        }
    }
}
