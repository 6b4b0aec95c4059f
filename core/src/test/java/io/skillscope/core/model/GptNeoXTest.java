package io.skillscope.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.skillscope.core.SkillscopeException;
import io.skillscope.core.config.Architecture;
import io.skillscope.core.config.ConfigException;
import io.skillscope.core.config.ModelConfig;
import io.skillscope.core.config.NeoXOptions;
import io.skillscope.core.generate.Generation;
import io.skillscope.core.generate.GenerationConfig;
import io.skillscope.core.generate.Generator;
import io.skillscope.core.hooks.HookName;
import io.skillscope.core.hooks.HookSession;
import io.skillscope.core.hooks.HookSite;
import io.skillscope.core.testing.Diffs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GPT-NeoX / Pythia: config reading, parameter roles and counts, hooks, the KV cache, save and load. */
class GptNeoXTest {
    static final Path TINY = FamilyParityTest.root().resolve("gpt-neox-tiny");
    static final Path SEQUENTIAL = FamilyParityTest.root().resolve("gpt-neox-sequential-tiny");

    /** EleutherAI/pythia-1.4b's config.json (transformers 4.24). */
    static final String PYTHIA_1_4B = "{\"architectures\": [\"GPTNeoXForCausalLM\"], \"bos_token_id\": 0,"
            + " \"eos_token_id\": 0, \"hidden_act\": \"gelu\", \"hidden_size\": 2048, \"initializer_range\": 0.02,"
            + " \"intermediate_size\": 8192, \"layer_norm_eps\": 1e-05, \"max_position_embeddings\": 2048,"
            + " \"model_type\": \"gpt_neox\", \"num_attention_heads\": 16, \"num_hidden_layers\": 24,"
            + " \"rotary_emb_base\": 10000, \"rotary_pct\": 0.25, \"tie_word_embeddings\": false,"
            + " \"torch_dtype\": \"float16\", \"transformers_version\": \"4.24.0\", \"use_cache\": true,"
            + " \"use_parallel_residual\": true, \"vocab_size\": 50304}";

    static ModelConfig config(String json) {
        return ModelConfig.fromJson(JsonParser.parseString(json).getAsJsonObject(), Path.of("config.json"));
    }

    static String with(String json, String key, String value) {
        JsonObject o = JsonParser.parseString(json).getAsJsonObject();
        o.add(key, JsonParser.parseString(value));
        return o.toString();
    }

    @Test
    void readsPythiaAndCountsItsParametersAsHuggingFaceDoes() {
        ModelConfig c = config(PYTHIA_1_4B);
        assertEquals(Architecture.GPT_NEOX, c.architecture());
        assertEquals(128, c.headDim());
        assertEquals(new NeoXOptions(0.25, true), c.familyOptions());
        assertEquals(32, ((NeoXOptions) c.familyOptions()).rotaryDims(c.headDim()));
        assertFalse(c.gated());
        assertFalse(c.tieWordEmbeddings());
        assertEquals(1_414_647_808L, c.parameterCount()); // sum of numel() over pythia-1.4b's safetensors
        String m410 = with(
                with(with(PYTHIA_1_4B, "hidden_size", "1024"), "intermediate_size", "4096"),
                "num_attention_heads",
                "16");
        assertEquals(405_334_016L, config(m410).parameterCount()); // pythia-410m
    }

    @Test
    void writesItsConfigBackAndReadsTheSame() {
        ModelConfig c = config(PYTHIA_1_4B);
        JsonObject out = c.toHfJson();
        assertEquals("gpt_neox", out.get("model_type").getAsString());
        assertEquals(0.25, out.get("rotary_pct").getAsDouble());
        assertTrue(out.get("use_parallel_residual").getAsBoolean());
        assertEquals("gelu", out.get("hidden_act").getAsString());
        assertEquals(c, ModelConfig.fromJson(out, null));
        ModelConfig seq = config(with(PYTHIA_1_4B, "use_parallel_residual", "false"));
        assertEquals(seq, ModelConfig.fromJson(seq.toHfJson(), null));
    }

