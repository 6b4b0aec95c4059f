package io.skillscope.demo;

import com.google.gson.JsonObject;
import io.skillscope.core.Progress;
import io.skillscope.core.Provenance;
import io.skillscope.datasets.SkillSuite;
import io.skillscope.lab.Recipe;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What every demo step shares: the settings, the base model folder and its hashes, the demo's output
 * folder and the log stream for progress.
 *
 * @param settings the demo settings
 * @param model the base model folder (read only)
 * @param modelSha256 SHA-256 of its {@code model.safetensors}
 * @param configSha256 SHA-256 of its {@code config.json}
 * @param out the demo's output folder
 * @param log where progress goes (standard error on the command line), or null for silence
 */
record StepContext(
        DemoSettings settings, Path model, String modelSha256, String configSha256, Path out, PrintStream log) {

    /**
     * A progress line for a training loop of {@code total} steps (loss, tokens/s, time left), printing
     * about ten times when not on a terminal.
     */
    Progress progress(String label, int total) {
        int every = Math.max(1, total / 10);
        boolean terminal = log == System.err && System.console() != null;
        return log == null
                ? Progress.silent(total)
                : new Progress("[demo] " + label, Math.max(1, total), every, log, terminal);
    }

    /** One line on the log. */
    void say(String line) {
        if (log != null) {
            log.println("[demo] " + line);
            log.flush();
        }
    }

    /** Runs one phase of a step, logging its start and its wall time. */
    <T> T phase(String label, java.util.function.Supplier<T> body) {
        say(label + " ...");
        long t0 = System.nanoTime();
        T out = body.get();
        say(String.format(java.util.Locale.ROOT, "%s done (%.1f s)", label, (System.nanoTime() - t0) / 1e9));
        return out;
    }

    /**
     * The skills the base model is scored on: its own {@code recipe.json}'s suite for a skill-lab model
     * (the operand ranges it was trained on), else {@link SkillSuite#standard()}.
     */
    SkillSuite suite() {
        return Recipe.suiteOf(model);
    }

    /** The base model's path and hashes, for {@code inputs}. */
    Map<String, String> modelInputs() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("model", model.toAbsolutePath().normalize().toString());
        m.put("model_sha256", modelSha256);
        m.put("config_sha256", configSha256);
        return m;
    }

    /** A settings record as JSON (field names as in the record). */
    static JsonObject json(Object settingsRecord) {
        return StepArtifact.GSON.toJsonTree(settingsRecord).getAsJsonObject();
    }

    /** An artifact of this demo with the environment filled in. */
    StepArtifact artifact(
            ResultKind kind,
            String title,
            String summary,
            JsonObject stepSettings,
            Map<String, String> inputs,
            Map<String, String> outputs,
            double seconds,
            JsonObject result) {
        return new StepArtifact(
                kind,
                title,
                summary,
                settings.scale().label(),
                settings.seed(),
                seconds,
                stepSettings,
                inputs,
                outputs,
                Provenance.environment(),
                result);
    }
}
