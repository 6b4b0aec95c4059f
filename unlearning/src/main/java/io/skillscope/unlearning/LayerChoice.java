package io.skillscope.unlearning;

/**
 * Which block Key Space Detection reads: a fixed block, the last block, or the block (and whether
 * generated tokens are checked) chosen on the dev queries by {@link KsdCalibrator#best}.
 *
 * <p>In {@code result.json} (the {@code settings.layer} field of a detector's artifact) a choice is
 * written as one integer, its {@link #code()}: the block index, −1 for {@link Last}, −2 for
 * {@link ChosenOnDev}. {@link #ofCode} reads it back.
 */
public sealed interface LayerChoice {
    /** The last block. */
    LayerChoice LAST = new Last();
    /** Every block fitted, the best calibration objective on the dev queries kept. */
    LayerChoice CHOSEN_ON_DEV = new ChosenOnDev();

    /**
     * One block.
     *
     * @param layer the block index, &gt;= 0
     */
    record Fixed(int layer) implements LayerChoice {
        public Fixed {
            if (layer < 0) {
                throw new IllegalArgumentException("LayerChoice.Fixed.layer must be >= 0, got " + layer);
            }
        }

        @Override
        public int code() {
            return layer;
        }
    }

    /** The last block of the model. */
    record Last() implements LayerChoice {
        @Override
        public int code() {
            return -1;
        }
    }

    /** Every block, with the prompt-only and every-token checks, the best objective on the dev queries kept. */
    record ChosenOnDev() implements LayerChoice {
        @Override
        public int code() {
            return -2;
        }
    }

    /** The integer written in artifacts: the block index, −1 for the last, −2 for chosen on dev. */
    int code();

    /** The choice an integer of {@link #code()} stands for. */
    static LayerChoice ofCode(int code) {
        return switch (code) {
            case -1 -> LAST;
            case -2 -> CHOSEN_ON_DEV;
            default -> {
                if (code < 0) {
                    throw new IllegalArgumentException("layer must be >= -2 (-1 last, -2 chosen on dev), got " + code);
                }
                yield new Fixed(code);
            }
        };
    }

    /** A block index given explicitly. */
    static LayerChoice block(int layer) {
        return new Fixed(layer);
    }
}
