package io.skillscope.core.config;

/**
 * GPT-NeoX's own settings (Black et al., 2022; Pythia, Biderman et al., 2023; Hugging Face
 * {@code GPTNeoXConfig}), read from {@code config.json} and consumed by the GPT-NeoX adapter.
 *
 * <p>Rotary embedding touches only the first {@code R = (int) (headDim · rotaryPct)} dimensions of
 * each head (rotate-half within those R, frequencies θ^(−2i/R)); the other {@code headDim − R} pass
 * through unchanged. Pythia uses rotaryPct 0.25.
 *
 * @param rotaryPct {@code rotary_pct} (or {@code partial_rotary_factor}), in (0, 1]
 * @param parallelResidual {@code use_parallel_residual}: out = x + attn(ln1 x) + mlp(ln2 x) when true,
 *     mid = x + attn(ln1 x), out = mid + mlp(ln2 mid) when false
 */
public record NeoXOptions(double rotaryPct, boolean parallelResidual) implements FamilyOptions {
    /** Validates rotaryPct. */
    public NeoXOptions {
        if (!(rotaryPct > 0) || rotaryPct > 1) {
            throw new ConfigException("NeoXOptions: rotary_pct must be in (0, 1], got " + rotaryPct);
        }
    }

    /**
     * The rotary width of a head, {@code (int) (headDim · rotaryPct)} as {@code transformers} computes it.
     *
     * @param headDim the head width
     * @return the number of leading head dimensions that rotate
     */
    public int rotaryDims(int headDim) {
        return (int) (headDim * rotaryPct);
    }
}
