package io.skillscope.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skillscope.core.config.Activation;
import io.skillscope.core.config.Architecture;
import io.skillscope.core.config.ModelConfig;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The adapters are the one place that maps tensor names to layers, module kinds and regions. */
class ArchitecturesTest {
    private static ModuleKind kind(String name) {
        return Architectures.role(name)
                .orElseThrow(() -> new AssertionError(name))
                .kind();
    }

    @Test
    void everyDeclaredParameterReadsBackItsRole() {
        List<ModelConfig> configs = List.of(
                ModelConfig.gpt2(50, 16, 3, 2, 32),
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
                        false,
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
                        null));
        for (ModelConfig c : configs) {
            for (ParamSpec s : Architectures.parameters(c)) {
                assertEquals(Optional.of(s.role()), Architectures.role(s.name()), s.name());
                assertEquals(s.layer(), Architectures.layerOf(s.name()), s.name());
                assertEquals(s.layer().isPresent(), s.region() == ParamSpec.Region.BLOCKS, s.name());
            }
        }
    }

    @Test
    void llamaFamilyNames() {
        assertEquals(ModuleKind.Q, kind("model.layers.0.self_attn.q_proj.weight"));
        assertEquals(ModuleKind.K, kind("model.layers.0.self_attn.k_proj.weight"));
        assertEquals(ModuleKind.V, kind("model.layers.0.self_attn.v_proj.bias"));
        assertEquals(ModuleKind.O, kind("model.layers.0.self_attn.o_proj.weight"));
        assertEquals(ModuleKind.GATE, kind("model.layers.7.mlp.gate_proj.weight"));
        assertEquals(ModuleKind.UP, kind("model.layers.7.mlp.up_proj.weight"));
        assertEquals(ModuleKind.DOWN, kind("model.layers.7.mlp.down_proj.weight"));
        assertEquals(ModuleKind.NORM, kind("model.layers.2.input_layernorm.weight"));
        assertEquals(ModuleKind.NORM, kind("model.layers.2.post_attention_layernorm.weight"));
        assertEquals(ModuleKind.NORM, kind("model.norm.weight"));
        assertEquals(ModuleKind.EMBED, kind("model.embed_tokens.weight"));
        assertEquals(ModuleKind.HEAD, kind("lm_head.weight"));
        assertEquals(
                ParamSpec.Region.FINAL_NORM,
                Architectures.role("model.norm.weight").get().region());

        assertEquals(OptionalInt.of(7), Architectures.layerOf("model.layers.7.mlp.down_proj.weight"));
        assertEquals(OptionalInt.empty(), Architectures.layerOf("model.embed_tokens.weight"));
        assertEquals(OptionalInt.empty(), Architectures.layerOf("model.norm.weight"));
        assertEquals(OptionalInt.of(0), Architectures.layerOf("model.layers.0.self_attn.rotary_emb.inv_freq"));
        assertEquals(Optional.empty(), Architectures.role("model.layers.0.self_attn.rotary_emb.inv_freq"));
    }

    @Test
    void gpt2Names() {
        assertEquals(ModuleKind.QKV, kind("transformer.h.3.attn.c_attn.weight"));
        assertEquals(ModuleKind.O, kind("transformer.h.3.attn.c_proj.weight"));
        assertEquals(ModuleKind.UP, kind("transformer.h.3.mlp.c_fc.bias"));
        assertEquals(ModuleKind.DOWN, kind("transformer.h.3.mlp.c_proj.weight"));
        assertEquals(ModuleKind.NORM, kind("transformer.h.3.ln_1.weight"));
        assertEquals(ModuleKind.NORM, kind("h.3.ln_2.bias"));
        assertEquals(ModuleKind.NORM, kind("transformer.ln_f.weight"));
        assertEquals(ModuleKind.EMBED, kind("transformer.wte.weight"));
        assertEquals(ModuleKind.EMBED, kind("transformer.wpe.weight"));
        assertEquals(
                ParamSpec.Region.POSITIONS,
                Architectures.role("wpe.weight").get().region());
        assertEquals(Optional.empty(), Architectures.role("transformer.h.3.attn.bias"));

        assertEquals(OptionalInt.of(11), Architectures.layerOf("transformer.h.11.mlp.c_fc.weight"));
        assertEquals(OptionalInt.of(0), Architectures.layerOf("h.0.attn.c_attn.weight"));
        assertEquals(OptionalInt.of(3), Architectures.layerOf("transformer.h.3.attn.bias"));
        assertEquals(OptionalInt.empty(), Architectures.layerOf("transformer.wte.weight"));
        assertEquals(OptionalInt.empty(), Architectures.layerOf("transformer.ln_f.weight"));
    }

    @Test
    void unknownNamesHaveNoRole() {
        assertEquals(Optional.empty(), Architectures.role("model.layers.x.mlp.up_proj.weight"));
        assertEquals(Optional.empty(), Architectures.role("encoder.block.0.layer.0.weight"));
        assertEquals(OptionalInt.empty(), Architectures.layerOf("model.layers.x.mlp.up_proj.weight"));
    }

    @Test
    void parameterCountIsTheSumOfTheSpecs() {
        ModelConfig gpt2 = ModelConfig.gpt2(50257, 768, 12, 12, 1024);
        assertEquals(124_439_808L, gpt2.parameterCount()); // GPT-2 small
        ModelConfig c = ModelConfig.llama(50, 16, 3, 2, 1, 24, 32);
        long n = 0;
        for (ParamSpec s : Architectures.parameters(c)) {
            n += s.numel();
        }
        assertEquals(n, c.parameterCount());
        assertTrue(n > 0);
    }

    @Test
    void roleRejectsALayerOutsideTheBlocks() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new ParamSpec.Role(OptionalInt.of(1), ModuleKind.EMBED, ParamSpec.Region.EMBEDDINGS));
        assertThrows(
                IllegalArgumentException.class,
                () -> new ParamSpec.Role(OptionalInt.empty(), ModuleKind.UP, ParamSpec.Region.BLOCKS));
    }
}
