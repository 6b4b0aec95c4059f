package io.skillscope.reports;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A self-contained HTML report: title, optional summary, a provenance block and sections. Charts are
 * inlined (SVG by default), the CSS is inline, and nothing is fetched from the network.
 *
 * <pre>{@code
 * Report.builder("Skill overlap").provenance(Map.of("seed", "42")).section(s).build().writeTo(path);
 * }</pre>
 */
public final class Report {
    private final String title;
    private final String summary;
    private final Map<String, String> provenance;
    private final List<Section> sections;
    private final ChartFormat chartFormat;

    private Report(Builder b) {
        this.title = b.title;
        this.summary = b.summary;
        this.provenance = Collections.unmodifiableMap(new LinkedHashMap<>(b.provenance));
        this.sections = List.copyOf(b.sections);
        this.chartFormat = b.chartFormat;
    }

    /** Starts a report with a title. */
    public static Builder builder(String title) {
        return new Builder(title);
    }

    /** The title. */
    public String title() {
        return title;
    }

    /** The one-paragraph summary (empty if none); index pages show it. */
    public String summary() {
        return summary;
    }

    /** Provenance entries in insertion order. */
    public Map<String, String> provenance() {
        return provenance;
    }

    /** The sections in order. */
    public List<Section> sections() {
        return sections;
    }

    /** The complete HTML document. */
    public String toHtml() {
        return HtmlRenderer.report(this, chartFormat);
    }

    /**
     * Writes the HTML atomically (temporary file in the target folder, then a rename), creating parent
     * folders.
     *
     * @return the absolute path written
     * @throws java.io.UncheckedIOException if the file cannot be written
     */
    public Path writeTo(Path file) {
        Objects.requireNonNull(file, "file");
        return PageFiles.writeString(file, toHtml());
    }

    /** {@code Report[Skill overlap: 3 sections, 5 provenance entries]}. */
    @Override
    public String toString() {
        return "Report[" + title + ": " + sections.size() + " sections, " + provenance.size() + " provenance entries]";
    }

    /** Collects a {@link Report}'s parts. */
    public static final class Builder {
        private final String title;
        private String summary = "";
        private final Map<String, String> provenance = new LinkedHashMap<>();
        private final List<Section> sections = new ArrayList<>();
        private ChartFormat chartFormat = ChartFormat.SVG;

        private Builder(String title) {
            this.title = Objects.requireNonNull(title, "title");
            if (title.isBlank()) {
                throw new IllegalArgumentException("report title must not be blank");
            }
        }

        /** A short summary shown under the title and on index pages. */
        public Builder summary(String text) {
            this.summary = Objects.requireNonNull(text, "summary");
            return this;
        }

        /** Adds provenance entries (model and data hashes, settings, seed, versions), in map order. */
        public Builder provenance(Map<String, String> entries) {
            entries.forEach(this::provenance);
            return this;
        }

        /** Adds one provenance entry. */
        public Builder provenance(String key, String value) {
            provenance.put(
                    Objects.requireNonNull(key, "provenance key"),
                    Objects.requireNonNull(value, () -> "provenance value for '" + key + "'"));
            return this;
        }

        /** Appends a section. */
        public Builder section(Section section) {
            sections.add(Objects.requireNonNull(section, "section"));
            return this;
        }

        /** Appends the section a factory makes from a result. */
        public <T> Builder section(SectionFactory<T> factory, T result) {
            return section(factory.from(result));
        }

        /** How charts are embedded (default {@link ChartFormat#SVG}). */
        public Builder chartFormat(ChartFormat format) {
            this.chartFormat = Objects.requireNonNull(format, "chartFormat");
            return this;
        }

        /** The report. */
        public Report build() {
            return new Report(this);
        }
    }
}
