package io.skillscope.demo;

import java.util.Arrays;
import java.util.Optional;

/** The {@code kind} of a step artifact's {@code result.json}: what its {@code result} object holds. */
public enum ResultKind {
    /** Per-neuron statistics of two datasets and their differences. */
    PROBE_COMPARISON("probe-comparison"),
    /** Accuracy before and after unlearning methods. */
    UNLEARNING("unlearning"),
    /** Grafting masks over a sparsity sweep, with calibration. */
    LOCALIZATION_SWEEP("localization-sweep"),
    /** Orthogonality of weight updates, with the training runs behind them. */
    ORTHOGONALITY("orthogonality");

    private final String wire;

    ResultKind(String wire) {
        this.wire = wire;
    }

    /** The value written in {@code result.json}. */
    public String wire() {
        return wire;
    }

    /** The kind written as {@code value}, if it is one. */
    public static Optional<ResultKind> fromWire(String value) {
        return Arrays.stream(values()).filter(k -> k.wire.equals(value)).findFirst();
    }

    /** The wire values, for error messages. */
    public static String known() {
        return String.join(", ", Arrays.stream(values()).map(ResultKind::wire).toList());
    }
}
