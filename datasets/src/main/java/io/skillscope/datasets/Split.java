package io.skillscope.datasets;

import java.util.Locale;

/** One part of a data set: training, development (model selection) or test (final report). */
public enum Split {
    /** The training part. */
    TRAIN,
    /** The development part, for model selection and calibration. */
    DEV,
    /** The test part, for the reported numbers. */
    TEST;

    /** The lowercase name used in file names and JSON: {@code train}, {@code dev}, {@code test}. */
    public String fileName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
