package io.skillscope.api;

/**
 * A result a notebook can show as HTML: tables, charts, cached runs. {@link Skillscope#show(Object...)}
 * displays it inline in the rapaio Java kernel; its {@code toString()} stays the short text summary.
 */
public interface Rich {
    /** An HTML fragment (no {@code <html>} or {@code <body>}), self-contained: no scripts, no external files. */
    String toHtml();
}
