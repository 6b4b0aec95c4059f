package io.skillscope.api;

import io.skillscope.core.SkillscopeException;
import io.skillscope.core.config.ContextLimit;
import io.skillscope.datasets.DatasetFormatException;
import io.skillscope.datasets.FieldNames;
import io.skillscope.datasets.Jsonl;
import io.skillscope.probes.TokenCodec;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * The context rule ({@link ContextLimit}) applied to a JSONL file before any compute: every line's
 * sequence as the model sees it, {@code [bos] + prompt + answer + [eos]} ({@link TokenCodec#promptIds} and
 * {@link TokenCodec#answerIds}), must fit the model's context. The first line that does not is refused
 * with the file, the line and both lengths; nothing is truncated.
 */
public final class PromptLengths {
    private PromptLengths() {}

    /**
     * Refuses the first line of {@code file} longer than the context.
     *
     * @param file a JSONL file of {@code prompt}/{@code answer} rows
     * @param codec how the model's commands encode them
     * @param limit the model's context
     * @throws ContextLimit.ContextLengthException naming the file, the line and both lengths
     * @throws SkillscopeException when the file is malformed (naming the file and line)
     */
    public static void requireFits(Path file, TokenCodec codec, ContextLimit limit) {
        java.util.List<Jsonl.Row> rows;
        try {
            rows = Jsonl.readNumbered(file, FieldNames.DEFAULT, "any");
        } catch (DatasetFormatException | UncheckedIOException e) {
            throw new SkillscopeException(e.getMessage(), e);
        }
        for (Jsonl.Row row : rows) {
            long n = (long) codec.promptIds(row.example().prompt()).length
                    + codec.answerIds(row.example().answer()).length;
            limit.require(n, file + " line " + row.line() + ": prompt + answer");
        }
    }
}
