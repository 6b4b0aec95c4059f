package io.skillscope.datasets;

/**
 * The JSON field names of an {@link Example} in a JSONL file, so that users can bring data sets whose
 * fields are called, say, {@code question}/{@code response}/{@code task}.
 *
 * @param prompt the prompt field, default {@code prompt}
 * @param answer the answer field, default {@code answer}
 * @param skill the skill field, default {@code skill}
 */
public record FieldNames(String prompt, String answer, String skill) {

    /** {@code prompt}, {@code answer}, {@code skill}. */
    public static final FieldNames DEFAULT = new FieldNames("prompt", "answer", "skill");

    /** Validates that the names are non-blank and distinct. */
    public FieldNames {
        for (String[] field : new String[][] {{"prompt", prompt}, {"answer", answer}, {"skill", skill}}) {
            if (field[1] == null || field[1].isBlank()) {
                throw new IllegalArgumentException("FieldNames." + field[0] + " must be a non-blank field name, was "
                        + (field[1] == null ? "null" : "\"" + field[1] + "\""));
            }
        }
        if (prompt.equals(answer) || prompt.equals(skill) || answer.equals(skill)) {
            throw new IllegalArgumentException("FieldNames must be distinct, were prompt=\"" + prompt + "\", answer=\""
                    + answer + "\", skill=\"" + skill + "\"");
        }
    }
}
