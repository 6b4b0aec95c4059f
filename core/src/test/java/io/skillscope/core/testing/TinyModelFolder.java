package io.skillscope.core.testing;

import ai.djl.Device;
import io.skillscope.core.config.ModelConfig;
import io.skillscope.core.model.Transformer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A Hugging Face folder for tests: a random Llama-family model (vocab 16, d 32, 2 layers, 4 heads,
 * 2 key/value heads, MLP 48) and a WordLevel tokenizer.json whose 16 words are the model's ids.
 */
public final class TinyModelFolder {
    /** The model's configuration: {@link TinyModels#llamaConfig(int)} over 16 ids. */
    public static final ModelConfig CONFIG = TinyModels.llamaConfig(16);

    /** {@code <unk>} 0, {@code <eos>} 1, then the words {@code a}..{@code n} as ids 2..15, split on whitespace. */
    public static final String TOKENIZER_JSON = """
            {
              "version": "1.0",
              "truncation": null,
              "padding": null,
              "added_tokens": [
                {"id": 0, "content": "<unk>", "single_word": false, "lstrip": false, "rstrip": false,
                 "normalized": false, "special": true},
                {"id": 1, "content": "<eos>", "single_word": false, "lstrip": false, "rstrip": false,
                 "normalized": false, "special": true}
              ],
              "normalizer": null,
              "pre_tokenizer": {"type": "Whitespace"},
              "post_processor": null,
              "decoder": null,
              "model": {
                "type": "WordLevel",
                "vocab": {"<unk>": 0, "<eos>": 1, "a": 2, "b": 3, "c": 4, "d": 5, "e": 6, "f": 7, "g": 8,
                          "h": 9, "i": 10, "j": 11, "k": 12, "l": 13, "m": 14, "n": 15},
                "unk_token": "<unk>"
              }
            }
            """;

    private TinyModelFolder() {}

    /** Writes config.json, model.safetensors (weights from {@code seed}) and tokenizer.json into {@code dir}. */
    public static Path write(Path dir, long seed) throws IOException {
        Files.createDirectories(dir);
        try (Transformer m = Transformer.random(CONFIG, seed, Device.cpu())) {
            m.save(dir, Map.of());
        }
        Files.writeString(dir.resolve("tokenizer.json"), TOKENIZER_JSON);
        return dir;
    }
}
