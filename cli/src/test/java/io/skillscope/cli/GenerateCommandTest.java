package io.skillscope.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skillscope.core.generate.Generation;
import io.skillscope.core.generate.GenerationConfig;
import io.skillscope.core.generate.Generator;
import io.skillscope.core.model.Transformer;
import io.skillscope.core.testing.ShippedModels;
import io.skillscope.core.testing.TinyModelFolder;
import io.skillscope.core.tokenizer.HfTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    /** {@code --max-new 1000000000} reached 20 GB; now it is capped to the context, with one line saying so. */
    @Test
    void maxNewPastTheContextIsCappedWithOneLine() throws IOException {
        Path model = TinyModelFolder.write(dir.resolve("tiny"), 21); // 64-token context, no eos
        int[] expected = library(model, new int[] {2, 3, 4}, GenerationConfig.greedy(61, 0));
        CliRun r = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
                java.time.Duration.ofSeconds(60),
                () -> CliRun.of(
                        "generate", "--model", model.toString(), "--prompt", "a b c", "--max-new", "1000000000"));
        assertEquals(0, r.code(), r.toString());
        assertEquals(
                "--max-new 1000000000 capped to 61: the prompt's 3 tokens and the new ones fit the model's 64-token"
                        + " context\n",
                r.err());
        assertEquals(decode(model, expected) + "\n", r.out());
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

    /** {@code generation_config.json}'s {@code eos_token_id} list: generation stops at any of its ids. */
    @Test
    void generationStopsAtAnyIdOfGenerationConfigsEosList() throws IOException {
        Path model = TinyModelFolder.write(dir.resolve("tiny"), 21);
        int[] greedy = library(model, new int[] {2, 3, 4}, GenerationConfig.greedy(12, 0));
        int stop = greedy[3];
        int cut = 0;
        while (greedy[cut] != stop) {
            cut++;
        }
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        Arrays.stream(greedy).forEach(seen::add);
        int absent = 2;
        while (seen.contains(absent)) {
            absent++;
        }
        Files.writeString(
                model.resolve("generation_config.json"), "{\"eos_token_id\": [" + absent + ", " + stop + "]}");
        CliRun r = CliRun.of("generate", "--model", model.toString(), "--prompt", "a b c", "--max-new", "12");
        assertEquals(0, r.code(), r.toString());
        assertEquals(decode(model, Arrays.copyOf(greedy, cut)) + "\n", r.out(), "stops at " + stop + " after " + cut);
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

    /** Issue 13, defect 1: the shipped skill lab reverses {@code abc}, with BOS in front and stopping at EOS. */
    @Test
    void theShippedSkillLabAnswersRevWithBosAndStopsAtEos() {
        CliRun r = CliRun.of(
                "generate",
                "--model",
                ShippedModels.SKILL_LAB_BASE.toString(),
                "--prompt",
                "rev(abc)=",
                "--max-new",
                "10");
        assertEquals(0, r.code(), r.toString());
        assertEquals("cba\n", r.out());
    }

    /**
     * Every seen skill of the shipped skill lab's recipe, through {@code skillscope generate}: for each skill,
     * the first item of its test split (drawn as its recipe drew it) that the library answers correctly
     * (greedy, {@code <bos>} + prompt, stopping at {@code <eos>}) — the model is ≥ 95% exact per skill,
     * not 100% — must be printed exactly, nothing after the answer although 24 new tokens are allowed.
     * The library must get at least 7 of each skill's first 8 items.
     */
    @Test
    void generateAnswersEverySeenSkillOfTheShippedSkillLab() {
        Path shipped = ShippedModels.SKILL_LAB_BASE;
        io.skillscope.lab.Recipe recipe = io.skillscope.lab.Recipe.load(shipped);
        assertEquals(io.skillscope.datasets.SkillSuite.SEEN, recipe.skills());
        io.skillscope.lab.LabData data = io.skillscope.lab.LabData.of(recipe, recipe.suite());
        io.skillscope.datasets.CharTokenizer tok = io.skillscope.datasets.CharTokenizer.standard();
        Map<String, List<io.skillscope.datasets.Example>> items = new LinkedHashMap<>();
        List<int[]> prompts = new ArrayList<>();
        for (String skill : io.skillscope.datasets.SkillSuite.SEEN) {
            List<io.skillscope.datasets.Example> first = data.testOf(skill).subList(0, 8);
            items.put(skill, first);
            first.forEach(e -> prompts.add(io.skillscope.lab.LabData.prompt(tok, e)));
        }
        List<Generation> gens;
        try (Transformer m = Transformer.load(shipped)) {
            gens = Generator.generate(m, prompts, GenerationConfig.greedy(24, tok.padId(), tok.eosId()));
        }
        int k = 0;
        for (Map.Entry<String, List<io.skillscope.datasets.Example>> e : items.entrySet()) {
            io.skillscope.datasets.Example chosen = null;
            int correct = 0;
            for (io.skillscope.datasets.Example ex : e.getValue()) {
                Generation g = gens.get(k++);
                if (g.stopped() && tok.decode(g.tokens()).equals(ex.answer())) {
                    correct++;
                    chosen = chosen == null ? ex : chosen;
                }
            }
            assertTrue(correct >= 7, e.getKey() + ": the library answers " + correct + " of 8");
            CliRun r = CliRun.of(
                    "generate", "--model", shipped.toString(), "--prompt", chosen.prompt(), "--max-new", "24");
            assertEquals(0, r.code(), r.toString());
            assertEquals(chosen.answer() + "\n", r.out(), e.getKey() + ": " + chosen.prompt());
        }
    }
}
