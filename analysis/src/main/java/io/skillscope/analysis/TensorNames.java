package io.skillscope.analysis;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * Parses layer index and {@link ModuleType} out of checkpoint tensor names of either naming style.
 *
 * <ul>
 *   <li>Llama family (Llama, Mistral, Qwen2, SmolLM, TinyLlama):
 *       {@code model.layers.{L}.self_attn.{q,k,v,o}_proj.weight},
 *       {@code model.layers.{L}.mlp.{gate,up,down}_proj.weight},
 *       {@code model.layers.{L}.input_layernorm.weight}, {@code ...post_attention_layernorm.weight},
 *       {@code model.embed_tokens.weight}, {@code model.norm.weight}, {@code lm_head.weight};</li>
 *   <li>GPT-2: {@code transformer.h.{L}.attn.c_attn.weight} (fused qkv), {@code attn.c_proj} (o),
 *       {@code mlp.c_fc} (up), {@code mlp.c_proj} (down), {@code ln_1}, {@code ln_2}, {@code ln_f},
 *       {@code wte}, {@code wpe}; with or without the {@code transformer.} prefix.</li>
 * </ul>
 *
 * <p>Parsing works on dot-separated tokens, so a prefix ({@code base_model.model.}) does not matter.
 */
public final class TensorNames {
    private TensorNames() {
    }

    /**
     * The module a tensor belongs to; {@link ModuleType#OTHER} when no token is recognised.
     *
     * @throws NullPointerException if {@code name} is null
     */
    public static ModuleType moduleType(String name) {
        Objects.requireNonNull(name, "name");
        String[] t = name.split("\\.");
        for (int i = 0; i < t.length; i++) {
            String parent = i > 0 ? t[i - 1] : "";
            ModuleType m = token(t[i], parent);
            if (m != null) {
                return m;
            }
        }
        return ModuleType.OTHER;
    }

    private static ModuleType token(String tok, String parent) {
        switch (tok) {
            case "q_proj": return ModuleType.Q;
            case "k_proj": return ModuleType.K;
            case "v_proj": return ModuleType.V;
            case "o_proj": return ModuleType.O;
            case "c_attn": return ModuleType.QKV;
            case "gate_proj": return ModuleType.GATE;
            case "up_proj":
            case "c_fc": return ModuleType.UP;
            case "down_proj": return ModuleType.DOWN;
            case "c_proj":
                if (parent.equals("attn")) {
                    return ModuleType.O;
                }
                return parent.equals("mlp") ? ModuleType.DOWN : null;
            case "embed_tokens":
            case "wte":
            case "wpe": return ModuleType.EMBED;
            case "lm_head": return ModuleType.HEAD;
            case "ln_1":
            case "ln_2":
            case "ln_f":
            case "norm": return ModuleType.NORM;
            default:
                return tok.endsWith("layernorm") || tok.endsWith("_norm") ? ModuleType.NORM : null;
        }
    }

    /**
     * The block (layer) index: the integer after a {@code layers} or {@code h} token
     * ({@code model.layers.3.mlp...} → 3, {@code transformer.h.11.ln_1.weight} → 11); empty for
     * tensors outside the blocks (embeddings, final norm, head).
     *
     * @throws NullPointerException if {@code name} is null
     */
    public static OptionalInt layer(String name) {
        Objects.requireNonNull(name, "name");
        String[] t = name.split("\\.");
        for (int i = 0; i + 1 < t.length; i++) {
            if ((t[i].equals("layers") || t[i].equals("h") || t[i].equals("blocks")) && isIndex(t[i + 1])) {
                return OptionalInt.of(Integer.parseInt(t[i + 1]));
            }
        }
        return OptionalInt.empty();
    }

    /** Whether the tensor is a block parameter (METHODS.md: inside the transformer blocks). */
    public static boolean isBlockParameter(String name) {
        return layer(name).isPresent();
    }

    private static boolean isIndex(String s) {
        if (s.isEmpty() || s.length() > 9) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
