package io.skillscope.demo;

import com.google.gson.JsonObject;
import io.skillscope.reports.Section;
import java.nio.file.Path;
import java.util.List;

/**
 * One command's output format, read for {@link CommandArtifacts}: how its file becomes a {@link StepArtifact}
 * and the report sections of its kind. Every read goes through a {@link ResultFields.Reader}, so a field the format
 * needs and the file lacks is a {@link DemoException} naming the file and the field.
 */
sealed interface CommandFormat
        permits ProbeFormat,
                UnlearningFormat,
                LocalizationFormat,
                TrainingFormat,
                EvaluationFormat,
                MergeFormat,
                OverlapFormat,
                ForwardFormat {

    /**
     * The artifact of the command's file {@code o}, its whole content as the artifact's {@code result}.
     *
     * @param dir the absolute folder that holds the file
     */
    StepArtifact artifact(JsonObject o, ResultFields.Reader r, Path dir);

    /** The report sections of the command's file {@code o}, each title starting with {@code prefix}. */
    List<Section> sections(JsonObject o, ResultFields.Reader r, String prefix);
}
