package io.skillscope.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import io.skillscope.core.SkillscopeException;
import io.skillscope.core.config.ContextLimit;
import io.skillscope.core.config.ModelConfig;
import io.skillscope.core.testing.TinyModels;
import org.junit.jupiter.api.Test;

/** Every pass holds the context rule; the mask never overflows an int. */
class ContextLimitTest {
    @Test
    void aPassLongerThanTheContextIsRefusedByName() {
        try (Transformer gpt2 = TinyModels.gpt2(1);
                Transformer llama = TinyModels.llama(1)) {
            assertEquals(64, llama.logits(new int[64]).length);
            SkillscopeException e = assertThrows(SkillscopeException.class, () -> gpt2.logits(new int[65]));
            assertEquals(
                    "a sequence is 65 tokens, longer than the model's 64-token context (config.json n_positions)",
                    e.getMessage());
            // rotary positions have no table to run out of; 5,000 ids were accepted silently
            e = assertThrows(SkillscopeException.class, () -> llama.logits(new int[5000]));
            assertEquals(
                    "a sequence is 5000 tokens, longer than the model's 64-token context (config.json"
                            + " max_position_embeddings)",
                    e.getMessage());
        }
    }

    @Test
    void aMaskPastTwoBillionEntriesIsRefusedNotANegativeArraySize() {
        // a 131,072-token context (Llama 3.1's) and a 50,000-token prompt: 2.5e9 mask entries
        ModelConfig c = ModelConfig.llama(37, 32, 1, 4, 2, 48, 131_072);
        try (Transformer model = Transformer.random(c, 1, Device.cpu());
                NDManager m = model.manager().newSubManager()) {
            SkillscopeException e =
                    assertThrows(SkillscopeException.class, () -> model.forward(m, TokenBatch.of(new int[50_000])));
            assertTrue(e.getMessage().contains("2500000000 entries, more than one array holds"), e.getMessage());
        }
    }

    @Test
    void capNewLeavesRoomForThePrompt() {
        ContextLimit limit = new ContextLimit(64, "n_positions");
        assertEquals(61, limit.capNew(3, 1_000_000_000));
        assertEquals(5, limit.capNew(3, 5));
        assertEquals(0, limit.capNew(64, 5));
    }
}
