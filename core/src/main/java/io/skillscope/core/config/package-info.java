/**
 * Model configurations: a Hugging Face {@code config.json} read into one validated record, {@link
 * io.skillscope.core.config.ModelConfig}, for GPT-2, the Llama family (Llama, Mistral, Qwen2) and GPT-NeoX
 * (Pythia; its own settings in {@link io.skillscope.core.config.NeoXOptions}).
 *
 * <p>Each architecture's keys and defaults are those of Python {@code transformers}; settings that
 * would change the computation in unsupported ways (scaled rotary embeddings, per-layer sliding windows)
 * are refused with a {@link io.skillscope.core.config.ConfigException} naming the field and value
 * rather than silently ignored. {@link io.skillscope.core.config.ModelConfig#toHfJson()} writes the
 * native keys back, so folders skillscope saves open in {@code transformers}.
 */
package io.skillscope.core.config;
