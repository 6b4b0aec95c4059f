package io.skillscope.grafting;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/** Parses a {@link MergeSpec} file; every error names the file, the field and the value. */
final class MergeSpecReader {
    private static final Set<String> TOP =
            Set.of("method", "base", "models", "lambda", "density", "keep", "seed", "vector", "scale");
    private static final Set<String> MODEL = Set.of("model", "weight", "mask");
    private static final List<String> METHODS =
            List.of("task_arithmetic", "ties", "dare_sum", "dare_ties", "graft", "stitch", "skill_vector");

    private final Path file;
    private final Path dir;

    private MergeSpecReader(Path file) {
        this.file = file;
        Path parent = file.toAbsolutePath().getParent();
        this.dir = parent == null ? Path.of("") : parent;
    }

    static MergeSpec read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new GraftingException(file + ": cannot read merge config (" + e.getMessage() + ")", e);
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean yaml = name.endsWith(".yaml") || name.endsWith(".yml");
        JsonElement tree;
        try {
            tree = yaml
                    ? new Gson().toJsonTree(new Yaml(new SafeConstructor(new LoaderOptions())).load(text))
                    : JsonParser.parseString(text);
        } catch (JsonParseException | YAMLException e) {
            String first = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            throw new GraftingException(file + ": not valid " + (yaml ? "YAML" : "JSON") + " (" + first + ")", e);
        }
        if (tree == null || !tree.isJsonObject()) {
            throw new GraftingException(file + ": a merge config is an object with method, base and models");
        }
        return new MergeSpecReader(file).parse(tree.getAsJsonObject());
    }

    private MergeSpec parse(JsonObject o) {
        unknown(o, TOP, "");
        String method = string(o, "method").toLowerCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            throw error("method", "\"" + method + "\" is not one of " + String.join(", ", METHODS));
        }
        Path base = path(o, "base");
        if (method.equals("skill_vector")) {
            for (String k : List.of("models", "lambda", "density", "keep", "seed")) {
                forbid(o, k, method);
            }
            double scale = number(o, "scale", 1);
            JsonElement v = o.get("vector");
            if (v == null || v.isJsonNull()) {
                throw error("vector", "is required for skill_vector (a folder, or {from: SFT, to: RL})");
            }
            if (v.isJsonPrimitive()) {
                return new MergeSpec.SkillVectorInjection(base, resolve("vector", v.getAsString()), null, null, scale);
            }
            if (!v.isJsonObject()) {
                throw error("vector", "must be a folder or {from: SFT, to: RL}, got " + v);
            }
            JsonObject vo = v.getAsJsonObject();
            unknown(vo, Set.of("from", "to"), "vector.");
            return new MergeSpec.SkillVectorInjection(
                    base, null, path(vo, "from", "vector.from"), path(vo, "to", "vector.to"), scale);
        }
        forbid(o, "vector", method);
        forbid(o, "scale", method);
        JsonArray models = o.has("models") && o.get("models").isJsonArray() ? o.getAsJsonArray("models") : null;
        if (models == null || models.isEmpty()) {
            throw error("models", "must be a non-empty list of {model: FOLDER, ...}");
        }
        List<Path> paths = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        List<Path> masks = new ArrayList<>();
        boolean anyWeight = false;
        for (int i = 0; i < models.size(); i++) {
            String at = "models[" + i + "]";
            JsonElement m = models.get(i);
            if (!m.isJsonObject()) {
                throw error(at, "must be an object such as {model: FOLDER}, got " + m);
            }
            JsonObject mo = m.getAsJsonObject();
            unknown(mo, MODEL, at + ".");
            paths.add(path(mo, "model", at + ".model"));
            anyWeight |= mo.has("weight");
            weights.add(number(mo, "weight", 1, at + ".weight"));
            if (mo.has("mask")) {
                masks.add(path(mo, "mask", at + ".mask"));
            }
        }
        if (method.equals("graft") || method.equals("stitch")) {
            for (String k : List.of("lambda", "density", "keep", "seed")) {
                forbid(o, k, method);
            }
            if (anyWeight) {
                throw error("models[].weight", "is not used by " + method + "; remove it");
            }
            if (masks.size() != paths.size()) {
                throw error("models[].mask", method + " needs a mask for every model");
            }
            if (method.equals("graft")) {
                if (paths.size() != 1) {
                    throw error(
                            "models",
                            "graft takes one model with its mask, got " + paths.size() + "; use stitch for several");
                }
                return new MergeSpec.MaskedGraft(base, paths.get(0), masks.get(0));
            }
            return new MergeSpec.Stitching(base, paths, masks);
        }
        if (!masks.isEmpty()) {
            throw error("models[].mask", "is not used by " + method + "; use graft or stitch");
        }
        MergeMethod mm = MergeMethod.valueOf(method.toUpperCase(Locale.ROOT));
        boolean ties = mm == MergeMethod.TIES || mm == MergeMethod.DARE_TIES;
        boolean dare = mm == MergeMethod.DARE_SUM || mm == MergeMethod.DARE_TIES;
        if (!ties) {
            forbid(o, "density", method);
        }
        if (!dare) {
            forbid(o, "keep", method);
            forbid(o, "seed", method);
        }
        try {
            return new MergeSpec.Merge(
                    base,
                    paths,
                    new MergeConfig(
                            mm, number(o, "lambda", 1), weights, number(o, "density", 1), number(o, "keep", 1), (long)
                                    number(o, "seed", 0)));
        } catch (GraftingException e) {
            throw new GraftingException(file + ": " + e.getMessage(), e);
        }
    }

    private void unknown(JsonObject o, Set<String> allowed, String prefix) {
        Set<String> extra = new TreeSet<>(o.keySet());
        extra.removeAll(allowed);
        if (!extra.isEmpty()) {
            String key = extra.iterator().next();
            throw error(
                    prefix + key,
                    "is not a merge-config field (known: " + String.join(", ", new TreeSet<>(allowed)) + ")");
        }
    }

    private void forbid(JsonObject o, String key, String method) {
        if (o.has(key)) {
            throw error(key, "is not used by method " + method + "; remove it");
        }
    }

    private String string(JsonObject o, String key) {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) {
            throw error(key, "is required");
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw error(key, "must be text, got " + e);
        }
        return e.getAsString();
    }

    private Path path(JsonObject o, String key) {
        return path(o, key, key);
    }

    private Path path(JsonObject o, String key, String field) {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) {
            throw error(field, "is required");
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw error(field, "must be a path, got " + e);
        }
        return resolve(field, e.getAsString());
    }

    private Path resolve(String field, String value) {
        Path p = dir.resolve(value).normalize();
        if (!Files.exists(p)) {
            throw error(field, "\"" + value + "\" does not exist (resolved to " + p + ")");
        }
        return p;
    }

    private double number(JsonObject o, String key, double dflt) {
        return number(o, key, dflt, key);
    }

    private double number(JsonObject o, String key, double dflt, String field) {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) {
            return dflt;
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw error(field, "must be a number, got " + e);
        }
        double v = e.getAsDouble();
        if (!Double.isFinite(v)) {
            throw error(field, "must be finite, got " + v);
        }
        return v;
    }

    private GraftingException error(String field, String what) {
        return new GraftingException(file + ": field '" + field + "' " + what);
    }
}
