package io.skillscope.reports.sections;

import io.skillscope.reports.Charts;
import io.skillscope.reports.Section;
import io.skillscope.reports.SectionFactory;
import io.skillscope.reports.results.TrainingRun;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** Presents the training runs behind an analysis: a bar of each run's accuracy and a table of the runs. */
public final class TrainingRunsSection implements SectionFactory<List<TrainingRun>> {
    private final String heading;
    private final String evaluatedOn;

    /**
     * A section under a heading.
     *
     * @param evaluatedOn what the accuracy is measured on, e.g. {@code 120 held-out depth-2 compositions}
     */
    public TrainingRunsSection(String heading, String evaluatedOn) {
        this.heading = Objects.requireNonNull(heading, "heading");
        this.evaluatedOn = Objects.requireNonNull(evaluatedOn, "evaluatedOn");
    }

    @Override
    public Section from(List<TrainingRun> runs) {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("training-runs section needs at least one run");
        }
        Section.Builder s = Section.builder(heading)
                .paragraph("Exact-match accuracy on " + evaluatedOn
                        + " after each run. For RL runs the mean reward (1 exact, 0 wrong, −1 unparseable) of the first and"
                        + " last sampled round shows what the policy was rewarded for.");
        s.chart(Charts.bars(
                "Accuracy after training",
                "exact-match accuracy",
                runs.stream().map(TrainingRun::label).toList(),
                Map.of(
                        "accuracy",
                        runs.stream().mapToDouble(TrainingRun::accuracy).toArray())));
        return s.table(
                        "Runs",
                        Table.create(
                                "runs",
                                StringColumn.create(
                                        "run",
                                        runs.stream().map(TrainingRun::label).toList()),
                                StringColumn.create(
                                        "stage",
                                        runs.stream().map(TrainingRun::stage).toList()),
                                StringColumn.create(
                                        "start",
                                        runs.stream().map(TrainingRun::start).toList()),
                                LongColumn.create(
                                        "seed",
                                        runs.stream()
                                                .mapToLong(TrainingRun::seed)
                                                .toArray()),
                                IntColumn.create(
                                        "steps",
                                        runs.stream()
                                                .mapToInt(TrainingRun::steps)
                                                .toArray()),
                                DoubleColumn.create(
                                        "final loss",
                                        runs.stream()
                                                .mapToDouble(TrainingRun::finalLoss)
                                                .toArray()),
                                DoubleColumn.create(
                                        "accuracy",
                                        runs.stream()
                                                .mapToDouble(TrainingRun::accuracy)
                                                .toArray()),
                                DoubleColumn.create(
                                        "reward first round",
                                        runs.stream()
                                                .mapToDouble(TrainingRun::firstReward)
                                                .toArray()),
                                DoubleColumn.create(
                                        "reward last round",
                                        runs.stream()
                                                .mapToDouble(TrainingRun::lastReward)
                                                .toArray()),
                                DoubleColumn.create(
                                        "seconds",
                                        runs.stream()
                                                .mapToDouble(TrainingRun::seconds)
                                                .toArray())))
                .build();
    }
}
