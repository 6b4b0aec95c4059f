package io.skillscope.core.model;

import com.google.gson.JsonObject;
import io.skillscope.core.config.Architecture;
import io.skillscope.core.config.ModelConfig;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What differs between architectures: parameter names and layouts, and how the shared components
 * (norms, attention, MLP, positions) are wired. Blocks themselves never branch on the architecture.
 */
interface ArchitectureAdapter {
    /** Every parameter the architecture needs, in canonical Hugging Face names, in a fixed order. */
    List<ParamSpec> parameters(ModelConfig config);

    /** The architecture's one table of names → (layer, module kind, region). */
    ParamNames names();

    /**
     * Maps a tensor name found in a checkpoint to its canonical name; empty for a buffer that is not a
     * parameter and must be skipped. By default names are canonical already and only the rotary
     * frequency buffer ({@code rotary_emb.inv_freq}) of older checkpoints is skipped.
     */
    default Optional<String> canonicalName(String checkpointName) {
        return checkpointName.endsWith("rotary_emb.inv_freq") ? Optional.empty() : Optional.of(checkpointName);
    }

    /**
     * The role (block, module kind, region) of a canonical name, as {@link #parameters} declares it for
     * any config of the architecture; empty for a name the architecture never declares.
     */
    default Optional<ParamSpec.Role> role(String canonicalName) {
        return names().role(canonicalName);
    }

    /**
     * The block a checkpoint tensor sits in, parameter or buffer, by the architecture's block prefix
     * alone; empty outside the blocks and for names of other architectures.
     */
    default OptionalInt layer(String checkpointName) {
        return names().layer(checkpointName);
    }

    /**
     * Writes the architecture's own Hugging Face {@code config.json} keys (sizes, activation, norm and
     * position settings), the ones between {@code vocab_size} and {@code tie_word_embeddings}.
     */
    void writeHfConfig(ModelConfig config, JsonObject out);

    /** Builds the network on the given parameters. */
    Network build(ModelConfig config, ParameterStore params);

    /** The adapter of an architecture. */
    static ArchitectureAdapter of(Architecture architecture) {
        return switch (architecture) {
            case GPT2 -> new Gpt2Adapter();
            case LLAMA, MISTRAL, QWEN2 -> new LlamaAdapter();
            case GEMMA2 -> new Gemma2Adapter();
            case GEMMA -> new GemmaAdapter();
            case GPT_NEOX -> new GptNeoXAdapter();
            case PHI3 -> new Phi3Adapter();
        };
    }
}
