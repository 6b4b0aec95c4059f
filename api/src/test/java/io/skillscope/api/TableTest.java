package io.skillscope.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TableTest {
    private static Table sample() {
        return Table.builder("Tokens", "token", "id", "p")
                .row("<bos>", 1, 0.5)
                .row("a", 69, 0.123456)
                .build();
    }

    @Test
    void textIsAlignedWithNumbersRightAligned() {
        String[] lines = sample().toString().split("\n");
        assertEquals("Tokens (2 rows × 3 columns)", lines[0]);
        assertEquals("token  id       p", lines[1]);
        assertEquals("<bos>   1     0.5", lines[2]);
        assertEquals("a      69  0.1235", lines[3]);
    }

    @Test
    void textShowsTwentyRowsAndCountsTheRest() {
        Table.Builder b = Table.builder("n", "i");
        for (int i = 0; i < 23; i++) {
            b.row(i);
        }
        String text = b.build().toString();
        assertEquals(1 + 1 + Table.TEXT_ROWS + 1, text.split("\n").length);
        assertTrue(text.endsWith("… 3 more rows"), text);
    }

    @Test
    void htmlEscapesTextAndRightAlignsNumericColumns() {
        String html = sample().toHtml();
        assertTrue(html.contains(">&lt;bos&gt;</td>"), html);
        assertTrue(!html.contains("<bos>"), html);
        assertTrue(html.contains("text-align:right\">69</td>"), html);
        assertTrue(html.contains("text-align:right\">0.1235</td>"), html);
        assertTrue(html.contains("<caption") && html.contains("Tokens (2 rows)"), html);
    }

    @Test
    void columnsComeBackAsNumbersAndStrings() {
        Table t = sample();
        assertArrayEquals(new double[] {1, 69}, t.doubles("id"));
        assertEquals(List.of("0.5", "0.1235"), t.strings("p"));
        assertEquals(69, t.get(1, "id"));
    }

    @Test
    void errorsNameTheTableColumnAndValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sample().doubles("token"));
        assertTrue(e.getMessage().contains("'token'") && e.getMessage().contains("\"<bos>\""), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> sample().doubles("nope"));
        assertTrue(e.getMessage().contains("[token, id, p]"), e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> Table.builder("t", "a", "b").row(1));
        assertTrue(e.getMessage().contains("1 values but there are 2 columns"), e.getMessage());
    }
}
