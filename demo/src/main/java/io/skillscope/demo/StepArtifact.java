package io.skillscope.demo;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code result.json} of one step's artifact folder:
 *
 * <pre>{@code
 * {"kind": "unlearning", "title": ..., "summary": ..., "scale": "full", "seed": 0, "seconds": 41.2,
 *  "settings": {...}, "inputs": {"model": ..., "model_sha256": ...}, "outputs": {"na": "na/"},
 *  "environment": {...Provenance.environment()}, "result": {...what the kind says}}
 * }</pre>
 *
 * Non-finite numbers are written as {@code null}, so every number in the file is finite.
 *
 * @param kind what {@code result} holds
 * @param title the report title
 * @param summary one sentence for index pages
 * @param scale the demo scale, or another label of where the artifact came from
 * @param seed the seed
 * @param seconds wall time of the step
 * @param settings the step's settings
 * @param inputs input paths and hashes
 * @param outputs files and folders the step wrote beside {@code result.json}, by role
 * @param environment library, engine and runtime versions
 * @param result the kind's payload
 */
public record StepArtifact(
        ResultKind kind,
        String title,
        String summary,
        String scale,
        long seed,
        double seconds,
        JsonObject settings,
        Map<String, String> inputs,
        Map<String, String> outputs,
        Map<String, String> environment,
        JsonObject result) {
    /** The file name. */
    public static final String FILE = "result.json";

    static final Gson GSON = new GsonBuilder()
            .setPrettyPrinting()
            .disableHtmlEscaping()
            .serializeNulls()
            .create();

    /** {@code StepArtifact[unlearning: Unlearning arithmetic, ci, seed 0, 12.3 s]}. */
    @Override
    public String toString() {
        return String.format(
                java.util.Locale.ROOT,
                "StepArtifact[%s: %s, %s, seed %d, %.1f s]",
                kind.wire(),
                title,
                scale.isEmpty() ? "no scale" : scale,
                seed,
                seconds);
    }

    /** Validates and copies the parts. */
    public StepArtifact {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(scale, "scale");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(result, "result");
        inputs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
        outputs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
        environment = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(environment));
    }

    /** The JSON object. */
    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("kind", kind.wire());
        o.addProperty("title", title);
        o.addProperty("summary", summary);
        o.addProperty("scale", scale);
        o.addProperty("seed", seed);
        o.addProperty("seconds", ResultFields.finite(seconds) ? seconds : 0);
        o.add("settings", settings);
        o.add("inputs", GSON.toJsonTree(inputs));
        o.add("outputs", GSON.toJsonTree(outputs));
        o.add("environment", GSON.toJsonTree(environment));
        o.add("result", result);
        return o;
    }

    /** Writes {@code dir/result.json} atomically (creating {@code dir}); returns the file. */
    public Path write(Path dir) {
        Path file = dir.resolve(FILE);
        io.skillscope.core.Json.write(file, toJson());
        return file;
    }

    /**
     * A command's output as an artifact ({@link CommandArtifacts}), a malformed field named with the file.
     *
     * @param o the parsed file, or {@code null} for a trained model's {@code recipe.json}
     */
    private static StepArtifact commandArtifact(ResultKind kind, JsonObject o, Path file) {
        try {
            return o == null ? CommandArtifacts.training(file.getParent()) : CommandArtifacts.artifact(kind, o, file);
        } catch (IllegalArgumentException
                | IllegalStateException
                | ClassCastException
                | UnsupportedOperationException e) {
            throw new DemoException(file + ": malformed " + kind.wire() + " result (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Reads {@code dir/result.json}: a demo step's, or a command's output ({@link CommandArtifacts}: its
     * {@code kind}, or for files written before the commands wrote one, the kind its fields show). A
     * folder without {@code result.json} but with a {@code recipe.json} is a model {@code skillscope train}
     * wrote.
     *
     * @throws DemoException naming the folder when the file is missing or unreadable, its {@code kind}
     *     missing or unknown, or a required field missing
     */
    public static StepArtifact read(Path dir) {
        Path file = dir.resolve(FILE);
        if (!Files.isDirectory(dir)) {
            throw new DemoException(dir + ": not a folder (expected an artifact folder holding " + FILE + ")");
        }
        if (!Files.exists(file) && Files.isRegularFile(dir.resolve(CommandArtifacts.RECIPE_FILE))) {
            return commandArtifact(ResultKind.TRAINING, null, dir.resolve(CommandArtifacts.RECIPE_FILE));
        }
        JsonObject o;
        try {
            JsonElement e = JsonParser.parseString(Files.readString(file));
            if (!e.isJsonObject()) {
                throw new DemoException(file + ": expected a JSON object");
            }
            o = e.getAsJsonObject();
        } catch (NoSuchFileException e) {
            throw new DemoException(dir + ": no " + FILE + " in this folder (not an artifact folder?)", e);
        } catch (IOException e) {
            throw new DemoException(file + ": cannot read (" + e.getMessage() + ")", e);
        } catch (JsonParseException e) {
            throw new DemoException(file + ": not valid JSON (" + e.getMessage() + ")", e);
        }
        JsonElement k = o.get("kind");
        if (k == null || !k.isJsonPrimitive()) {
            JsonObject found = o;
            return CommandArtifacts.infer(o)
                    .map(kind -> commandArtifact(kind, found, file))
                    .orElseThrow(() -> new DemoException(file + ": no \"kind\" field, and not the output of a"
                            + " skillscope command (no \"command\" or \"operation\" field); known kinds: "
                            + ResultKind.known()));
        }
        ResultKind kind = ResultKind.fromWire(k.getAsString())
                .orElseThrow(() -> new DemoException(
                        file + ": unknown kind \"" + k.getAsString() + "\"; known kinds: " + ResultKind.known()));
        if (kind.command()) {
            return commandArtifact(kind, o, file);
        }
        ResultFields.Reader r = new ResultFields.Reader(file);
        return new StepArtifact(
                kind,
                r.string(o, "title"),
                r.string(o, "summary"),
                r.stringOr(o, "scale", ""),
                o.has("seed") ? r.number(o, "seed").longValue() : 0,
                o.has("seconds") ? r.dbl(o, "seconds") : Double.NaN,
                r.object(o, "settings"),
                r.strings(o, "inputs"),
                r.strings(o, "outputs"),
                r.strings(o, "environment"),
                r.object(o, "result"));
    }
}
