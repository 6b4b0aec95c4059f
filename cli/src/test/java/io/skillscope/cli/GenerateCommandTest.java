package io.skillscope.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.skillscope.core.generate.Generation;
import io.skillscope.core.generate.GenerationConfig;
import io.skillscope.core.generate.Generator;
import io.skillscope.core.model.Transformer;
import io.skillscope.core.testing.TinyModelFolder;
import io.skillscope.core.tokenizer.HfTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code skillscope generate} prints what the library generates, and stops at the tokenizer's eos. */
class GenerateCommandTest {
    @TempDir
    Path dir;

    private static int[] library(Path model, int[] prompt, GenerationConfig config) {
        try (Transformer m = Transformer.load(model)) {
            Generation g = Generator.generate(m, prompt, config);
            return g.tokens();
        }
    }

    private static String decode(Path model, int[] ids) {
        try (HfTokenizer tok = HfTokenizer.load(model)) {
            return tok.decode(ids);
        }
    }

    @Test
    void greedyOutputEqualsTheLibraryAndStopsAtEos() throws IOException {
        Path model = TinyModelFolder.write(dir.resolve("tiny"), 21);
        int[] prompt = {2, 3, 4}; // "a b c"
        int[] greedy = library(model, prompt, GenerationConfig.greedy(12, 0));
        assertEquals(12, greedy.length);

        CliRun r = CliRun.of("generate", "--model", model.toString(), "--prompt", "a b c", "--max-new", "12");
        assertEquals(0, r.code(), r.toString());
        assertEquals(decode(model, greedy) + "\n", r.out(), "no eos declared: the full 12 tokens");

        // Declare the third generated token as eos: the output must end right before its first occurrence.
        int eos = greedy[2];
        int cut = 0;
        while (greedy[cut] != eos) {
            cut++;
        }
        String eosWord = decode(model, new int[] {eos});
        Files.writeString(model.resolve("tokenizer_config.json"), "{\"eos_token\": \"" + eosWord + "\"}");
        CliRun stopped = CliRun.of("generate", "--model", model.toString(), "--prompt", "a b c", "--max-new", "12");
        assertEquals(0, stopped.code(), stopped.toString());
        assertEquals(
                decode(model, Arrays.copyOf(greedy, cut)) + "\n",
                stopped.out(),
                "stops at eos id " + eos + " after " + cut + " tokens");
    }

    @Test
    void samplingIsSeededAndMatchesTheLibrary() throws IOException {
        Path model = TinyModelFolder.write(dir.resolve("tiny"), 22);
        int[] prompt = {5, 6};
        int[] s1 = library(model, prompt, GenerationConfig.sampled(10, 1.5, 0.95, 4, 0));
        int[] s2 = library(model, prompt, GenerationConfig.sampled(10, 1.5, 0.95, 5, 0));
        assertFalse(Arrays.equals(s1, s2), "different seeds give different samples for this model");
        CliRun r = CliRun.of(
                "generate",
                "--model",
                model.toString(),
                "--prompt",
                "d e",
                "--max-new",
                "10",
                "--temperature",
                "1.5",
                "--top-p",
                "0.95",
                "--seed",
                "4");
        assertEquals(0, r.code(), r.toString());
        assertEquals(decode(model, s1) + "\n", r.out());
        assertNotEquals(decode(model, s2) + "\n", r.out());
        assertArrayEquals(new int[] {5, 6}, prompt);
    }
}
