package io.skillscope.reports;

import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Renders a Tablesaw table as an escaped HTML table. Numbers go through {@link Format#number(double)};
 * missing values show as "n/a". Numeric columns are right-aligned.
 */
final class TableRenderer {
    private TableRenderer() {}

    static String render(String caption, Table table) {
        StringBuilder s = new StringBuilder("<div class=\"table-wrap\"><table>\n");
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
