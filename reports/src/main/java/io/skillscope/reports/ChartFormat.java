package io.skillscope.reports;

/** How charts are embedded in a report file. */
public enum ChartFormat {
    /** Inline {@code <svg>} from XChart's VectorGraphicsEncoder: sharp, searchable, small. */
    SVG,
    /** A base64 {@code data:image/png} URI from XChart's BitmapEncoder, for viewers without SVG. */
    PNG
}
