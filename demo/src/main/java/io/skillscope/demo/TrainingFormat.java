package io.skillscope.demo;

import static io.skillscope.demo.FormatFields.settingsTable;
import static io.skillscope.demo.FormatFields.strings;

import com.google.gson.JsonObject;
import io.skillscope.reports.Format;
import io.skillscope.reports.Section;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code recipe.json} that {@code skillscope train} writes beside the model: the recipe (stage, seed,
 * steps, init, ...) and the run's {@code provenance} (hashes, final loss, rewards, timing, environment).
 */
final class TrainingFormat implements CommandFormat {
    @Override
    public StepArtifact artifact(JsonObject o, ResultFields.Reader r, Path dir) {
        String stage = r.string(o, "stage").toLowerCase(Locale.ROOT);
        JsonObject prov = r.object(o, "provenance");
        JsonObject settings = new JsonObject(); // the whole recipe is the section's table
        for (String k : List.of("stage", "seed", "steps")) {
            if (o.has(k)) {
                settings.add(k, o.get(k));
            }
        }
        Map<String, String> inputs = new LinkedHashMap<>();
        if (o.has("init") && !o.get("init").isJsonNull()) {
            inputs.put("init", r.string(o, "init"));
        }
        for (String k : List.of("init_model_sha256", "data_sha256")) {
            if (prov.has(k)) {
                inputs.put(k, r.string(prov, k));
            }
        }
        Map<String, String> outputs = new LinkedHashMap<>();
        outputs.put("model", "model.safetensors");
        if (prov.has("model_sha256")) {
            outputs.put("model_sha256", r.string(prov, "model_sha256"));
        }
        String summary = String.format(
                Locale.ROOT,
                "%s training, %s steps from %s; final loss %s (mean of the last 50 steps).",
                stage,
                o.has("steps") ? r.string(o, "steps") : "?",
                inputs.getOrDefault("init", "random weights"),
                prov.has("final_loss") ? Format.number(r.dbl(prov, "final_loss")) : "not recorded");
        return new StepArtifact(
                ResultKind.TRAINING,
                "skillscope train " + stage + ": " + dir.getFileName(),
                summary,
                "",
                o.has("seed") ? r.longValue(o, "seed") : 0,
                prov.has("seconds") ? r.dbl(prov, "seconds") : Double.NaN,
                settings,
                inputs,
                outputs,
                strings(prov, "environment"),
                o);
    }

    @Override
    public List<Section> sections(JsonObject o, ResultFields.Reader r, String prefix) {
        JsonObject prov = r.object(o, "provenance");
        Section.Builder s = Section.builder(prefix + "Training run")
                .paragraph("The recipe skillscope train ran (" + CommandArtifacts.RECIPE_FILE
                        + " beside the model; 'skillscope train "
                        + r.string(o, "stage").toLowerCase(Locale.ROOT) + " --recipe " + CommandArtifacts.RECIPE_FILE
                        + "' runs it again) and what the run recorded. Final loss = mean loss of the last 50 steps.")
                .metric("stage", r.string(o, "stage").toLowerCase(Locale.ROOT));
        if (o.has("steps")) {
            s.metric("steps", r.string(o, "steps"));
        }
        for (String[] k : new String[][] {
            {"final_loss", "final loss"},
            {"mean_reward_first_round", "mean reward, first round"},
            {"mean_reward_last_round", "mean reward, last round"},
            {"tokens", "tokens"},
            {"train_examples", "training examples"},
            {"trainable_tensors", "trainable tensors"},
            {"seconds", "seconds"},
            {"checkpoint_of_steps", "checkpoint of a run of steps"}
        }) {
            if (prov.has(k[0]) && !prov.get(k[0]).isJsonNull()) {
                s.metric(k[1], Format.number(r.dbl(prov, k[0])));
            }
        }
        JsonObject recipe = o.deepCopy();
        recipe.remove("provenance");
        s.table("Recipe", settingsTable(recipe));
        return List.of(s.build());
    }
}
