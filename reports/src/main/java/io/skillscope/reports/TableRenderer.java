package io.skillscope.reports;

import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Renders a Tablesaw table as an escaped HTML table. Numbers go through {@link Format#number(double)};
 * missing values show as "n/a". Numeric columns are right-aligned; header and text cells wrap, numbers do
 * not.
 */
final class TableRenderer {
    /** Tables with more columns than this are set in a smaller font with tighter padding. */
    static final int DENSE_COLUMNS = 10;

    private TableRenderer() {}

    static String render(String caption, Table table) {
        // Past ten columns the table is set tighter so that it fits the page and wraps rather than scrolls.
        StringBuilder s = new StringBuilder(
                table.columnCount() > DENSE_COLUMNS
                        ? "<div class=\"table-wrap\"><table class=\"dense\">\n"
                        : "<div class=\"table-wrap\"><table>\n");
        if (!caption.isEmpty()) {
            s.append("<caption>").append(Html.escape(caption)).append("</caption>\n");
        }
        s.append("<thead><tr>");
        for (Column<?> c : table.columns()) {
            s.append(!(c instanceof NumericColumn) ? "<th>" : "<th class=\"num\">")
                    .append(Html.escape(c.name()))
                    .append("</th>");
        }
        s.append("</tr></thead>\n<tbody>\n");
        for (int r = 0; r < table.rowCount(); r++) {
            s.append("<tr>");
            for (Column<?> c : table.columns()) {
                boolean text = !(c instanceof NumericColumn);
                s.append(text ? "<td>" : "<td class=\"num\">")
                        .append(Html.escape(cell(c, r)))
                        .append("</td>");
            }
            s.append("</tr>\n");
        }
        return s.append("</tbody></table></div>\n").toString();
    }

    private static String cell(Column<?> c, int row) {
        if (c.isMissing(row)) {
            return "n/a";
        }
        Object v = c.get(row);
        if (v instanceof Double || v instanceof Float) {
            return Format.number(((Number) v).doubleValue());
        }
        return String.valueOf(v);
    }
}
