package io.skillscope.demo;

import static io.skillscope.demo.FormatFields.primitive;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.skillscope.reports.Section;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The folders the commands write, read in each command's own format for {@link ArtifactReports}: the
 * {@code result.json} of {@code skillscope probe}, {@code unlearn}, {@code localize}, {@code eval --out},
 * {@code merge}, {@code overlap} and {@code forward}, and the {@code recipe.json} of a model that
 * {@code skillscope train} wrote. Each becomes a {@link StepArtifact} whose {@code result} is the whole file
 * (title, summary, settings, inputs and environment taken from the command's fields), and
 * {@link #sections} turns it into the report sections of its kind, reusing the section factories of
 * {@code io.skillscope.reports.sections} wherever the command's numbers fit one.
 *
 * <p>The commands write {@code "kind"} (a {@link ResultKind#command() command kind}); files written
 * before they did are recognised by the fields they always had ({@link #infer}). A field a section needs
 * and the file lacks is a {@link DemoException} naming the file and the field. Each command's format is
 * its own {@link CommandFormat} ({@link ProbeFormat}, {@link UnlearningFormat}, ...); this class picks it.
 */
final class CommandArtifacts {
    /** What {@code skillscope train} writes beside the model: the recipe with the run's provenance. */
    static final String RECIPE_FILE = "recipe.json";

    private CommandArtifacts() {}

    /**
     * The kind of a command's {@code result.json} that has no {@code kind} field: from its {@code command}
     * field ({@code probe}, {@code unlearn}, {@code localize}, {@code eval}, {@code merge}, {@code overlap},
     * {@code forward}), its {@code operation} (the grafting writers: {@code merge}, {@code graft},
     * {@code stitch}, {@code skill_vector}, {@code add_skill_vector}; {@code overlap}), or an unlearning
     * report's {@code method}, {@code forget} and {@code retain}.
     */
    static Optional<ResultKind> infer(JsonObject o) {
        String command = primitive(o, "command");
        if (command != null) {
            ResultKind k = switch (command) {
                case "probe" -> ResultKind.PROBE;
                case "unlearn" -> ResultKind.UNLEARNING_RUN;
                case "localize" -> ResultKind.LOCALIZATION;
                case "eval" -> ResultKind.EVALUATION;
                case "merge" -> ResultKind.MERGE;
                case "overlap" -> ResultKind.OVERLAP;
                case "forward" -> ResultKind.FORWARD;
                default -> null;
            };
            if (k != null) {
                return Optional.of(k);
            }
        }
        String op = primitive(o, "operation");
        if (op != null) {
            switch (op) {
                case "overlap":
                    return Optional.of(ResultKind.OVERLAP);
                case "merge", "graft", "stitch", "skill_vector", "add_skill_vector":
                    return Optional.of(ResultKind.MERGE);
                default:
                    break;
            }
        }
        if (o.has("method") && o.has("forget") && o.has("retain")) {
            return Optional.of(ResultKind.UNLEARNING_RUN);
        }
        return Optional.empty();
    }

    /** The artifact of a command's {@code result.json} of {@code kind}. */
    static StepArtifact artifact(ResultKind kind, JsonObject o, Path file) {
        ResultFields.Reader r = new ResultFields.Reader(file);
        Path dir = file.toAbsolutePath().normalize().getParent();
        return format(kind, file).artifact(o, r, dir);
    }

    /**
     * The artifact of a model folder that {@code skillscope train} wrote, from its {@code recipe.json}.
     *
     * @throws DemoException naming the file when it cannot be read or is not a JSON object
     */
    static StepArtifact training(Path dir) {
        Path file = dir.resolve(RECIPE_FILE);
        JsonObject o;
        try {
            JsonElement e = JsonParser.parseString(Files.readString(file));
            if (!e.isJsonObject()) {
                throw new DemoException(file + ": expected a JSON object");
            }
            o = e.getAsJsonObject();
        } catch (IOException e) {
            throw new DemoException(file + ": cannot read (" + e.getMessage() + ")", e);
        } catch (JsonParseException e) {
            throw new DemoException(file + ": not valid JSON (" + e.getMessage() + ")", e);
        }
        return artifact(ResultKind.TRAINING, o, file);
    }

    /** The sections of a command artifact ({@code res} is the whole file). */
    static List<Section> sections(ResultKind kind, JsonObject res, Path file, String prefix) {
        ResultFields.Reader r = new ResultFields.Reader(file);
        return format(kind, file).sections(res, r, prefix);
    }

    /** The format of the command that writes {@code kind}; any other kind is a {@link DemoException}. */
    private static CommandFormat format(ResultKind kind, Path file) {
        return switch (kind) {
            case PROBE -> new ProbeFormat();
            case UNLEARNING_RUN -> new UnlearningFormat();
            case LOCALIZATION -> new LocalizationFormat();
            case EVALUATION -> new EvaluationFormat();
            case MERGE -> new MergeFormat();
            case OVERLAP -> new OverlapFormat();
            case FORWARD -> new ForwardFormat();
            case TRAINING -> new TrainingFormat();
            default -> throw new DemoException(file + ": kind \"" + kind.wire() + "\" is not a command's output");
        };
    }
}
