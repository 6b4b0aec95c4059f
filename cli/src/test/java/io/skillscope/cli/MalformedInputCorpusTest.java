package io.skillscope.cli;

import static io.skillscope.cli.MalformedInputs.configField;
import static io.skillscope.cli.MalformedInputs.headerLength;
import static io.skillscope.cli.MalformedInputs.headerText;
import static io.skillscope.cli.MalformedInputs.jsonl;
import static io.skillscope.cli.MalformedInputs.lab;
import static io.skillscope.cli.MalformedInputs.longRow;
import static io.skillscope.cli.MalformedInputs.nanRow;
import static io.skillscope.cli.MalformedInputs.recipe;
import static io.skillscope.cli.MalformedInputs.tensors;
import static io.skillscope.cli.MalformedInputs.tiny;
import static io.skillscope.cli.MalformedInputs.tokenizer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.skillscope.core.checkpoint.HostTensor;
import io.skillscope.core.memory.MemoryBudget;
import io.skillscope.grafting.Mask;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kept corpus of malformed inputs (issue 17): checkpoints, configs, tokenizers, JSONL, masks and
 * recipes, each built by {@link MalformedInputs} and run through the command line in-process. Every case
 * must end with exit code 1 or 2 and one line on stderr that names the file, field or value, with no
 * stack trace, within {@link #TIME_BOUND} and {@link #RSS_BOUND}, and leave its inputs' bytes as they
 * were. Add a case for every defect found.
 */
class MalformedInputCorpusTest {
    /** Wall-clock bound of one case. */
    static final Duration TIME_BOUND = Duration.ofSeconds(20);

    /** Peak resident set of the test JVM after any case (the runaway cases reached 20 GB). */
    static final long RSS_BOUND = 3L << 30;

    @TempDir
    static Path root;

    /**
     * One case.
     *
     * @param name what is broken
     * @param args the command line, given the case's input folder and an output folder beside it
     * @param inputs builds the inputs into the folder
     * @param expected what the one error line must contain, given the input folder
     */
    record Case(
            String name,
            Function<Path, Void> inputs,
            Function<Path, String[]> args,
            Set<Integer> codes,
            Function<Path, List<String>> expected) {}

    private static Case c(
            String name,
            java.util.function.Consumer<Path> inputs,
            Function<Path, String[]> args,
            int code,
            Function<Path, List<String>> expected) {
        return new Case(
                name,
                p -> {
                    inputs.accept(p);
                    return null;
                },
                args,
                Set.of(code),
                expected);
    }

    private static String s(Path p) {
        return p.toString();
    }

    private static Path out(Path in) {
        return in.resolveSibling(in.getFileName() + "-out");
    }

    static List<Case> cases() {
        List<Case> cs = new ArrayList<>();
        // --- checkpoints (headers, offsets, dtypes, shapes, values)
        cs.add(c(
                "header length past the end of the file",
                in -> headerLength(in.resolve("m"), 1L << 40),
                in -> new String[] {"info", "--model", s(in.resolve("m"))},
                1,
                in -> List.of("model.safetensors")));
        cs.add(c(
                "header that is not JSON",
                in -> headerText(in.resolve("m"), "{\"", "#\""),
                in -> new String[] {"info", "--model", s(in.resolve("m"))},
                1,
                in -> List.of("model.safetensors")));
        cs.add(c(
                "data offsets past the end of the file",
                in -> MalformedInputs.truncated(in.resolve("m"), 100),
                in -> new String[] {"info", "--model", s(in.resolve("m"))},
                1,
                in -> List.of("model.safetensors")));
        cs.add(c(
                "unknown dtype",
                in -> headerText(in.resolve("m"), "\"F32\"", "\"X32\""),
                in -> new String[] {"info", "--model", s(in.resolve("m"))},
                1,
                in -> List.of("model.safetensors", "X32")));
        for (String cmd : List.of("info", "forward")) {
            cs.add(c(
                    "norm weights relabelled I32 (" + cmd + ")",
                    in -> headerText(
                            in.resolve("m"),
                            "\"model.norm.weight\":{\"dtype\":\"F32\"",
                            "\"model.norm.weight\":{\"dtype\":\"I32\""),
                    in -> cmd.equals("info")
                            ? new String[] {"info", "--model", s(in.resolve("m"))}
                            : new String[] {
                                "forward", "--model", s(in.resolve("m")), "--ids", "2,3", "--out", s(out(in))
                            },
                    1,
                    in -> List.of("model.norm.weight", "I32", "integer dtype")));
        }
        cs.add(c(
                "config claiming 8.8 T parameters beside small tensors",
                in -> MalformedInputs.config(
                        in.resolve("m"),
                        j -> j.replaceFirst("\"hidden_size\": 32", "\"hidden_size\": 65536")
                                .replaceFirst("\"intermediate_size\": 48", "\"intermediate_size\": 1048576")
                                .replaceFirst("\"num_hidden_layers\": 2", "\"num_hidden_layers\": 1024")
                                .replaceFirst("\"head_dim\": 8", "\"head_dim\": 16384")),
                in -> new String[] {"info", "--model", s(in.resolve("m"))},
                1,
                in -> List.of("model.embed_tokens.weight", "[16, 32]", "[16, 65536]")));
        cs.add(c(
                "a tensor missing",
                in -> tensors(in.resolve("m"), all -> all.remove("model.layers.1.mlp.up_proj.weight")),
                in -> new String[] {"info", "--model", s(in.resolve("m"))},
                1,
                in -> List.of("missing tensor 'model.layers.1.mlp.up_proj.weight'")));
        cs.add(c(
                "a tensor too many",
                in -> tensors(
                        in.resolve("m"),
                        all -> all.put("model.layers.7.mlp.up_proj.weight", HostTensor.ofFloats(new float[4], 2, 2))),
                in -> new String[] {"info", "--model", s(in.resolve("m"))},
                1,
                in -> List.of("model.layers.7.mlp.up_proj.weight")));
        cs.add(c(
                "NaN row in lm_head (generate)",
                in -> nanRow(in.resolve("m"), "lm_head.weight", 4),
                in -> new String[] {"generate", "--model", s(in.resolve("m")), "--prompt", "a b c", "--max-new", "4"},
                1,
                in -> List.of("lm_head.weight", "NaN", "[4, 0]")));
        cs.add(c(
                "NaN row in lm_head (forward)",
                in -> nanRow(in.resolve("m"), "lm_head.weight", 4),
                in -> new String[] {"forward", "--model", s(in.resolve("m")), "--ids", "2,3", "--out", s(out(in))},
                1,
                in -> List.of("the logits", "lm_head.weight", "NaN")));
        cs.add(c(
                "NaN row in lm_head (info --check-finite)",
                in -> nanRow(in.resolve("m"), "lm_head.weight", 4),
                in -> new String[] {"info", "--model", s(in.resolve("m")), "--check-finite"},
                1,
                in -> List.of("model.safetensors", "lm_head.weight", "NaN at index 128 [4, 0]")));
        cs.add(c(
                "NaN row in lm_head (generate --check-finite)",
                in -> nanRow(in.resolve("m"), "lm_head.weight", 4),
                in -> new String[] {"generate", "--model", s(in.resolve("m")), "--prompt", "a b", "--check-finite"},
                1,
                in -> List.of("model.safetensors", "tensor 'lm_head.weight' holds NaN at index 128 [4, 0]")));
        // --- configs
        cs.add(c(
                "config.json not JSON",
                in -> MalformedInputs.config(in.resolve("m"), j -> j.substring(0, j.length() / 2)),
                in -> new String[] {"info", "--model", s(in.resolve("m"))},
                1,
                in -> List.of("config.json")));
        cs.add(c(
                "hidden_size a string",
                in -> configField(in.resolve("m"), "hidden_size", "\"wide\""),
                in -> new String[] {"info", "--model", s(in.resolve("m"))},
                1,
                in -> List.of("config.json", "hidden_size")));
        cs.add(c(
                "negative head count",
                in -> configField(in.resolve("m"), "num_attention_heads", "-4"),
                in -> new String[] {"info", "--model", s(in.resolve("m"))},
                1,
                in -> List.of("config.json", "num_attention_heads", "-4")));
        cs.add(c(
                "unknown model_type",
                in -> configField(in.resolve("m"), "model_type", "\"gpt5\""),
                in -> new String[] {"info", "--model", s(in.resolve("m"))},
                1,
                in -> List.of("config.json", "gpt5")));
        // --- tokenizers
        cs.add(c(
                "tokenizer.json cut in half",
                in -> tokenizer(in.resolve("m"), t -> t.substring(0, t.length() / 2)),
                in -> new String[] {"generate", "--model", s(in.resolve("m")), "--prompt", "a b"},
                1,
                in -> List.of("tokenizer.json")));
        cs.add(c(
                "tokenizer.json of an unknown model type",
                in -> tokenizer(in.resolve("m"), t -> t.replace("\"WordLevel\"", "\"Telepathy\"")),
                in -> new String[] {"generate", "--model", s(in.resolve("m")), "--prompt", "a b"},
                1,
                in -> List.of("tokenizer.json")));
        // --- prompts longer than the context, and the mask size
        cs.add(c(
                "forward --ids past the context",
                in -> tiny(in.resolve("m")),
                in -> new String[] {
                    "forward", "--model", s(in.resolve("m")), "--ids", "2,".repeat(64) + "3", "--out", s(out(in))
                },
                2,
                in -> List.of("--ids is 65 tokens", "64-token context", "max_position_embeddings")));
        cs.add(c(
                "forward --ids 5,000 ids",
                in -> tiny(in.resolve("m")),
                in -> new String[] {
                    "forward", "--model", s(in.resolve("m")), "--ids", "2,".repeat(4999) + "3", "--out", s(out(in))
                },
                2,
                in -> List.of("--ids is 5000 tokens")));
        cs.add(c(
                "generate --prompt past the context",
                in -> lab(in.resolve("lab")),
                in -> new String[] {
                    "generate", "--model", s(in.resolve("lab")), "--prompt", "rev(" + "a".repeat(200) + ")="
                },
                2,
                in -> List.of("--prompt is", "64-token context")));
        // --- JSONL
        cs.add(c(
                "JSONL line without a prompt",
                in -> {
                    lab(in.resolve("lab"));
                    jsonl(in.resolve("d.jsonl"), "{\"prompt\":\"rev(ab)=\",\"answer\":\"ba\"}", "{\"answer\":\"ba\"}");
                },
                in -> probe(in, "d.jsonl"),
                1,
                in -> List.of("d.jsonl", "line 2", "prompt")));
        cs.add(c(
                "JSONL line of malformed JSON",
                in -> {
                    lab(in.resolve("lab"));
                    jsonl(
                            in.resolve("d.jsonl"),
                            "{\"prompt\":\"a\",\"answer\":\"b\"}",
                            "{\"prompt\":\"a\",\"answer\":\"b\"}",
                            "{\"prompt\":");
                },
                in -> probe(in, "d.jsonl"),
                1,
                in -> List.of("d.jsonl", "line 3")));
        cs.add(c(
                "JSONL line not UTF-8",
                in -> {
                    lab(in.resolve("lab"));
                    MalformedInputs.notUtf8(in.resolve("d.jsonl"));
                },
                in -> probe(in, "d.jsonl"),
                1,
                in -> List.of("d.jsonl", "line 2", "UTF-8")));
        cs.add(c(
                "probe JSONL row of 203 characters",
                in -> {
                    lab(in.resolve("lab"));
                    jsonl(in.resolve("d.jsonl"), longRow(10), longRow(20), longRow(203));
                },
                in -> probe(in, "d.jsonl"),
                1,
                in -> List.of("d.jsonl line 3", "64-token context")));
        cs.add(c(
                "probe JSONL of a 1 MB prompt",
                in -> {
                    lab(in.resolve("lab"));
                    jsonl(in.resolve("d.jsonl"), longRow(1_000_000));
                },
                in -> probe(in, "d.jsonl"),
                1,
                in -> List.of("d.jsonl line 1", "64-token context")));
        cs.add(c(
                "unlearn --forget row past the context",
                in -> {
                    lab(in.resolve("lab"));
                    String[] rows = new String[12];
                    for (int r = 0; r < rows.length; r++) {
                        rows[r] = longRow(r == 9 ? 300 : 8 + r);
                    }
                    jsonl(in.resolve("f.jsonl"), rows);
                },
                in -> new String[] {
                    "unlearn",
                    "na",
                    "--model",
                    s(in.resolve("lab")),
                    "--forget",
                    s(in.resolve("f.jsonl")),
                    "--retain",
                    "rev",
                    "--out",
                    s(out(in))
                },
                1,
                in -> List.of("f.jsonl line 10", "64-token context")));
        cs.add(c(
                "localize --data row past the context",
                in -> {
                    lab(in.resolve("pre"));
                    lab(in.resolve("ft"));
                    jsonl(in.resolve("t.jsonl"), longRow(10), longRow(11), longRow(12), longRow(400));
                },
                in -> new String[] {
                    "localize",
                    "--base",
                    s(in.resolve("pre")),
                    "--finetuned",
                    s(in.resolve("ft")),
                    "--data",
                    s(in.resolve("t.jsonl")),
                    "--sparsity",
                    "0.01",
                    "--train",
                    "1",
                    "--dev",
                    "1",
                    "--test",
                    "1",
                    "--out",
                    s(out(in))
                },
                1,
                in -> List.of("t.jsonl line 4", "64-token context")));
        // --- masks
        cs.add(c(
                "graft mask of the wrong shape",
                in -> {
                    tiny(in.resolve("pre"));
                    MalformedInputs.tensors(in.resolve("ft"), all -> {});
                    BitSet sel = new BitSet();
                    sel.set(1);
                    Mask.builder()
                            .put("lm_head.weight", new long[] {3, 3}, sel)
                            .build()
                            .save(in.resolve("mask"));
                    MalformedInputs.write(
                            in.resolve("merge.json"),
                            "{\"method\": \"graft\", \"base\": \""
                                    + in.resolve("pre") + "\", \"models\": [{\"model\": \"" + in.resolve("ft")
                                    + "\", \"mask\": \""
                                    + in.resolve("mask") + "\"}]}");
                },
                in -> new String[] {"merge", "--config", s(in.resolve("merge.json")), "--out", s(out(in))},
                1,
                in -> List.of("lm_head.weight", "[3, 3]")));
        // --- recipes
        cs.add(c(
                "recipe not JSON",
                in -> MalformedInputs.write(in.resolve("r.json"), "{\"stage\": \"BASE\", "),
                in -> new String[] {"train", "base", "--recipe", s(in.resolve("r.json")), "--out", s(out(in))},
                1,
                in -> List.of("r.json")));
        cs.add(c(
                "recipe with negative steps",
                in -> recipe(in.resolve("r.json"), o -> o.addProperty("steps", -5)),
                in -> new String[] {"train", "base", "--recipe", s(in.resolve("r.json")), "--out", s(out(in))},
                1,
                in -> List.of("steps", "-5")));
        cs.add(c(
                "recipe with a zero-width model",
                in -> recipe(
                        in.resolve("r.json"), o -> o.getAsJsonObject("model").addProperty("hidden", 0)),
                in -> new String[] {"train", "base", "--recipe", s(in.resolve("r.json")), "--out", s(out(in))},
                1,
                in -> List.of("hidden 0")));
        cs.add(c(
                "recipe of a 4.4 T-parameter model",
                in -> recipe(in.resolve("r.json"), o -> {
                    JsonObject m = o.getAsJsonObject("model");
                    m.addProperty("hidden", 65536);
                    m.addProperty("layers", 64);
                    m.addProperty("heads", 64);
                    m.addProperty("kvHeads", 64);
                    m.addProperty("intermediate", 262144);
                }),
                in -> new String[] {"train", "base", "--recipe", s(in.resolve("r.json")), "--out", s(out(in))},
                1,
                in -> List.of("train needs an estimated", "weights")));
        return cs;
    }

    private static String[] probe(Path in, String data) {
        return new String[] {
            "probe",
            "--model",
            s(in.resolve("lab")),
            "--data",
            s(in.resolve(data)),
            "--hook",
            "blocks.0.mlp.hook_post",
            "--out",
            s(out(in))
        };
    }

    @TestFactory
    Stream<DynamicTest> everyMalformedInputEndsInOneNamedLine() {
        List<Case> cs = cases();
        return java.util.stream.IntStream.range(0, cs.size())
                .mapToObj(i -> DynamicTest.dynamicTest(cs.get(i).name(), () -> run(i, cs.get(i))));
    }

    private static void run(int i, Case k) throws Exception {
        Path in = root.resolve("case-" + i);
        Files.createDirectories(in);
        k.inputs().apply(in);
        Map<String, String> before = hashes(in);
        CliRun r = Assertions.assertTimeoutPreemptively(
                TIME_BOUND, () -> CliRun.of(k.args().apply(in)), k.name());
        assertTrue(k.codes().contains(r.code()), k.name() + ": " + r);
        assertEquals(1, r.errLines(), "one line on stderr: " + r);
        String line = r.err().strip();
        for (String want : k.expected().apply(in)) {
            assertTrue(line.contains(want), k.name() + ": '" + want + "' not in: " + line);
        }
        assertFalse(line.contains("\tat ") || line.contains("Exception") || line.contains("Error:"), line);
        assertEquals(before, hashes(in), "the inputs' bytes changed");
        long peak = MemoryBudget.peakRss();
        assertTrue(peak < RSS_BOUND, "peak resident set " + (peak >> 20) + " MiB");
    }

    /** SHA-256 of every file under {@code dir}, by relative path. */
    private static Map<String, String> hashes(Path dir) throws IOException {
        Map<String, String> h = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                try {
                    MessageDigest md = MessageDigest.getInstance("SHA-256");
                    h.put(dir.relativize(f).toString(), HexFormat.of().formatHex(md.digest(Files.readAllBytes(f))));
                } catch (java.security.NoSuchAlgorithmException e) {
                    throw new IllegalStateException(e);
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return h;
    }
}
