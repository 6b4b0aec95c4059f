package io.skillscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.skillscope.core.config.ModelConfig;
import io.skillscope.core.model.Transformer;
import io.skillscope.core.testing.TinyBpe;
import io.skillscope.core.testing.TinyBpeFolder;
import io.skillscope.core.testing.TinyBpeFolder.Style;
import io.skillscope.core.testing.TinyModels;
import io.skillscope.core.tokenizer.HfTokenizer;
import io.skillscope.datasets.CharTokenizer;
import io.skillscope.datasets.Example;
import io.skillscope.datasets.Jsonl;
import io.skillscope.datasets.SkillSuite;
import io.skillscope.datasets.Splits;
import io.skillscope.probes.ProbeResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The commands on model folders with a real byte-level BPE {@code tokenizer.json} (built by {@link TinyBpe})
 * and an embedding with more rows than the tokenizer has ids, as Qwen2.5 and Llama 3 ship them: {@code
 * forward --text}, {@code generate}, and the pipeline commands on JSONL data ({@code probe --data}, {@code
 * unlearn --forget FILE}, {@code localize --data}); and tokenizers that do not fit their model, refused at
 * the start.
 */
class RealTokenizerCommandsTest {
    @TempDir
    Path dir;

    private Path jsonl(String name, String skill, int n, long seed) {
        List<Example> ex =
                Splits.generate(SkillSuite.standard().get(skill), n, 0, 0, seed).train();
        Path f = dir.resolve(name + ".jsonl");
        Jsonl.write(f, ex);
        return f;
    }

    private static JsonObject json(Path file) throws IOException {
        return JsonParser.parseString(Files.readString(file)).getAsJsonObject();
    }

