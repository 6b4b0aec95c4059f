package io.skillscope.demo;

import java.util.Arrays;
import java.util.Optional;

/**
 * The {@code kind} of an artifact's {@code result.json}: what the file holds, and so how
 * {@link ArtifactReports} renders it. The first four are the demo's step folders ({@link StepArtifact}: a
 * {@code result} object under a common envelope); the others are the folders the commands write, each in
 * its command's own format ({@link CommandArtifacts} reads them): {@code skillscope probe}, {@code unlearn},
 * {@code localize}, {@code train} (its {@code recipe.json}), {@code eval --out}, {@code merge},
 * {@code overlap} and {@code forward}.
 */
public enum ResultKind {
    /** Per-neuron statistics of two datasets and their differences. */
    PROBE_COMPARISON("probe-comparison"),
    /** Accuracy before and after unlearning methods. */
    UNLEARNING("unlearning"),
    /** Grafting masks over a sparsity sweep, with calibration. */
    LOCALIZATION_SWEEP("localization-sweep"),
    /** Orthogonality of weight updates, with the training runs behind them. */
    ORTHOGONALITY("orthogonality"),
    /** {@code skillscope probe}: datasets, and the comparison of the first two (top neurons, per-layer counts). */
    PROBE("probe", true),
    /** {@code skillscope unlearn}: one method's accuracy before and after per set, detection, settings. */
    UNLEARNING_RUN("unlearning-run", true),
    /** {@code skillscope localize}: one mask folder, or a sweep's points and its chosen point. */
    LOCALIZATION("localization", true),
    /** {@code skillscope train}: the recipe and the run's provenance (final loss, tokens, rewards). */
    TRAINING("training", true),
    /** {@code skillscope eval --out}: exact-match accuracy per skill. */
    EVALUATION("evaluation", true),
    /** {@code skillscope merge}: the operation, its inputs and how far every tensor moved from the base. */
    MERGE("merge", true),
    /** {@code skillscope overlap}: the overlap matrix and Jaccard of several skills' regions. */
    OVERLAP("overlap", true),
    /** {@code skillscope forward}: the token ids and the arrays written, with their shapes. */
    FORWARD("forward", true);

    private final String wire;
    private final boolean command;

    ResultKind(String wire) {
        this(wire, false);
    }

    ResultKind(String wire, boolean command) {
        this.wire = wire;
        this.command = command;
    }

    /** Whether a command writes this kind, in its own format (else a demo step folder). */
    public boolean command() {
        return command;
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
