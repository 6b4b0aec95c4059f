package io.skillscope.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.skillscope.analysis.ModuleType;
import io.skillscope.analysis.TensorLabel;
import io.skillscope.core.config.Activation;
import io.skillscope.core.config.Architecture;
import io.skillscope.core.config.ModelConfig;
import io.skillscope.core.model.Architectures;
import io.skillscope.core.model.ModuleKind;
import io.skillscope.core.model.ParamSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Orthogonality rows are grouped by the adapters' labels exactly as the old name parsing grouped them. */
class TensorLabelsTest {
    @Test
    void everyModuleKindIsAModuleType() {
        for (ModuleKind k : ModuleKind.values()) {
            assertEquals(k.name(), ModuleType.valueOf(k.name()).name());
        }
    }

    @Test
    void labelsEqualTheOldNameParsingOnGpt2AndLlamaFamilyNames() {
        List<String> names = new ArrayList<>();
        for (ModelConfig c : List.of(
                ModelConfig.gpt2(50, 16, 12, 2, 32),
                ModelConfig.llama(50, 16, 3, 2, 1, 24, 32),
                new ModelConfig(
                        Architecture.QWEN2,
                        50,
                        16,
                        2,
                        2,
                        1,
                        8,
                        24,
                        32,
                        1e-6,
                        1e4,
                        true,
                        true,
                        false,
                        false,
                        Activation.SILU,
                        null,
                        null,
                        null),
                new ModelConfig(
                        Architecture.LLAMA,
                        50,
                        16,
                        2,
                        2,
                        1,
                        8,
                        24,
                        32,
                        1e-6,
                        1e4,
                        false,
                        true,
                        true,
                        true,
                        Activation.SILU,
                        null,
                        null,
                        null))) {
            for (ParamSpec s : Architectures.parameters(c)) {
                names.add(s.name());
                if (s.name().startsWith("transformer.")) {
                    names.add(s.name().substring("transformer.".length()));
                }
            }
        }
        names.addAll(List.of(
                "transformer.h.3.attn.bias",
                "h.0.attn.masked_bias",
                "lm_head.weight",
                "model.layers.0.self_attn.rotary_emb.inv_freq"));
        for (String n : names) {
            assertEquals(new TensorLabel(oldLayer(n), oldModuleType(n)), TensorLabels.of(n), n);
        }
    }

    // The name parsing analysis.TensorNames did before the adapters declared layers and modules.
    static ModuleType oldModuleType(String name) {
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
            case "q_proj":
                return ModuleType.Q;
            case "k_proj":
                return ModuleType.K;
            case "v_proj":
                return ModuleType.V;
            case "o_proj":
                return ModuleType.O;
            case "c_attn":
                return ModuleType.QKV;
            case "gate_proj":
                return ModuleType.GATE;
            case "up_proj":
            case "c_fc":
                return ModuleType.UP;
            case "down_proj":
                return ModuleType.DOWN;
            case "c_proj":
                if (parent.equals("attn")) {
                    return ModuleType.O;
                }
                return parent.equals("mlp") ? ModuleType.DOWN : null;
            case "embed_tokens":
            case "wte":
            case "wpe":
                return ModuleType.EMBED;
            case "lm_head":
                return ModuleType.HEAD;
            case "ln_1":
            case "ln_2":
            case "ln_f":
            case "norm":
                return ModuleType.NORM;
            default:
                return tok.endsWith("layernorm") || tok.endsWith("_norm") ? ModuleType.NORM : null;
        }
    }

    static OptionalInt oldLayer(String name) {
        Objects.requireNonNull(name, "name");
        String[] t = name.split("\\.");
        for (int i = 0; i + 1 < t.length; i++) {
            if ((t[i].equals("layers") || t[i].equals("h") || t[i].equals("blocks")) && isIndex(t[i + 1])) {
                return OptionalInt.of(Integer.parseInt(t[i + 1]));
            }
        }
        return OptionalInt.empty();
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
