package io.skillscope.datasets;

/**
 * One supervised example: the prompt a model sees, the exact answer it must produce (without the
 * end token), and the name of the skill it exercises.
 *
 * <p>The answer may be empty (for instance {@code rmv(aei)=} has the empty answer): a model then
 * has to emit the end token right after the prompt.
 *
 * @param prompt the prompt text, never empty, e.g. {@code rev(abc)=}
 * @param answer the expected answer, possibly empty, e.g. {@code cba}
 * @param skill the skill name, e.g. {@code rev} or {@code rev.sort}
 */
public record Example(String prompt, String answer, String skill) {

    /** Validates that every field is present and the prompt and skill name are not blank. */
    public Example {
        if (prompt == null || prompt.isEmpty()) {
            throw new IllegalArgumentException(
                    "Example prompt must be a non-empty string, was " + (prompt == null ? "null" : "\"\""));
        }
        if (answer == null) {
            throw new IllegalArgumentException("Example answer must not be null (prompt \"" + prompt + "\")");
        }
        if (skill == null || skill.isBlank()) {
            throw new IllegalArgumentException("Example skill must be a non-blank name, was "
                    + (skill == null ? "null" : "\"" + skill + "\"") + " (prompt \"" + prompt + "\")");
        }
    }

    /** The prompt followed by the answer, as a model reads it during training (end token not included). */
    public String text() {
        return prompt + answer;
    }
}
