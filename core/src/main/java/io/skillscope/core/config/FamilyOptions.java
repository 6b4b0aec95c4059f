package io.skillscope.core.config;

/**
 * What one model family needs beyond the fields every family shares in {@link ModelConfig}: one record
 * per family that has such settings, read from {@code config.json} by the family's reader and consumed
 * by its adapter. Families without any use {@link #NONE}.
 */
public sealed interface FamilyOptions permits FamilyOptions.None, Gemma2Options {
    /** No family-specific settings. */
    None NONE = new None();

    /** The options of a family that needs none. */
    record None() implements FamilyOptions {}
}