    @Test
    void refusesWhatItDoesNotImplementByName() {
        ConfigException e = assertThrows(
                ConfigException.class,
                () -> config(with(PYTHIA_1_4B, "rope_scaling", "{\"type\": \"linear\", \"factor\": 2.0}")));
        assertTrue(e.getMessage().contains("config.json") && e.getMessage().contains("rope_scaling"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> config(with(PYTHIA_1_4B, "rotary_pct", "0.01")));
        assertTrue(e.getMessage().contains("rotary_pct"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> config(with(PYTHIA_1_4B, "partial_rotary_factor", "0.5")));
        assertTrue(e.getMessage().contains("partial_rotary_factor"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> config(with(PYTHIA_1_4B, "hidden_act", "\"gelu_10\"")));
        assertTrue(e.getMessage().contains("hidden_act"), e.getMessage());
        // the newer spellings alone are read
        String renamed = with(with(PYTHIA_1_4B, "partial_rotary_factor", "0.5"), "rope_theta", "5000");
        JsonObject o = JsonParser.parseString(renamed).getAsJsonObject();
        o.remove("rotary_pct");
        o.remove("rotary_emb_base");
        ModelConfig c = config(o.toString());
        assertEquals(0.5, ((NeoXOptions) c.familyOptions()).rotaryPct());
        assertEquals(5000.0, c.ropeTheta());
    }

    @Test
    void everyTensorHasARoleAndBuffersAreSkipped() {
        ModelConfig c = config(PYTHIA_1_4B);
        for (ParamSpec s : Architectures.parameters(c)) {
            assertEquals(s.role(), Architectures.role(s.name()).orElseThrow(() -> new AssertionError(s.name())));
        }
        assertEquals(
                ParamSpec.Role.block(3, ModuleKind.QKV),
                Architectures.role("gpt_neox.layers.3.attention.query_key_value.bias")
                        .orElseThrow());
        assertEquals(
                ParamSpec.Role.block(3, ModuleKind.O),
                Architectures.role("gpt_neox.layers.3.attention.dense.weight").orElseThrow());
        assertEquals(
                ParamSpec.Role.block(0, ModuleKind.UP),
                Architectures.role("gpt_neox.layers.0.mlp.dense_h_to_4h.weight").orElseThrow());
        assertEquals(
                ParamSpec.Role.global(ModuleKind.HEAD, ParamSpec.Region.HEAD),
                Architectures.role("embed_out.weight").orElseThrow());
        assertEquals(
                ParamSpec.Role.global(ModuleKind.EMBED, ParamSpec.Region.EMBEDDINGS),
                Architectures.role("gpt_neox.embed_in.weight").orElseThrow());
        for (String buffer : List.of(
                "gpt_neox.layers.2.attention.bias",
                "gpt_neox.layers.2.attention.masked_bias",
                "gpt_neox.layers.2.attention.rotary_emb.inv_freq")) {
            assertTrue(Architectures.role(buffer).isEmpty(), buffer);
            assertEquals(OptionalInt.of(2), Architectures.layerOf(buffer), buffer);
            assertTrue(new GptNeoXAdapter().canonicalName(buffer).isEmpty(), buffer);
        }
    }

    @Test
    void loadsACheckpointWithOldBuffersAndSavesOneTransformersReads(@TempDir Path tmp) throws Exception {
        int[] ids = {5, 17, 3, 88, 40, 2, 61};
        try (Transformer model = Transformer.load(TINY, Device.cpu())) {
            float[][] logits = model.logits(ids);
            Path saved = tmp.resolve("saved");
            model.save(saved, Map.of());
            JsonObject cfg = JsonParser.parseString(Files.readString(saved.resolve("config.json")))
                    .getAsJsonObject();
            assertEquals(
                    "GPTNeoXForCausalLM",
                    cfg.getAsJsonArray("architectures").get(0).getAsString());
            try (Transformer back = Transformer.load(saved, Device.cpu())) {
                assertEquals(
                        0.0,
                        Diffs.maxAbsDiff(
                                ReferenceParityTest.flatten(logits), ReferenceParityTest.flatten(back.logits(ids))));
            }
        }
    }

    @Test
    void parallelBlocksHaveMlpHooksEverywhereAndNoResidMid() {
        try (Transformer model = Transformer.load(TINY, Device.cpu())) {
            List<HookName> names = model.hookNames();
            for (int l = 0; l < model.config().numLayers(); l++) {
                assertTrue(names.contains(HookName.block(l, HookSite.MLP_PRE)));
                assertTrue(names.contains(HookName.block(l, HookSite.MLP_POST)));
                assertTrue(names.contains(HookName.block(l, HookSite.RESID_POST)));
                assertFalse(names.contains(HookName.block(l, HookSite.RESID_MID)));
                assertFalse(names.contains(HookName.block(l, HookSite.MLP_PRE_LINEAR)));
            }
            assertFalse(names.contains(HookName.global(HookSite.POS_EMBED)));
            SkillscopeException e =
                    assertThrows(SkillscopeException.class, () -> model.hookName("blocks.0.hook_resid_mid"));
            assertTrue(e.getMessage().contains("hook_resid_mid"), e.getMessage());
            assertEquals(
                    2,
                    model.hookNames(io.skillscope.core.hooks.HookFilter.parse("blocks.*.mlp.hook_post"))
                            .size());
        }
        try (Transformer model = Transformer.load(SEQUENTIAL, Device.cpu())) {
            assertTrue(model.hookNames().contains(HookName.block(0, HookSite.RESID_MID)));
        }
    }

    @Test
    void replacingMlpHookPostChangesTheLogits() {
        int[] ids = {5, 17, 3, 88, 40, 2, 61};
        try (Transformer model = Transformer.load(TINY, Device.cpu())) {
            float[] clean = ReferenceParityTest.flatten(model.logits(ids));
            float[] ablated;
            float[] identity;
            try (HookSession s = model.hooks()) {
                s.replace("blocks.1.mlp.hook_post", (a, ctx) -> a);
                identity = ReferenceParityTest.flatten(model.logits(ids));
            }
            try (HookSession s = model.hooks()) {
                s.replace("blocks.1.mlp.hook_post", (a, ctx) -> a.zerosLike());
                ablated = ReferenceParityTest.flatten(model.logits(ids));
            }
            assertEquals(0.0, Diffs.maxAbsDiff(clean, identity));
            assertTrue(Diffs.maxAbsDiff(clean, ablated) > 1e-2, "zeroing mlp.hook_post moved nothing");
            // what NA, KSD, SP and probes read: the MLP keys and the residual stream
            CachedRun run = model.runWithCache(
                    ids,
                    HookName.block(0, HookSite.MLP_PRE),
                    HookName.block(0, HookSite.MLP_POST),
                    HookName.block(1, HookSite.RESID_POST));
            assertArrayEquals(
                    new long[] {1, ids.length, model.config().intermediateSize()},
                    run.cache().get("blocks.0.mlp.hook_post").shape());
        }
    }

    /** Greedy decoding with the KV cache (partial rotary on cached keys) equals full recomputation. */
    @Test
    void kvCacheGreedyEqualsRecomputationWithPartialRotary() {
        try (Transformer model = Transformer.load(TINY, Device.cpu())) {
            int[] a = {3, 1, 4, 1, 5, 9, 26};
            int[] b = {2, 7};
            List<Generation> gens = Generator.generate(model, List.of(a, b), GenerationConfig.greedy(10, 0));
            assertArrayEquals(greedyByRecompute(model, a, 10), gens.get(0).tokens());
            assertArrayEquals(greedyByRecompute(model, b, 10), gens.get(1).tokens());
        }
    }

    private static int[] greedyByRecompute(Transformer model, int[] prompt, int n) {
        int[] seq = prompt.clone();
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            float[] last = model.logits(seq)[seq.length - 1];
            int best = 0;
            for (int v = 1; v < last.length; v++) {
                if (last[v] > last[best]) {
                    best = v;
                }
            }
            out[i] = best;
            seq = Arrays.copyOf(seq, seq.length + 1);
            seq[seq.length - 1] = best;
        }
        return out;
    }

    @Test
    void randomModelsBuildForBothBlockKinds() {
        String json = PYTHIA_1_4B;
        for (String[] kv : new String[][] {
            {"hidden_size", "32"},
            {"intermediate_size", "64"},
            {"num_hidden_layers", "2"},
            {"vocab_size", "50"},
            {"num_attention_heads", "2"}
        }) {
            json = with(json, kv[0], kv[1]);
        }
        ModelConfig small = config(json);
        assertEquals(
                small.parameterCount() - 50 * 32,
                config(with(json, "tie_word_embeddings", "true")).parameterCount(),
                "a tied head is embed_in, counted once");
        for (ModelConfig c : List.of(
                small,
                config(with(small.toHfJson().toString(), "use_parallel_residual", "false")),
                config(with(small.toHfJson().toString(), "tie_word_embeddings", "true")))) {
            try (Transformer m = Transformer.random(c, 7, Device.cpu())) {
                assertEquals(c.parameterCount(), m.parameters().numel());
                assertInstanceOf(float[][].class, m.logits(1, 2, 3));
            }
        }
    }
}
