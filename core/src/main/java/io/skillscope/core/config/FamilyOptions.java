package io.skillscope.core.config;

/**
 * What one model family needs beyond the fields every family shares in {@link ModelConfig}: one record
 * per family that has such settings, read from {@code config.json} by the family's reader and consumed
 * by its adapter. Families without any use {@link #NONE}.
 */
public sealed interface FamilyOptions permits FamilyOptions.None, Gemma2Options, NeoXOptions {
    /** No family-specific settings. */
    None NONE = new None();

    /**
     * Whether each block adds attention and MLP to the same input, x + attn(ln1 x) + mlp(ln2 x)
     * (GPT-NeoX's {@code use_parallel_residual}), instead of x + attn(ln1 x) feeding the MLP. Such
     * blocks have no {@code hook_resid_mid}.
     *
     * @return false unless the family's options say so
     */
    default boolean parallelResidual() {
        return false;
    }

    /** The options of a family that needs none. */
    record None() implements FamilyOptions {}
}
