package io.skillscope.reports.results;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Accuracy before and after one or more unlearning methods on the same forget and retain sets (Li, Sun,
 * Weng, NAACL 2025; docs/methods.md §2). Relative drop = 1 − after / before; detection = the share of test
 * queries a method refused (Key Space Detection; 0 for methods that never refuse).
 *
 * @param forgetSet name of the set to forget
 * @param runs      one entry per method, in the order run
 */
public record UnlearningResults(String forgetSet, List<Run> runs) {

    /** Whether a set was to be forgotten or kept. */
    public enum Role {
        /** The skill to remove. */
        FORGET,
        /** A skill to keep. */
        RETAIN;

        /** {@code forget} or {@code retain}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One set's scores under one method.
     *
     * @param name      set name
     * @param role      forget or retain
     * @param n         test queries
     * @param before    exact-match accuracy without the method
     * @param after     exact-match accuracy with the method
     * @param detection share of queries refused
     */
    public record SetScore(String name, Role role, int n, double before, double after, double detection) {
        /** Validates the name, role and count. */
        public SetScore {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(role, "role");
            if (n < 1) {
                throw new IllegalArgumentException("set " + name + " needs at least one test query, got " + n);
            }
        }

        /** 1 − after / before; NaN when the model never got the set right before. */
        public double relativeDrop() {
            return before > 0 ? 1 - after / before : Double.NaN;
        }
    }

    /**
     * One method's outcome.
     *
     * @param label   how reports name it, e.g. {@code NA 1.5%}
     * @param method  the method's short name: {@code na}, {@code ksd}, {@code prune}
     * @param details settings and fitted numbers worth showing (KSD's chosen {@code h}, NA's threshold)
     * @param sets    the forget set first, then the retain sets
     */
    public record Run(String label, String method, Map<String, String> details, List<SetScore> sets) {
        /** Validates that the first set is the only forget set. */
        public Run {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(method, "method");
            details = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(details));
            sets = List.copyOf(sets);
            if (sets.isEmpty()
                    || sets.get(0).role() != Role.FORGET
                    || sets.stream().filter(s -> s.role() == Role.FORGET).count() != 1) {
                throw new IllegalArgumentException("run " + label + ": the first set must be the only forget set, got "
                        + sets.stream()
                                .map(s -> s.name() + "/" + s.role().label())
                                .toList());
            }
        }

        /** The forget set's scores. */
        public SetScore forget() {
            return sets.get(0);
        }

        /** The retain sets' scores. */
        public List<SetScore> retain() {
            return sets.subList(1, sets.size());
        }

        /** The largest relative drop over the retain sets (NaN if none is defined). */
        public double worstRetainDrop() {
            return retain().stream()
                    .mapToDouble(SetScore::relativeDrop)
                    .filter(d -> !Double.isNaN(d))
                    .max()
                    .orElse(Double.NaN);
        }
    }

    /** Validates and copies the parts. */
    public UnlearningResults {
        Objects.requireNonNull(forgetSet, "forgetSet");
        runs = List.copyOf(runs);
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("unlearning results need at least one run");
        }
    }

    /** {@code UnlearningResults[forget arithmetic: NA 1.5% drop 17.7%, KSD drop 82.3%]}. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("UnlearningResults[forget " + forgetSet + ":");
        for (Run r : runs) {
            s.append(String.format(
                    Locale.ROOT, " %s drop %.1f%%,", r.label(), 100 * r.forget().relativeDrop()));
        }
        s.setLength(s.length() - 1);
        return s.append(']').toString();
    }
}
