package io.skillscope.reports.results;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A weight-space operation (a merge, a graft, a stitch, a skill-vector injection) and how far it moved
 * each tensor from its base.
 *
 * @param operation what was done, e.g. {@code ties}
 * @param settings the operation's settings, as shown
 * @param inputs every input checkpoint with its SHA-256
 * @param rows one per tensor
 */
public record WeightChanges(
        String operation, Map<String, String> settings, Map<String, String> inputs, List<Row> rows) {
    /**
     * One tensor.
     *
     * @param name the tensor
     * @param group where it sits, e.g. {@code mlp} or {@code attention} (a chart bar per group)
     * @param numel entries
     * @param changed entries that differ from the base
     * @param relativeChange ‖θ − θ_base‖₂ / ‖θ_base‖₂
     */
    public record Row(String name, String group, long numel, long changed, double relativeChange) {
        /** Validates the counts. */
        public Row {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(group, "group");
            if (numel < 0 || changed < 0 || changed > numel) {
                throw new IllegalArgumentException(
                        name + ": need 0 <= changed <= numel, got " + changed + " of " + numel);
            }
        }
    }

    /** Copies the parts. */
    public WeightChanges {
        Objects.requireNonNull(operation, "operation");
        settings = Map.copyOf(settings);
        inputs = Map.copyOf(inputs);
        rows = List.copyOf(rows);
    }
}
