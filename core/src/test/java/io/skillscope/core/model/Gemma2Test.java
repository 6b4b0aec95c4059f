package io.skillscope.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.skillscope.core.checkpoint.TensorSource;
import io.skillscope.core.config.Gemma2Options;
import io.skillscope.core.config.ModelConfig;
import io.skillscope.core.generate.GenerationConfig;
import io.skillscope.core.generate.Generator;
import io.skillscope.core.hooks.HookName;
import io.skillscope.core.hooks.HookSession;
import io.skillscope.core.hooks.HookSite;
import io.skillscope.core.hooks.Phase;
import io.skillscope.core.testing.Diffs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Gemma 2 beyond the parity fixture: the KV-cache path against full recomputation past the sliding
 * window, hooks that methods rely on, parameter roles, save and reload.
 */
class Gemma2Test {
    static final Path FIXTURE = FamilyParityTest.root().resolve("gemma2-tiny");
    static final int[] PROMPT = {5, 17, 99, 3, 64, 120};

    @TempDir
    Path tmp;

    static Transformer fixture() {
        return Transformer.load(FIXTURE, Device.cpu());
    }

    static int argmax(float[] row) {
        int best = 0;
        for (int i = 1; i < row.length; i++) {
            if (row[i] > row[best]) {
                best = i;
            }
        }
        return best;
    }

    @Test
    void fixtureHasSlidingAndFullLayersAndAWindowShorterThanTheGeneration() {
        ModelConfig c = ModelConfig.load(FIXTURE);
        Gemma2Options g = (Gemma2Options) c.familyOptions();
        assertEquals(
                List.of(Gemma2Options.LayerType.SLIDING, Gemma2Options.LayerType.FULL, Gemma2Options.LayerType.SLIDING),
                g.layerTypes());
        assertEquals(8, g.slidingWindow());
        assertTrue(c.headDim() * c.numHeads() != c.hiddenSize(), "head_dim unequal to hidden / heads");
        assertTrue(c.numKvHeads() < c.numHeads(), "grouped-query attention");
    }

    @Test
    void kvCacheStepsEqualFullRecomputationPastTheWindow() {
        int steps = 30; // prompt 6 + 30 tokens: more than 4 windows of 8
        try (Transformer model = fixture();
                NDManager m = model.manager().newSubManager();
                KvCache cache = model.newCache(m, 1)) {
            List<Integer> seq = new ArrayList<>();
            Arrays.stream(PROMPT).forEach(seq::add);
            float[] last;
            try (NDManager pass = m.newSubManager()) {
                float[] all = model.forward(pass, TokenBatch.of(PROMPT), cache, Phase.PREFILL, 0)
                        .toFloatArray();
                int v = model.config().vocabSize();
                last = Arrays.copyOfRange(all, all.length - v, all.length);
            }
            double worst = 0;
            for (int step = 1; step <= steps; step++) {
                int[] ids = seq.stream().mapToInt(Integer::intValue).toArray();
                float[][] full = model.logits(ids);
                double diff = Diffs.maxAbsDiff(full[full.length - 1], last);
                worst = Math.max(worst, diff);
                assertTrue(diff < 1e-4, "step " + step + ": cached vs full logits differ by " + diff);
                int next = argmax(full[full.length - 1]);
                assertEquals(next, argmax(last), "greedy token at step " + step);
                seq.add(next);
                try (NDManager pass = m.newSubManager()) {
                    last = model.forward(pass, TokenBatch.of(next), cache, Phase.DECODE, step)
                            .toFloatArray();
                }
            }
            assertEquals(PROMPT.length + steps, cache.length());
            // The generator's greedy continuation is the same token sequence.
            int[] generated = Generator.generate(model, PROMPT, GenerationConfig.greedy(steps, 0))
                    .tokens();
            int[] expected = seq.subList(PROMPT.length, PROMPT.length + steps).stream()
                    .mapToInt(Integer::intValue)
                    .toArray();
            assertArrayEquals(expected, generated);
        }
    }

