package io.skillscope.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HtmlTest {
    @Test
    void escapesTheFiveSpecialCharacters() {
        assertEquals(
                "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;",
                Html.escape("<script>alert('x')</script>&\""));
        assertEquals("plain text – ü", Html.escape("plain text – ü"));
        assertEquals("", Html.escape(null));
    }

    @Test
    void formatsNumbersForPeople() {
        assertEquals("8500", Format.number(8500));
        assertEquals("0.9612", Format.number(0.961234));
        assertEquals("12.35", Format.number(12.3456));
        assertEquals("3.142e-05", Format.number(3.14159e-5));
        assertEquals("n/a", Format.number(Double.NaN));
        assertEquals("1.23%", Format.percent(0.0123));
    }
}
