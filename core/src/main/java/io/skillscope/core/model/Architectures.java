package io.skillscope.core.model;

import com.google.gson.JsonObject;
import io.skillscope.core.config.Architecture;
import io.skillscope.core.config.ModelConfig;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What the architecture adapters declare, for code outside this package: a config's parameters, their
 * count, the role of a tensor name, the family's Hugging Face config keys. Callers never parse tensor
 * names themselves; a new family is one new adapter.
 */
public final class Architectures {
    /** One adapter per naming scheme (families sharing an adapter share its names), in enum order. */
    private static final List<ArchitectureAdapter> NAMING_SCHEMES = Arrays.stream(Architecture.values())
            .map(ArchitectureAdapter::of)
            .filter(distinctClass())
            .toList();

    private Architectures() {}

    private static Predicate<ArchitectureAdapter> distinctClass() {
        Set<Class<?>> seen = new HashSet<>();
        return a -> seen.add(a.getClass());
    }

    /**
     * Every parameter of a model with this config, in canonical names, in the adapter's fixed order.
     *
     * @param config the model config
     * @return the specs, with shapes, inits and roles
     */
    public static List<ParamSpec> parameters(ModelConfig config) {
        return ArchitectureAdapter.of(config.architecture()).parameters(config);
    }

    /**
     * The number of trainable parameters: the sum of {@link ParamSpec#numel()} over
     * {@link #parameters(ModelConfig)} (tied embeddings once, buffers not counted).
     *
     * @param config the model config
     * @return the count
     */
    public static long parameterCount(ModelConfig config) {
        long n = 0;
        for (ParamSpec s : parameters(config)) {
            n += s.numel();
        }
        return n;
    }

    /**
     * The role of a tensor name of a checkpoint of one of the supported families (the family need not
     * be known: their naming schemes do not overlap). GPT-2 names load with or without the
     * {@code transformer.} prefix.
     *
     * @param checkpointName e.g. {@code model.layers.3.mlp.up_proj.weight} or {@code h.11.ln_1.bias}
     * @return its block, module kind and region; empty for buffers and names no family declares
     */
    public static Optional<ParamSpec.Role> role(String checkpointName) {
        for (ArchitectureAdapter a : NAMING_SCHEMES) {
            Optional<ParamSpec.Role> r = a.canonicalName(checkpointName).flatMap(a::role);
            if (r.isPresent()) {
                return r;
            }
        }
        return Optional.empty();
    }

    /**
     * The block a checkpoint tensor of a supported family sits in, parameter or buffer, by the family's
     * block prefix ({@code model.layers.3.}, {@code transformer.h.3.} or {@code h.3.}); the same as
     * {@link #role(String)}'s layer for declared parameters.
     *
     * @param checkpointName a tensor name
     * @return the block index; empty outside the blocks and for names no family uses
     */
    public static OptionalInt layerOf(String checkpointName) {
        for (ArchitectureAdapter a : NAMING_SCHEMES) {
            OptionalInt l = a.layer(checkpointName);
            if (l.isPresent()) {
                return l;
            }
        }
        return OptionalInt.empty();
    }

    /**
     * Writes the family's own keys of a Hugging Face {@code config.json} into {@code out}.
     *
     * @param config the model config
     * @param out the object {@link ModelConfig#toHfJson()} is filling
     */
    public static void writeHfConfig(ModelConfig config, JsonObject out) {
        ArchitectureAdapter.of(config.architecture()).writeHfConfig(config, out);
    }
}
