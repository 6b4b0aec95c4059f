package io.skillscope.localization;

import java.util.Locale;

/**
 * What the target sparsity k / N means for a learned mask. The optimizer starts from the base patch of
 * k = round(target · N) entries, and its steps may add entries (and drop some), so the rounded mask of a
 * step can hold more than k.
 */
public enum SparsityBudget {
    /**
     * The target is a budget (the default): each step's rounded mask is cut to at most k entries before it
     * is scored, keeping the k entries whose γ(S) is farthest past the rounding threshold
     * ({@link MaskParametrization#margin}); ties go to the larger |Δ|, then to the earlier tensor, then to
     * the lower index. The uncapped size of the kept step's mask is recorded beside it.
     */
    CAP,
    /**
     * The target sizes only the base patch: the rounded mask is kept as learned, however large, and the
     * command says when it exceeds the target (the behaviour before budgets existed).
     */
    LEARNED;

    /** {@code cap} or {@code learned}, as the command line and {@code result.json} write it. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses {@code cap} or {@code learned} (any case).
     *
     * @param s the word
     * @return the budget
     * @throws LocalizationException naming the value when it is neither
     */
    public static SparsityBudget parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new LocalizationException("unknown sparsity budget '" + s + "'; use cap or learned");
        }
    }
}
