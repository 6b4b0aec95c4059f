package io.skillscope.core.config;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The model families skillscope runs, by their Hugging Face {@code model_type}.
 *
 * <p>GPT-2: learned positions, LayerNorm, Conv1D weights stored {@code [in, out]}, tied embeddings.
 * The Llama family (Llama, Mistral, Qwen2): rotary positions, RMSNorm, SwiGLU, grouped-query
 * attention, linear weights stored {@code [out, in]}; they differ only in biases and defaults, which
 * {@link ModelConfig} carries as flags. Phi-3 is the same math with fused {@code qkv_proj} and
 * {@code gate_up_proj} tensors (its own adapter, same hooks). Rotary frequencies may be rescaled by
 * {@link ModelConfig#ropeScaling()} ({@code linear}, Llama 3.1's {@code llama3}).
 */
public enum Architecture {
    /** OpenAI GPT-2 ({@code GPT2LMHeadModel}). */
    GPT2("gpt2", "GPT2LMHeadModel"),
    /** Meta Llama 2/3, TinyLlama, SmolLM ({@code LlamaForCausalLM}). */
    LLAMA("llama", "LlamaForCausalLM"),
    /** Mistral ({@code MistralForCausalLM}): Llama without biases, optional sliding window. */
    MISTRAL("mistral", "MistralForCausalLM"),
    /** Qwen2 ({@code Qwen2ForCausalLM}): Llama with q/k/v biases. */
    QWEN2("qwen2", "Qwen2ForCausalLM"),
    /**
     * Google Gemma 2 ({@code Gemma2ForCausalLM}): RMSNorm with a (1 + w) gain, embeddings scaled by
     * √d, GeGLU, norms before and after attention and MLP, soft-capped attention scores and logits,
     * sliding-window attention on alternate layers; settings in {@link Gemma2Options}.
     */
    GEMMA2("gemma2", "Gemma2ForCausalLM"),
    /**
     * Google Gemma 1 ({@code GemmaForCausalLM}): the Llama block with RMSNorm's (1 + w) gain, embeddings
     * scaled by √d, GeGLU and a tied head.
     */
    GEMMA("gemma", "GemmaForCausalLM"),
    /**
     * EleutherAI GPT-NeoX and Pythia ({@code GPTNeoXForCausalLM}): LayerNorm with biases, a fused
     * per-head q/k/v projection, partial rotary positions, a parallel residual, a GELU MLP, an untied
     * {@code embed_out}; its own settings are a {@link NeoXOptions}.
     */
    GPT_NEOX("gpt_neox", "GPTNeoXForCausalLM"),
    /**
     * Microsoft Phi-3 ({@code Phi3ForCausalLM}): Llama's math without biases, with fused {@code qkv_proj}
     * and {@code gate_up_proj} weights.
     */
    PHI3("phi3", "Phi3ForCausalLM");

    private final String modelType;
    private final String hfClass;

    Architecture(String modelType, String hfClass) {
        this.modelType = modelType;
        this.hfClass = hfClass;
    }

    /**
     * The Hugging Face {@code model_type} string.
     *
     * @return e.g. {@code "llama"}
     */
    public String modelType() {
        return modelType;
    }

    /**
     * The Hugging Face model class for {@code architectures}.
     *
     * @return e.g. {@code "LlamaForCausalLM"}
     */
    public String hfClass() {
        return hfClass;
    }

    /**
     * Whether this is a Llama-family architecture (RMSNorm, rotary, gated MLP).
     *
     * @return true for LLAMA, MISTRAL, QWEN2, PHI3, GEMMA, GEMMA2; false for GPT2 and GPT_NEOX
     */
    public boolean llamaFamily() {
        return this != GPT2 && this != GPT_NEOX;
    }

    /**
     * The architecture for a {@code model_type}.
     *
     * @param modelType the config's {@code model_type} value
     * @param file the config file, for the message (may be null)
     * @return the architecture
     * @throws ConfigException naming the file, the field and the value, and listing supported types
     */
    public static Architecture fromModelType(String modelType, Path file) {
        for (Architecture a : values()) {
            if (a.modelType.equals(modelType == null ? null : modelType.toLowerCase(Locale.ROOT))) {
                return a;
            }
        }
        throw new ConfigException((file == null ? "config" : file.toString())
                + ": model_type \""
                + modelType
                + "\" is not supported (supported: "
                + Arrays.stream(values()).map(Architecture::modelType).collect(Collectors.joining(", "))
                + ")");
    }
}
