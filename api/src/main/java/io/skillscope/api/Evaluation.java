package io.skillscope.api;

import io.skillscope.datasets.Example;
import io.skillscope.datasets.Outcome;
import java.util.List;
import java.util.Locale;

/**
 * Exact-match scores of a model on examples of one skill (greedy decoding up to the end token).
 *
 * @param skill the skill's name
 * @param seed the seed the examples were drawn with
 * @param examples the examples, in order
 * @param outputs the model's text for each example
 * @param outcomes the score of each output ({@link Outcome#CORRECT}, {@code WRONG} or {@code UNPARSEABLE})
 */
public record Evaluation(String skill, long seed, List<Example> examples, List<String> outputs, List<Outcome> outcomes)
        implements Rich {
    /** Validates that there is one output and one outcome per example. */
    public Evaluation {
        examples = List.copyOf(examples);
        outputs = List.copyOf(outputs);
        outcomes = List.copyOf(outcomes);
        if (outputs.size() != examples.size() || outcomes.size() != examples.size()) {
            throw new IllegalArgumentException("evaluation of '" + skill + "': " + examples.size() + " examples but "
                    + outputs.size() + " outputs and " + outcomes.size() + " outcomes");
        }
    }

    /** The number of examples with this outcome. */
    public int count(Outcome outcome) {
        return (int) outcomes.stream().filter(o -> o == outcome).count();
    }

    /** The share of correct answers, in [0, 1] (NaN for no examples). */
    public double accuracy() {
        return examples.isEmpty() ? Double.NaN : (double) count(Outcome.CORRECT) / examples.size();
    }

    /** One row per example: prompt, expected answer, the model's output and the outcome. */
    public Table table() {
        Table.Builder b = Table.builder(
                "Outputs on " + skill + " (seed " + seed + ")", "prompt", "expected", "output", "outcome");
        for (int i = 0; i < examples.size(); i++) {
            b.row(
                    examples.get(i).prompt(),
                    examples.get(i).answer(),
                    outputs.get(i),
                    outcomes.get(i).name());
        }
        return b.build();
    }

    /** One summary row per evaluation: skill, n, correct, wrong, unparseable, accuracy. */
    public static Table summary(List<Evaluation> evaluations) {
        Table.Builder b =
                Table.builder("Exact-match accuracy", "skill", "n", "correct", "wrong", "unparseable", "accuracy");
        for (Evaluation e : evaluations) {
            b.row(
                    e.skill(),
                    e.examples().size(),
                    e.count(Outcome.CORRECT),
                    e.count(Outcome.WRONG),
                    e.count(Outcome.UNPARSEABLE),
                    e.accuracy());
        }
        return b.build();
    }

    @Override
    public String toHtml() {
        return table().toHtml();
    }

    /** {@code Evaluation[rev: 17/20 correct (85.0%), 2 wrong, 1 unparseable, seed 7]}. */
    @Override
    public String toString() {
        return String.format(
                Locale.ROOT,
                "Evaluation[%s: %d/%d correct (%.1f%%), %d wrong, %d unparseable, seed %d]",
                skill,
                count(Outcome.CORRECT),
                examples.size(),
                100 * accuracy(),
                count(Outcome.WRONG),
                count(Outcome.UNPARSEABLE),
                seed);
    }
}
