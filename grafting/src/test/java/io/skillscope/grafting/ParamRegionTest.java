package io.skillscope.grafting;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.skillscope.core.config.Activation;
import io.skillscope.core.config.Architecture;
import io.skillscope.core.config.ModelConfig;
import io.skillscope.core.model.Architectures;
import io.skillscope.core.model.ParamSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** ParamRegion asks the architecture adapters; it selects the same tensors as the name regexes it replaced. */
class ParamRegionTest {
    private static final Pattern LAYER = Pattern.compile("(?:^|\\.)(?:layers|h|blocks|layer)\\.(\\d+)\\.");

    /** The name-regex ParamRegion.of this class had before the adapters declared regions. */
    private static ParamRegion oldOf(String name) {
        if (oldLayerOf(name).isPresent()) {
            return ParamRegion.BLOCKS;
        }
        if (name.contains("wpe") || name.contains("embed_positions") || name.contains("position_embeddings")) {
            return ParamRegion.POSITIONS;
        }
        if (name.contains("embed_tokens")
                || name.contains("wte")
                || name.contains("word_embeddings")
                || name.contains("embed_in")) {
            return ParamRegion.EMBEDDINGS;
        }
        if (name.startsWith("lm_head") || name.contains("embed_out")) {
            return ParamRegion.HEAD;
        }
        if (name.contains("norm") || name.contains("ln_f")) {
            return ParamRegion.FINAL_NORM;
        }
        return ParamRegion.OTHER;
    }

    private static OptionalInt oldLayerOf(String name) {
        Matcher m = LAYER.matcher(name);
        return m.find() ? OptionalInt.of(Integer.parseInt(m.group(1))) : OptionalInt.empty();
    }

    private static List<String> names() {
        List<ModelConfig> configs = List.of(
                ModelConfig.gpt2(50, 16, 12, 2, 32),
                ModelConfig.llama(50, 16, 3, 2, 1, 24, 32),
                ModelConfig.llama(50, 16, 2, 2, 1, 24, 32).withTieWordEmbeddings(true),
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
                        null),
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
                        Architecture.MISTRAL,
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
                        false,
                        false,
                        false,
                        Activation.SILU,
                        null,
                        null,
                        16));
        List<String> names = new ArrayList<>();
        for (ModelConfig c : configs) {
            for (ParamSpec s : Architectures.parameters(c)) {
                names.add(s.name());
                if (s.name().startsWith("transformer.")) {
                    names.add(s.name().substring("transformer.".length())); // GPT-2 files without the prefix
                }
            }
        }
        // Buffers and tensors a checkpoint may hold beside the parameters.
        names.addAll(List.of(
                "transformer.h.3.attn.bias",
                "h.0.attn.masked_bias",
                "lm_head.weight",
                "model.layers.0.self_attn.rotary_emb.inv_freq",
                "model.layers.0.w",
                "model.layers.2.w"));
        return names;
    }

    @Test
    void selectsWhatTheNameRegexesSelectedOnGpt2AndLlamaFamilyNames() {
        List<String> names = names();
        for (String n : names) {
            assertEquals(oldOf(n), ParamRegion.of(n), n);
            assertEquals(oldLayerOf(n), ParamRegion.layerOf(n), n);
        }
    }

    @Test
    void regionOfEveryDeclaredParameterIsItsSpecsRegion() {
        for (ParamSpec s : Architectures.parameters(ModelConfig.llama(50, 16, 2, 2, 1, 24, 32))) {
            assertEquals(ParamRegion.of(s.region()), ParamRegion.of(s.name()), s.name());
        }
        for (ParamSpec s : Architectures.parameters(ModelConfig.gpt2(50, 16, 2, 2, 32))) {
            assertEquals(ParamRegion.of(s.region()), ParamRegion.of(s.name()), s.name());
        }
    }
}