    @Test
    void batchedLeftPaddedGenerationEqualsEachPromptAlone() {
        int[] shortPrompt = {7, 8, 9};
        try (Transformer model = fixture()) {
            GenerationConfig greedy = GenerationConfig.greedy(20, 0);
            var both = Generator.generate(model, List.of(PROMPT, shortPrompt), greedy);
            assertArrayEquals(
                    Generator.generate(model, PROMPT, greedy).tokens(),
                    both.get(0).tokens());
            assertArrayEquals(
                    Generator.generate(model, shortPrompt, greedy).tokens(),
                    both.get(1).tokens());
        }
    }

    @Test
    void theSlidingWindowAndTheSoftCapsChangeTheLongCase() {
        int[] ids = new int[40];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = (i * 37 + 11) % 128;
        }
        ModelConfig c = ModelConfig.load(FIXTURE);
        Gemma2Options g = (Gemma2Options) c.familyOptions();
        float[][] base;
        try (Transformer model = fixture()) {
            base = model.logits(ids);
        }
        for (Gemma2Options other : List.of(
                new Gemma2Options(
                        g.attnLogitSoftcap(), g.finalLogitSoftcap(), g.queryPreAttnScalar(), null, g.layerTypes()),
                new Gemma2Options(
                        null, g.finalLogitSoftcap(), g.queryPreAttnScalar(), g.slidingWindow(), g.layerTypes()),
                new Gemma2Options(
                        g.attnLogitSoftcap(), null, g.queryPreAttnScalar(), g.slidingWindow(), g.layerTypes()),
                new Gemma2Options(
                        g.attnLogitSoftcap(), g.finalLogitSoftcap(), 16, g.slidingWindow(), g.layerTypes()))) {
            ModelConfig changed = withOptions(c, other);
            try (TensorSource src = TensorSource.open(FIXTURE);
                    Transformer model = Transformer.fromSource(changed, src, Device.cpu(), null)) {
                float[][] logits = model.logits(ids);
                assertTrue(Diffs.maxAbsDiff(base, logits) > 1e-3, "no effect: " + other);
                // Within the first window every setting but the caps and the scale agrees.
                if (other.slidingWindow() == null) {
                    assertTrue(
                            Diffs.maxAbsDiff(Arrays.copyOf(base, 8), Arrays.copyOf(logits, 8)) < 1e-5,
                            "the window only matters past 8 tokens");
                }
            }
        }
    }

    static ModelConfig withOptions(ModelConfig c, Gemma2Options g) {
        return new ModelConfig(
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
                c.slidingWindow(),
                c.ropeScaling(),
                g);
    }

    @Test
    void everyLayerHasMlpHooksAndReplacingHookPostChangesTheLogits() {
        try (Transformer model = fixture()) {
            int layers = model.config().numLayers();
            for (int l = 0; l < layers; l++) {
                for (HookSite site : List.of(
                        HookSite.MLP_PRE,
                        HookSite.MLP_PRE_LINEAR,
                        HookSite.MLP_POST,
                        HookSite.ATTN_OUT,
                        HookSite.MLP_OUT)) {
                    assertTrue(model.hookNames().contains(HookName.block(l, site)), l + " " + site);
                }
            }
            float[][] clean = model.logits(PROMPT);
            for (int l = 0; l < layers; l++) {
                try (HookSession s = model.hooks()) {
                    // Neuron n scaled by n / F. (A uniform factor on every neuron would do nothing: the
                    // post-feedforward RMSNorm undoes it, up to its epsilon.)
                    s.replace(HookName.block(l, HookSite.MLP_POST), (x, ctx) -> {
                        long f = x.getShape().get(2);
                        return x.mul(ctx.manager().arange(0f, (float) f, 1f).div((float) f));
                    });
                    assertTrue(Diffs.maxAbsDiff(clean, model.logits(PROMPT)) > 1e-3, "layer " + l);
                }
                try (HookSession s = model.hooks()) {
                    s.replace(HookName.block(l, HookSite.MLP_POST), (x, ctx) -> x.mul(Scalars.of(x, 0.5f)));
                    assertTrue(
                            Diffs.maxAbsDiff(clean, model.logits(PROMPT)) < 1e-4,
                            "a uniform factor is absorbed by post_feedforward_layernorm");
                }
            }
            assertEquals(0, Diffs.maxAbsDiff(clean, model.logits(PROMPT)), "hooks closed");
        }
    }

    @Test
    void hookMlpOutIsWhatEntersTheResidualStreamAfterThePostNorm() {
        try (Transformer model = fixture();
                HookSession s = model.hooks()) {
            var cache = s.cache(List.of(
                    HookName.block(1, HookSite.RESID_MID),
                    HookName.block(1, HookSite.MLP_OUT),
                    HookName.block(1, HookSite.RESID_POST),
                    HookName.block(1, HookSite.RESID_PRE),
                    HookName.block(1, HookSite.ATTN_OUT),
                    HookName.global(HookSite.EMBED),
                    HookName.block(0, HookSite.RESID_PRE)));
            model.logits(PROMPT);
            float[] mid = cache.get("blocks.1.hook_resid_mid").toFloats();
            float[] out = cache.get("blocks.1.hook_mlp_out").toFloats();
            float[] post = cache.get("blocks.1.hook_resid_post").toFloats();
            float[] pre = cache.get("blocks.1.hook_resid_pre").toFloats();
            float[] attn = cache.get("blocks.1.hook_attn_out").toFloats();
            for (int i = 0; i < post.length; i++) {
                assertEquals(mid[i] + out[i], post[i], 1e-5);
                assertEquals(pre[i] + attn[i], mid[i], 1e-5);
            }
            // hook_embed is the scaled embedding, the first block's input.
            assertArrayEquals(
                    cache.get(HookName.global(HookSite.EMBED)).toFloats(),
                    cache.get("blocks.0.hook_resid_pre").toFloats());
        }
    }

    @Test
    void everyTensorHasARoleWithFourNormsPerBlock() {
        ModelConfig c = ModelConfig.load(FIXTURE);
        List<ParamSpec> specs = Architectures.parameters(c);
        for (int l = 0; l < c.numLayers(); l++) {
            int layer = l;
            long norms = specs.stream()
                    .filter(s -> s.layer().isPresent() && s.layer().getAsInt() == layer)
                    .filter(s -> s.kind() == ModuleKind.NORM)
                    .count();
            assertEquals(4, norms, "norms of block " + l);
        }
        for (ParamSpec s : specs) {
            assertEquals(s.role(), Architectures.role(s.name()).orElseThrow(), s.name());
        }
        assertEquals(
                ParamSpec.Role.block(2, ModuleKind.NORM),
                Architectures.role("model.layers.2.post_feedforward_layernorm.weight")
                        .orElseThrow());
        assertEquals(
                ParamSpec.Role.block(0, ModuleKind.NORM),
                Architectures.role("model.layers.0.pre_feedforward_layernorm.weight")
                        .orElseThrow());
    }

    @Test
    void savedModelReloadsWithTheSameConfigAndLogits() {
        Path out = tmp.resolve("saved");
        float[][] before;
        ModelConfig config;
        try (Transformer model = fixture()) {
            before = model.logits(PROMPT);
            config = model.config();
            model.save(out, Map.of());
        }
        assertEquals(config, ModelConfig.load(out));
        try (Transformer reloaded = Transformer.load(out, Device.cpu())) {
            assertEquals(0, Diffs.maxAbsDiff(before, reloaded.logits(PROMPT)));
        }
    }

    @Test
    void randomGemma2RunsWithIdentityNormGains() {
        ModelConfig c = withOptions(ModelConfig.load(FIXTURE), Gemma2Options.defaults(3));
        try (Transformer model = Transformer.random(c, 3, Device.cpu())) {
            NDArray gain = model.parameters().get("model.layers.0.input_layernorm.weight");
            assertEquals(0f, gain.abs().max().getFloat());
            float[][] logits = model.logits(PROMPT);
            assertEquals(PROMPT.length, logits.length);
            assertTrue(Float.isFinite(logits[0][0]));
        }
    }
}
