package io.skillscope.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class TensorNamesTest {
    @Test
    void parsesLlamaFamilyNames() {
        assertEquals(ModuleType.Q, TensorNames.moduleType("model.layers.0.self_attn.q_proj.weight"));
        assertEquals(ModuleType.K, TensorNames.moduleType("model.layers.0.self_attn.k_proj.weight"));
        assertEquals(ModuleType.V, TensorNames.moduleType("model.layers.0.self_attn.v_proj.bias"));
        assertEquals(ModuleType.O, TensorNames.moduleType("model.layers.0.self_attn.o_proj.weight"));
        assertEquals(ModuleType.GATE, TensorNames.moduleType("model.layers.7.mlp.gate_proj.weight"));
        assertEquals(ModuleType.UP, TensorNames.moduleType("model.layers.7.mlp.up_proj.weight"));
        assertEquals(ModuleType.DOWN, TensorNames.moduleType("model.layers.7.mlp.down_proj.weight"));
        assertEquals(ModuleType.NORM, TensorNames.moduleType("model.layers.2.input_layernorm.weight"));
        assertEquals(ModuleType.NORM, TensorNames.moduleType("model.layers.2.post_attention_layernorm.weight"));
        assertEquals(ModuleType.NORM, TensorNames.moduleType("model.norm.weight"));
        assertEquals(ModuleType.EMBED, TensorNames.moduleType("model.embed_tokens.weight"));
        assertEquals(ModuleType.HEAD, TensorNames.moduleType("lm_head.weight"));

        assertEquals(OptionalInt.of(7), TensorNames.layer("model.layers.7.mlp.down_proj.weight"));
        assertEquals(OptionalInt.of(31), TensorNames.layer("base_model.model.model.layers.31.self_attn.q_proj.weight"));
        assertEquals(OptionalInt.empty(), TensorNames.layer("model.embed_tokens.weight"));
        assertEquals(OptionalInt.empty(), TensorNames.layer("model.norm.weight"));
    }

    @Test
    void parsesGpt2Names() {
        assertEquals(ModuleType.QKV, TensorNames.moduleType("transformer.h.3.attn.c_attn.weight"));
        assertEquals(ModuleType.O, TensorNames.moduleType("transformer.h.3.attn.c_proj.weight"));
        assertEquals(ModuleType.UP, TensorNames.moduleType("transformer.h.3.mlp.c_fc.bias"));
        assertEquals(ModuleType.DOWN, TensorNames.moduleType("transformer.h.3.mlp.c_proj.weight"));
        assertEquals(ModuleType.NORM, TensorNames.moduleType("transformer.h.3.ln_1.weight"));
        assertEquals(ModuleType.NORM, TensorNames.moduleType("h.3.ln_2.bias"));
        assertEquals(ModuleType.NORM, TensorNames.moduleType("transformer.ln_f.weight"));
        assertEquals(ModuleType.EMBED, TensorNames.moduleType("transformer.wte.weight"));
        assertEquals(ModuleType.EMBED, TensorNames.moduleType("transformer.wpe.weight"));
        assertEquals(ModuleType.OTHER, TensorNames.moduleType("transformer.h.3.attn.bias"));

        assertEquals(OptionalInt.of(11), TensorNames.layer("transformer.h.11.mlp.c_fc.weight"));
        assertEquals(OptionalInt.of(0), TensorNames.layer("h.0.attn.c_attn.weight"));
        assertEquals(OptionalInt.empty(), TensorNames.layer("transformer.wte.weight"));
        assertTrue(TensorNames.isBlockParameter("transformer.h.0.ln_1.weight"));
        assertFalse(TensorNames.isBlockParameter("transformer.ln_f.weight"));
    }

    @Test
    void moduleTypeLabelsAndGroups() {
        assertEquals("gate", ModuleType.GATE.label());
        assertTrue(ModuleType.QKV.isAttention());
        assertTrue(ModuleType.DOWN.isMlp());
        assertFalse(ModuleType.NORM.isMlp());
    }
}