    @ParameterizedTest
    @EnumSource(Style.class)
    void forwardTextEncodesWithTheFoldersTokenizerAndItsBos(Style style) throws IOException {
        Path model = TinyBpeFolder.write(dir.resolve("m"), style, 1);
        String text = "rev(abc)=cba and the model";
        CliRun r = CliRun.of(
                "forward",
                "--model",
                model.toString(),
                "--text",
                text,
                "--hooks",
                "blocks.0.mlp.hook_post",
                "--out",
                dir.resolve("out").toString());
        assertEquals(0, r.code(), r.toString());
        int[] expected;
        try (HfTokenizer tok = HfTokenizer.load(model, true)) {
            expected = tok.encode(text); // transformers' tokenizer(text): the post-processor's BOS for Llama 3
        }
        JsonObject res = json(dir.resolve("out/result.json"));
        JsonArray ids = res.getAsJsonObject("settings").getAsJsonArray("ids");
        assertEquals(expected.length, ids.size(), res.toString());
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], ids.get(i).getAsInt());
        }
        TinyBpe bpe = TinyBpeFolder.tokenizer(style);
        if (style == Style.LLAMA3) {
            assertEquals(bpe.id("<|begin_of_text|>"), expected[0], "Llama 3's template prepends BOS");
        } else {
            assertTrue(expected[0] < bpe.vocabSize() - 3, "Qwen2 prepends nothing: " + expected[0]);
        }
    }

    @ParameterizedTest
    @EnumSource(Style.class)
    void generateProbeUnlearnAndLocalizeRunOnBpeFolders(Style style) throws IOException {
        Path model = TinyBpeFolder.write(dir.resolve("base"), style, 1);
        Path ft = TinyBpeFolder.write(dir.resolve("ft"), style, 2);
        CliRun gen = CliRun.of("generate", "--model", model.toString(), "--prompt", "the model", "--max-new", "12");
        assertEquals(0, gen.code(), gen.toString());

        Path rev = jsonl("rev-set", "rev", 12, 1);
        Path sort = jsonl("sort-set", "sort", 12, 2);
        CliRun probe = CliRun.of(
                "probe",
                "--model",
                model.toString(),
                "--data",
                rev + "," + sort,
                "--hook",
                "blocks.1.mlp.hook_post",
                "--position",
                "answer",
                "--out",
                dir.resolve("probe").toString());
        assertEquals(0, probe.code(), probe.toString());
        long answerTokens = 0;
        try (HfTokenizer tok = HfTokenizer.load(model)) {
            for (Example e : Jsonl.read(rev, io.skillscope.datasets.FieldNames.DEFAULT, "rev")) {
                answerTokens += tok.encode(e.answer()).length + 1; // + the first stop id
            }
        }
        assertEquals(
                answerTokens,
                ProbeResult.load(dir.resolve("probe/rev-set"))
                        .get("blocks.1.mlp.hook_post")
                        .count());

        CliRun unlearn = CliRun.of(
                "unlearn",
                "na",
                "--model",
                model.toString(),
                "--forget",
                rev.toString(),
                "--retain",
                sort.toString(),
                "--out",
                dir.resolve("unlearn").toString());
        assertEquals(0, unlearn.code(), unlearn.toString());
        assertTrue(Files.isRegularFile(dir.resolve("unlearn/result.json")));

        Path many = jsonl("add-set", "add", 16, 3);
        CliRun localize = CliRun.of(
                "localize",
                "--base",
                model.toString(),
                "--finetuned",
                ft.toString(),
                "--data",
                many.toString(),
                "--train",
                "8",
                "--dev",
                "4",
                "--test",
                "4",
                "--steps",
                "2",
                "--sparsity",
                "0.01",
                "--out",
                dir.resolve("localize").toString());
        assertEquals(0, localize.code(), localize.toString());
        assertTrue(Files.isRegularFile(dir.resolve("localize/mask.safetensors")));
    }

    /**
     * The failure: {@code unlearn na} on a model with more embedding rows than its (character)
     * tokenizer failed after minutes with {@code token id 139513 is outside [0, 99)} when greedy decoding
     * picked an id the tokenizer cannot decode. Now such ids are never generated.
     */
    @Test
    void unlearnOnAModelLargerThanItsCharacterTokenizerNeverDecodesAnUnknownId() throws IOException {
        Path model = dir.resolve("wide");
        ModelConfig cfg = TinyModels.llamaConfig(TinyModels.CHAR_VOCAB + 200);
        try (Transformer m = Transformer.random(cfg, 4, ai.djl.Device.cpu())) {
            m.save(model, Map.of());
        }
        CharTokenizer.standard().writeTokenizerJson(model.resolve("tokenizer.json"));
        CliRun r = CliRun.of(
                "unlearn",
                "na",
                "--model",
                model.toString(),
                "--forget",
                "add",
                "--retain",
                "rev",
                "--train",
                "8",
                "--dev",
                "4",
                "--test",
                "8",
                "--out",
                dir.resolve("out").toString());
        assertEquals(0, r.code(), r.toString());
    }

    /** A tokenizer with more ids than the embedding has rows is an error at the start, naming both sizes. */
    @Test
    void aTokenizerLargerThanTheModelIsRefusedBeforeAnyCompute() throws IOException {
        Path model = dir.resolve("narrow");
        try (Transformer m = Transformer.random(TinyModels.llamaConfig(100), 4, ai.djl.Device.cpu())) {
            m.save(model, Map.of());
        }
        TinyBpe bpe = TinyBpeFolder.tokenizer(Style.QWEN2);
        bpe.write(model.resolve("tokenizer.json"), null);
        Files.writeString(model.resolve("generation_config.json"), "{\"eos_token_id\": 2}");
        Path copy = Files.createDirectories(dir.resolve("narrow2"));
        for (String f : List.of("config.json", "model.safetensors", "tokenizer.json", "generation_config.json")) {
            Files.copy(model.resolve(f), copy.resolve(f));
        }
        Path rev = jsonl("rev-set", "rev", 12, 1);
        Path sort = jsonl("sort-set", "sort", 12, 2);
        List<CliRun> runs = new ArrayList<>();
        runs.add(CliRun.of("generate", "--model", model.toString(), "--prompt", "the"));
        runs.add(CliRun.of(
                "forward",
                "--model",
                model.toString(),
                "--text",
                "the",
                "--hooks",
                "blocks.0.mlp.hook_post",
                "--out",
                dir.resolve("f").toString()));
        runs.add(CliRun.of(
                "probe",
                "--model",
                model.toString(),
                "--data",
                rev + "," + sort,
                "--out",
                dir.resolve("p").toString()));
        runs.add(CliRun.of(
                "unlearn",
                "na",
                "--model",
                model.toString(),
                "--forget",
                rev.toString(),
                "--retain",
                sort.toString(),
                "--out",
                dir.resolve("u").toString()));
        runs.add(CliRun.of(
                "localize",
                "--base",
                model.toString(),
                "--finetuned",
                copy.toString(),
                "--data",
                rev.toString(),
                "--sparsity",
                "0.01",
                "--out",
                dir.resolve("l").toString()));
        for (CliRun r : runs) {
            assertEquals(1, r.code(), r.toString());
            assertTrue(r.err().contains(model.resolve("tokenizer.json").toString()), r.err());
            assertTrue(r.err().contains(bpe.vocabSize() + " ids") && r.err().contains("only 100 rows"), r.err());
            assertEquals(1, r.errLines(), r.toString());
        }
        for (String out : List.of("f", "p", "u", "l")) {
            assertFalse(Files.exists(dir.resolve(out)), "nothing written to " + out);
        }
    }
}
