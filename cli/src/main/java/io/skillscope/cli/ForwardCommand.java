package io.skillscope.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.skillscope.api.ModelCodec;
import io.skillscope.core.Finite;
import io.skillscope.core.Json;
import io.skillscope.core.SkillscopeException;
import io.skillscope.core.checkpoint.Hashing;
import io.skillscope.core.checkpoint.HostTensor;
import io.skillscope.core.checkpoint.NpyWriter;
import io.skillscope.core.checkpoint.TensorSource;
import io.skillscope.core.config.ContextLimit;
import io.skillscope.core.hooks.HookName;
import io.skillscope.core.memory.MemoryEstimate;
import io.skillscope.core.model.CachedRun;
import io.skillscope.core.model.Transformer;
import io.skillscope.demo.ResultKind;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code skillscope forward}: one forward pass over one sequence, writing {@code logits.npy}
 * ({@code [T, vocab]}) and one {@code <hook name>.npy} per requested hook point (float32, batch dimension
 * dropped, e.g. {@code blocks.0.mlp.hook_post.npy} of shape {@code [T, F]}), plus a {@code result.json}
 * with the inputs, their hashes and the environment.
 */
@Command(
        name = "forward",
        mixinStandardHelpOptions = true,
        description = "Run one forward pass and write logits and hooked activations as NumPy .npy files.")
final class ForwardCommand implements Callable<Integer> {

    @Mixin
    ModelFolder model;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    static final class Input {
        @Option(
                names = "--ids",
                split = ",",
                paramLabel = "ID",
                description =
                        "Token ids, e.g. 3,14,15; at most the model's context (config.json max_position_embeddings or n_positions)"
                                + " of them, else refused.")
        int[] ids;

        @Option(
                names = "--text",
                paramLabel = "TEXT",
                description =
                        "Text, encoded with the model folder's tokenizer.json, with BOS in front when the folder's"
                                + " tokenizer puts it there (its post-processor or add_bos_token).")
        String text;
    }

    @Option(
            names = "--hooks",
            split = ",",
            paramLabel = "NAME",
            description = "Hook points to save, e.g. blocks.0.mlp.hook_post,hook_embed (see 'skillscope info').")
    List<String> hooks = new ArrayList<>();

    @Mixin
    OutputFolder output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Path folder = model.folder();
        Path out = output.check(spec.commandLine(), folder);
        int[] ids = input.ids != null ? input.ids : encode(folder, input.text);
        ContextLimit context = model.context();
        if (!context.fits(ids.length)) {
            throw usage(context.describe(ids.length, input.ids != null ? "--ids" : "--text"));
        }
        model.requireMemory(new MemoryEstimate.Workload("forward", 1, Math.max(1, ids.length), 0, true, true, 0));
        try (Transformer m = model.load()) {
            Set<HookName> names = new LinkedHashSet<>();
            for (String h : hooks) {
                try {
                    names.add(m.hookName(h.trim()));
                } catch (SkillscopeException e) {
                    throw usage(e.getMessage());
                }
            }
            checkIds(ids, m.config().vocabSize());

            CachedRun run = m.runWithCache(ids, names.toArray(HookName[]::new));
            float[] logits = flatten(run.logits());
            long[] logitShape = {ids.length, m.config().vocabSize()};
            try {
                Finite.require(logits, "the logits", logitShape);
            } catch (Finite.NonFiniteException e) {
                throw new Finite.NonFiniteException(
                        e.getMessage() + "; first non-finite value: " + m.locateNonFinite(ids));
            }
            Path work = output.begin(spec.commandLine(), folder);
            PrintWriter w = spec.commandLine().getOut();
            Map<String, long[]> written = new LinkedHashMap<>();
            NpyWriter.write(work.resolve("logits.npy"), logits, logitShape);
            written.put("logits.npy", logitShape);
            for (HookName h : names) {
                HostTensor t = run.cache().get(h);
                long[] shape = Arrays.copyOfRange(t.shape(), 1, t.shape().length); // batch dimension dropped
                String file = h + ".npy";
                NpyWriter.write(work.resolve(file), t.toFloats(), shape);
                written.put(file, shape);
            }
            writeResult(folder, work, ids, written);
            output.commit();
            for (Map.Entry<String, long[]> e : written.entrySet()) {
                w.println("wrote " + out.resolve(e.getKey()) + " " + Arrays.toString(e.getValue()));
            }
            w.println("wrote " + out.resolve("result.json"));
            w.flush();
        }
        return 0;
    }

    /** The ids of {@code --text}, with BOS in front when the folder's tokenizer puts it there ({@link ModelCodec}). */
    private int[] encode(Path folder, String text) {
        try (ModelCodec codec = ModelCodec.open(folder)) {
            int[] ids = codec.specials().prompt(codec.tokenizer().encode(text));
            if (ids.length == 0) {
                throw usage("--text \"" + text + "\" encodes to no tokens");
            }
            return ids;
        }
    }

    private void checkIds(int[] ids, int vocab) {
        if (ids.length == 0) {
            throw usage("--ids is empty");
        }
        for (int id : ids) {
            if (id < 0 || id >= vocab) {
                throw usage("token id " + id + " is outside the vocabulary [0, " + vocab + ")");
            }
        }
    }

    private void writeResult(Path folder, Path out, int[] ids, Map<String, long[]> written) {
        JsonObject r = new JsonObject();
        r.addProperty("kind", ResultKind.FORWARD.wire());
        r.addProperty("command", "forward");
        JsonObject settings = new JsonObject();
        settings.addProperty("model", folder.toAbsolutePath().normalize().toString());
        JsonArray idArray = new JsonArray();
        Arrays.stream(ids).forEach(idArray::add);
        settings.add("ids", idArray);
        if (input.text != null) {
            settings.addProperty("text", input.text);
        }
        JsonArray hookArray = new JsonArray();
        written.keySet().stream()
                .filter(f -> !f.equals("logits.npy"))
                .forEach(f -> hookArray.add(f.substring(0, f.length() - ".npy".length())));
        settings.add("hooks", hookArray);
        r.add("settings", settings);
        JsonObject inputs = new JsonObject();
        inputs.addProperty("config.json sha256", Hashing.sha256(folder.resolve("config.json")));
        try (TensorSource src = TensorSource.open(folder)) {
            inputs.addProperty("tensors sha256", Hashing.sha256(src));
        }
        r.add("inputs", inputs);
        JsonObject files = new JsonObject();
        for (Map.Entry<String, long[]> e : written.entrySet()) {
            JsonArray shape = new JsonArray();
            Arrays.stream(e.getValue()).forEach(shape::add);
            files.add(e.getKey(), shape);
        }
        r.add("files", files);
        r.add("environment", Json.environment());
        Json.write(out.resolve("result.json"), r);
    }

    private static float[] flatten(float[][] rows) {
        int v = rows.length == 0 ? 0 : rows[0].length;
        float[] flat = new float[rows.length * v];
        for (int t = 0; t < rows.length; t++) {
            System.arraycopy(rows[t], 0, flat, t * v, v);
        }
        return flat;
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
