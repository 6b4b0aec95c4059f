package io.skillscope.reports;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An {@code index.html} that links several report files, each with a short summary.
 *
 * <pre>{@code
 * IndexPage.builder("skillscope demo")
 *         .entry(overlapReport, "overlap.html")
 *         .entry("Calibration", "calibration.html", "ECE of pre, ft and graft")
 *         .build().writeTo(out.resolve("index.html"));
 * }</pre>
 */
public final class IndexPage {
    /**
     * One link: a title, a relative href and a summary.
     *
     * @param title   link text
     * @param href    a relative path such as {@code overlap.html}; schemes ({@code http:}, {@code javascript:})
     *                and absolute paths are refused so the index stays offline and safe
     * @param summary one or two sentences (may be empty)
     */
    public record Entry(String title, String href, String summary) {
        /** Validates that href is a relative path. */
        public Entry {
            Objects.requireNonNull(title, "title");
            Objects.requireNonNull(href, "href");
            Objects.requireNonNull(summary, "summary");
            int colon = href.indexOf(':');
            int slash = href.indexOf('/');
            if (href.isBlank()
                    || href.startsWith("/")
                    || href.startsWith("\\")
                    || (colon >= 0 && (slash < 0 || colon < slash))) {
                throw new IllegalArgumentException("index link must be a relative path, got '" + href + "'");
            }
        }
    }

    private final String title;
    private final String summary;
    private final List<Entry> entries;

    private IndexPage(String title, String summary, List<Entry> entries) {
        this.title = title;
        this.summary = summary;
        this.entries = List.copyOf(entries);
    }

    /** Starts an index page. */
    public static Builder builder(String title) {
        return new Builder(title);
    }

    /** The links in order. */
    public List<Entry> entries() {
        return entries;
    }

    /** The complete HTML document. */
    public String toHtml() {
        StringBuilder s = new StringBuilder(8 * 1024);
        HtmlRenderer.open(s, title);
        if (!summary.isEmpty()) {
            s.append("<p class=\"summary\">").append(Html.escape(summary)).append("</p>\n");
        }
        s.append("<ul class=\"index\">\n");
        for (Entry e : entries) {
            s.append("<li><a href=\"")
                    .append(Html.escape(e.href()))
                    .append("\">")
                    .append(Html.escape(e.title()))
                    .append("</a>");
            if (!e.summary().isEmpty()) {
                s.append("<p>").append(Html.escape(e.summary())).append("</p>");
            }
            s.append("</li>\n");
        }
        s.append("</ul>\n");
        return HtmlRenderer.close(s);
    }

    /** Writes the page atomically, creating parent folders; returns the absolute path. */
    public Path writeTo(Path file) {
        return PageFiles.writeString(Objects.requireNonNull(file, "file"), toHtml());
    }

    /** {@code IndexPage[skillscope demo: 3 reports]}. */
    @Override
    public String toString() {
        return "IndexPage[" + title + ": " + entries.size() + " reports]";
    }

    /** Collects an {@link IndexPage}'s links. */
    public static final class Builder {
        private final String title;
        private String summary = "";
        private final List<Entry> entries = new ArrayList<>();

        private Builder(String title) {
            this.title = Objects.requireNonNull(title, "title");
        }

        /** A line under the title. */
        public Builder summary(String text) {
            this.summary = Objects.requireNonNull(text, "summary");
            return this;
        }

        /** A link with its own title and summary. */
        public Builder entry(String title, String href, String summary) {
            entries.add(new Entry(title, href, summary));
            return this;
        }

        /** A link to a report file, with the report's title and summary. */
        public Builder entry(Report report, String href) {
            return entry(report.title(), href, report.summary());
        }

        /** The page. */
        public IndexPage build() {
            return new IndexPage(title, summary, entries);
        }
    }
}
