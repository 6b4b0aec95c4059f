package io.skillscope.core.model;

import java.util.Arrays;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A parameter a model architecture needs: its canonical Hugging Face name, its shape as stored in the
 * checkpoint, how a fresh model initialises it, and its {@link Role} (block, module kind, region). Only
 * the architecture adapters make these; everything that asks which layer or module a tensor belongs to
 * asks them ({@link Architectures#role(String)}), never the name.
 */
public record ParamSpec(String name, long[] shape, Init init, Role role) {
    /** Initialisation of a fresh parameter. */
    public enum Init {
        /** N(0, 0.02²), GPT-2's and Llama's default for matrices and embeddings. */
        NORMAL,
        /** N(0, (0.02/√(2L))²), GPT-2's scaled init for projections into the residual stream. */
        NORMAL_RESIDUAL,
        /** All zeros (biases). */
        ZEROS,
        /** All ones (norm gains). */
        ONES
    }

    /** Where a parameter sits in the transformer. */
    public enum Region {
        /** Inside a transformer block (attention, MLP, the block's norms, their biases). */
        BLOCKS,
        /** Token embeddings. */
        EMBEDDINGS,
        /** Learned position embeddings. */
        POSITIONS,
        /** The norm after the last block. */
        FINAL_NORM,
        /** An untied unembedding. */
        HEAD
    }

    /**
     * What a parameter is: its block (none outside the blocks), module kind and region.
     *
     * @param layer the block index; empty exactly when {@code region} is not {@link Region#BLOCKS}
     * @param kind the module
     * @param region the region
     */
    public record Role(OptionalInt layer, ModuleKind kind, Region region) {
        /** Validates that a layer is given exactly for block parameters. */
        public Role {
            Objects.requireNonNull(layer, "layer");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(region, "region");
            if (layer.isPresent() != (region == Region.BLOCKS)) {
                throw new IllegalArgumentException("Role: layer " + layer + " does not fit region " + region);
            }
            if (layer.isPresent() && layer.getAsInt() < 0) {
                throw new IllegalArgumentException("Role: layer must be >= 0, got " + layer.getAsInt());
            }
        }

        /** A parameter of block {@code layer}. */
        public static Role block(int layer, ModuleKind kind) {
            return new Role(OptionalInt.of(layer), kind, Region.BLOCKS);
        }

        /** A parameter outside the blocks. */
        public static Role global(ModuleKind kind, Region region) {
            return new Role(OptionalInt.empty(), kind, region);
        }
    }

    public ParamSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(init, "init");
        Objects.requireNonNull(role, "role");
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** The block index; empty for embeddings, the final norm and the head. */
    public OptionalInt layer() {
        return role.layer();
    }

    /** The module kind. */
    public ModuleKind kind() {
        return role.kind();
    }

    /** The region. */
    public Region region() {
        return role.region();
    }

    /** Number of elements. */
    public long numel() {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        return n;
    }

    /** Whether weight decay should skip this parameter (biases and norm gains: every 1-D tensor). */
    public boolean noDecay() {
        return shape.length < 2;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ParamSpec p
                && p.name.equals(name)
                && Arrays.equals(p.shape, shape)
                && p.init == init
                && p.role.equals(role);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape);
    }
}
