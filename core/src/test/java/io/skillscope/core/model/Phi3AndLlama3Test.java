package io.skillscope.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import io.skillscope.core.config.Architecture;
import io.skillscope.core.config.ModelConfig;
import io.skillscope.core.config.RopeScaling;
import io.skillscope.core.hooks.HookName;
import io.skillscope.core.hooks.HookSession;
import io.skillscope.core.hooks.HookSite;
import io.skillscope.core.testing.Diffs;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Phi-3 and Llama 3 (rope_scaling) models through the methods' entry points: hook names, replacing
 * {@code mlp.hook_post}, parameter roles of the fused tensors, save and reload.
 */
class Phi3AndLlama3Test {
    @TempDir
    Path tmp;

    static Path fixture(String name) {
        return FamilyParityTest.root().resolve(name);
    }

    static final int[] IDS = {5, 17, 33, 2, 60, 71, 9, 40};

    @Test
    void everyLayerHasMlpHooksAndReplacingHookPostChangesLogits() {
        for (String name : new String[] {"phi3-tiny", "llama3-tiny", "llama-linear-tiny"}) {
            try (Transformer model = Transformer.load(fixture(name), Device.cpu())) {
                List<HookName> names = model.hookNames();
                for (int l = 0; l < model.config().numLayers(); l++) {
                    for (HookSite site :
                            new HookSite[] {HookSite.MLP_PRE, HookSite.MLP_PRE_LINEAR, HookSite.MLP_POST}) {
                        assertTrue(names.contains(HookName.block(l, site)), name + " layer " + l + " " + site);
                    }
                }
                float[][] clean = model.logits(IDS);
                float[][] hooked;
                try (HookSession s = model.hooks()) {
                    s.replace(HookName.block(1, HookSite.MLP_POST), (x, ctx) -> x.mul(2));
                    hooked = model.logits(IDS);
                }
                assertTrue(Diffs.maxAbsDiff(clean, hooked) > 1e-3, name);
                assertEquals(0.0, Diffs.maxAbsDiff(clean, model.logits(IDS)), name);
            }
        }
    }

    @Test
    void greedyGenerationWithKvCacheMatchesFullRecomputation() {
        // 12-token prompt + 10 new tokens: past phi3-tiny's 16-token window, with cached keys
        int[] prompt = {5, 17, 33, 2, 60, 71, 9, 40, 11, 88, 23, 50};
        for (String name : new String[] {"phi3-tiny", "llama3-tiny", "llama-linear-tiny"}) {
            try (Transformer model = Transformer.load(fixture(name), Device.cpu())) {
                int[] cached = io.skillscope.core.generate.Generator.generate(
                                model, prompt, io.skillscope.core.generate.GenerationConfig.greedy(10, 0))
                        .tokens();
                int[] seq = prompt.clone();
                for (int step = 0; step < cached.length; step++) {
                    float[][] logits = model.logits(seq);
                    float[] last = logits[logits.length - 1];
                    int best = 0;
                    for (int v = 1; v < last.length; v++) {
                        if (last[v] > last[best]) {
                            best = v;
                        }
                    }
                    assertEquals(best, cached[step], name + " step " + step);
                    seq = java.util.Arrays.copyOf(seq, seq.length + 1);
                    seq[seq.length - 1] = best;
                }
                assertEquals(10, cached.length, name);
            }
        }
    }

    @Test
    void phi3FusedTensorsHaveRoles() {
        assertEquals(
                ParamSpec.Role.block(3, ModuleKind.QKV),
                Architectures.role("model.layers.3.self_attn.qkv_proj.weight").orElseThrow());
        assertEquals(
                ParamSpec.Role.block(3, ModuleKind.GATE_UP),
                Architectures.role("model.layers.3.mlp.gate_up_proj.weight").orElseThrow());
        assertEquals(
                ParamSpec.Role.block(0, ModuleKind.DOWN),
                Architectures.role("model.layers.0.mlp.down_proj.weight").orElseThrow());
        assertEquals(OptionalInt.of(3), Architectures.layerOf("model.layers.3.self_attn.rotary_emb.inv_freq"));
        ModelConfig c = ModelConfig.load(fixture("phi3-tiny"));
        assertEquals(Architecture.PHI3, c.architecture());
        for (ParamSpec s : Architectures.parameters(c)) {
            assertEquals(s.role(), Architectures.role(s.name()).orElseThrow(), s.name());
        }
        // 96·48 embed + 2 layers (qkv (48+2·24)·48, o 48·48, gate_up 128·48, down 48·64, 2 norms) + norm + head
        long layer = 96L * 48 + 48L * 48 + 128L * 48 + 48L * 64 + 2 * 48;
        assertEquals(96L * 48 + 2 * layer + 48 + 96L * 48, c.parameterCount());
    }

    @Test
    void savedModelsReloadWithIdenticalConfigAndLogits() {
        for (String name : new String[] {"phi3-tiny", "llama3-tiny", "llama-linear-tiny"}) {
            Path out = tmp.resolve(name);
            float[][] before;
            ModelConfig config;
            try (Transformer model = Transformer.load(fixture(name), Device.cpu())) {
                before = model.logits(IDS);
                config = model.config();
                model.save(out, Map.of());
            }
            try (Transformer loaded = Transformer.load(out, Device.cpu())) {
                assertEquals(config, loaded.config(), name);
                assertEquals(0.0, Diffs.maxAbsDiff(before, loaded.logits(IDS)), name);
            }
        }
        assertEquals(
                RopeScaling.Kind.LLAMA3,
                ModelConfig.load(tmp.resolve("llama3-tiny")).ropeScaling().kind());
    }

    @Test
    void ropeScalingChangesTheLlama3Fixture() throws java.io.IOException {
        try (Transformer scaled = Transformer.load(fixture("llama3-tiny"), Device.cpu())) {
            ModelConfig c = scaled.config();
            ModelConfig plain = new ModelConfig(
                    c.architecture(),
                    c.vocabSize(),
                    c.hiddenSize(),
                    c.numLayers(),
                    c.numHeads(),
                    c.numKvHeads(),
                    c.headDim(),
                    c.intermediateSize(),
                    c.maxPositions(),
                    c.normEps(),
                    c.ropeTheta(),
                    c.tieWordEmbeddings(),
                    c.qkvBias(),
                    c.outputBias(),
                    c.mlpBias(),
                    c.activation(),
                    c.bosTokenId(),
                    c.eosTokenId(),
                    c.slidingWindow());
            Path out = tmp.resolve("unscaled");
            scaled.save(out, Map.of());
            com.google.gson.JsonObject json = plain.toHfJson();
            java.nio.file.Files.writeString(out.resolve("config.json"), json.toString());
            try (Transformer unscaled = Transformer.load(out, Device.cpu())) {
                assertTrue(Diffs.maxAbsDiff(scaled.logits(IDS), unscaled.logits(IDS)) > 1e-2);
            }
        }
    }
}
