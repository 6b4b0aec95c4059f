package io.skillscope.core.testing;

import ai.djl.Device;
import io.skillscope.core.config.Activation;
import io.skillscope.core.config.Architecture;
import io.skillscope.core.config.ModelConfig;
import io.skillscope.core.model.Transformer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Model folders with a real byte-level BPE {@code tokenizer.json} ({@link TinyBpe}, trained on {@link
 * TinyBpe#sampleText}) and a tiny random model whose embedding has MORE rows than the tokenizer has ids, as
 * Qwen2.5's (151,936 rows, 151,665 tokens) and Llama 3's do.
 */
public final class TinyBpeFolder {
    /** Extra embedding rows beyond the tokenizer's ids. */
    public static final int EXTRA_ROWS = 64;

    /** Merges learned for every folder. */
    public static final int MERGES = 120;

    /** Which real layout a folder imitates. */
    public enum Style {
        /**
         * Qwen2.5: architecture {@code qwen2} (q/k/v biases, tied embeddings), specials {@code
         * <|endoftext|>}, {@code <|im_start|>}, {@code <|im_end|>}; the ByteLevel post-processor adds no
         * BOS; {@code config.json} declares {@code <|endoftext|>} as BOS and EOS, {@code
         * generation_config.json} stops at {@code [<|im_end|>, <|endoftext|>]}.
         */
        QWEN2,
        /**
         * Llama 3: architecture {@code llama}, specials {@code <|begin_of_text|>}, {@code <|end_of_text|>},
         * {@code <|eot_id|>}; the post-processor prepends {@code <|begin_of_text|>}; {@code config.json}
         * declares BOS and {@code <|end_of_text|>}, {@code generation_config.json} stops at {@code
         * [<|end_of_text|>, <|eot_id|>]}.
         */
        LLAMA3
    }

    private TinyBpeFolder() {}

    /** The tokenizer every folder of a style uses (same text, same merges). */
    public static TinyBpe tokenizer(Style style) {
        String[] specials = style == Style.QWEN2
                ? new String[] {"<|endoftext|>", "<|im_start|>", "<|im_end|>"}
                : new String[] {"<|begin_of_text|>", "<|end_of_text|>", "<|eot_id|>"};
        return TinyBpe.train(TinyBpe.sampleText(7, 4000), MERGES, specials);
    }

    /** The model's configuration: the tokenizer's ids plus {@link #EXTRA_ROWS}, d 32, 2 layers. */
    public static ModelConfig config(Style style) {
        TinyBpe bpe = tokenizer(style);
        int rows = bpe.vocabSize() + EXTRA_ROWS;
        if (style == Style.QWEN2) {
            int eot = bpe.id("<|endoftext|>");
            return new ModelConfig(
                    Architecture.QWEN2,
                    rows,
                    32,
                    2,
                    4,
                    2,
                    8,
                    48,
                    64,
                    1e-6,
                    1e4,
                    true,
                    true,
                    false,
                    false,
                    Activation.SILU,
                    eot,
                    eot,
                    null);
        }
        return ModelConfig.llama(rows, 32, 2, 4, 2, 48, 64)
                .withTokenIds(bpe.id("<|begin_of_text|>"), bpe.id("<|end_of_text|>"));
    }

    /**
     * Writes config.json, model.safetensors (random weights from {@code seed}), tokenizer.json and
     * generation_config.json.
     *
     * @return {@code dir}
     */
    public static Path write(Path dir, Style style, long seed) throws IOException {
        Files.createDirectories(dir);
        TinyBpe bpe = tokenizer(style);
        try (Transformer m = Transformer.random(config(style), seed, Device.cpu())) {
            m.save(dir, Map.of());
        }
        if (style == Style.QWEN2) {
            bpe.write(dir.resolve("tokenizer.json"), null);
            Files.writeString(
                    dir.resolve("generation_config.json"),
                    "{\"bos_token_id\": " + bpe.id("<|endoftext|>") + ", \"eos_token_id\": [" + bpe.id("<|im_end|>")
                            + ", " + bpe.id("<|endoftext|>") + "]}\n");
        } else {
            bpe.write(dir.resolve("tokenizer.json"), "<|begin_of_text|>");
            Files.writeString(
                    dir.resolve("generation_config.json"),
                    "{\"bos_token_id\": " + bpe.id("<|begin_of_text|>") + ", \"eos_token_id\": ["
                            + bpe.id("<|end_of_text|>") + ", " + bpe.id("<|eot_id|>") + "]}\n");
        }
        return dir;
    }
}
