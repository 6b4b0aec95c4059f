package io.skillscope.core.config;

import java.nio.file.Path;
import java.util.Locale;

/**
 * The feed-forward nonlinearities, with the Hugging Face names that select them.
 *
 * <p>The GELU variants differ by about 1e-3 and the difference shows in logits, so the name in the
 * config decides: GPT-2's {@code gelu_new} is the tanh approximation, not the exact erf form.
 */
public enum Activation {
    /**
     * GELU, tanh approximation: {@code 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))}. HF names
     * {@code gelu_new}, {@code gelu_pytorch_tanh}, {@code gelu_fast} (the same formula).
     */
    GELU_TANH,
    /** Exact GELU: {@code x Phi(x) = 0.5 x (1 + erf(x / sqrt 2))}. HF name {@code gelu}. */
    GELU,
    /** SiLU / swish: {@code x sigmoid(x)}. HF names {@code silu}, {@code swish}. */
    SILU,
    /** ReLU: {@code max(0, x)}. HF name {@code relu}. */
    RELU;

    /**
     * The activation for a Hugging Face name.
     *
     * @param hfName the config value, e.g. {@code "gelu_new"}
     * @param field the config field it came from, for the message
     * @param file the config file, for the message (may be null)
     * @return the activation
     * @throws ConfigException naming the file, the field and the unsupported value
     */
    public static Activation fromHfName(String hfName, String field, Path file) {
        String n = hfName == null ? "" : hfName.toLowerCase(Locale.ROOT);
        return switch (n) {
            case "gelu_new", "gelu_pytorch_tanh", "gelu_fast" -> GELU_TANH;
            case "gelu" -> GELU;
            case "silu", "swish" -> SILU;
            case "relu" -> RELU;
            default ->
                throw new ConfigException((file == null ? "config" : file.toString())
                        + ": "
                        + field
                        + " \""
                        + hfName
                        + "\" is not supported (supported: gelu_new, gelu_pytorch_tanh, gelu_fast, gelu,"
                        + " silu, swish, relu)");
        };
    }

    /**
     * The Hugging Face name to write for this activation in a config of the given architecture.
     *
     * @param architecture the config's architecture
     * @return {@code gelu_new} (GPT-2) or {@code gelu_pytorch_tanh} (Llama family) for GELU_TANH, else
     *     {@code gelu}, {@code silu}, {@code relu}
     */
    public String hfName(Architecture architecture) {
        return switch (this) {
            case GELU_TANH -> architecture == Architecture.GPT2 ? "gelu_new" : "gelu_pytorch_tanh";
            case GELU -> "gelu";
            case SILU -> "silu";
            case RELU -> "relu";
        };
    }
}
