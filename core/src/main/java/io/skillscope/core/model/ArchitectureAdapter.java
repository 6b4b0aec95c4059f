package io.skillscope.core.model;

import io.skillscope.core.config.Architecture;
import io.skillscope.core.config.ModelConfig;
import java.util.List;
import java.util.Optional;

/**
 * What differs between architectures: parameter names and layouts, and how the shared components
 * (norms, attention, MLP, positions) are wired. Blocks themselves never branch on the architecture.
 */
interface ArchitectureAdapter {
    /** Every parameter the architecture needs, in canonical Hugging Face names, in a fixed order. */
    List<ParamSpec> parameters(ModelConfig config);

    /**
     * Maps a tensor name found in a checkpoint to its canonical name; empty for a buffer that is not a
     * parameter (causal-mask buffers, rotary frequency buffers) and must be skipped.
     */
    Optional<String> canonicalName(String checkpointName);

    /** Builds the network on the given parameters. */
    Network build(ModelConfig config, ParameterStore params);

    /** The adapter of an architecture. */
    static ArchitectureAdapter of(Architecture architecture) {
        return switch (architecture) {
            case GPT2 -> new Gpt2Adapter();
            case LLAMA, MISTRAL, QWEN2 -> new LlamaAdapter();
        };
    }
}
