package io.skillscope.reports.sections;

import io.skillscope.reports.Charts;
import io.skillscope.reports.Format;
import io.skillscope.reports.Section;
import io.skillscope.reports.SectionFactory;
import io.skillscope.reports.results.UnlearningResults;
import io.skillscope.reports.results.UnlearningResults.Run;
import io.skillscope.reports.results.UnlearningResults.SetScore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Presents {@link UnlearningResults}: per method the forget set's relative drop, the worst retain drop and
 * the fitted numbers (KSD's h), bars of accuracy before and after per set, bars of relative drops, a
 * table of every set under every method and a table of the methods' settings.
 */
public final class UnlearningSection implements SectionFactory<UnlearningResults> {
    private final String heading;

    /** A section headed "Unlearning". */
    public UnlearningSection() {
        this("Unlearning");
    }

    /** A section under a custom heading. */
    public UnlearningSection(String heading) {
        this.heading = Objects.requireNonNull(heading, "heading");
    }

    @Override
    public Section from(UnlearningResults r) {
        Section.Builder s = Section.builder(heading)
                .paragraph("Forget " + r.forgetSet() + ", retain "
                        + r.runs().get(0).retain().size()
                        + " sets. Exact-match accuracy on the test queries without (before) and"
                        + " with (after) each method; relative drop = 1 − after / before, for the forgotten set and every"
                        + " retained one; detection = share of queries a method refused (docs/methods.md §2). A good method has a"
                        + " large forget drop and retain drops near 0.");
        for (Run run : r.runs()) {
            s.metric(run.label() + ": forget drop", Format.percent(run.forget().relativeDrop()))
                    .metric(run.label() + ": worst retain drop", Format.percent(run.worstRetainDrop()));
            if (run.details().containsKey("h")) {
                s.metric(run.label() + ": h", run.details().get("h"));
            }
        }
        List<SetScore> first = r.runs().get(0).sets();
        List<String> names = first.stream().map(SetScore::name).toList();
        Map<String, double[]> acc = new LinkedHashMap<>();
        acc.put("before", first.stream().mapToDouble(SetScore::before).toArray());
        Map<String, double[]> drops = new LinkedHashMap<>();
        for (Run run : r.runs()) {
            acc.put("after " + run.label(), aligned(names, run, SetScore::after));
            drops.put(run.label(), aligned(names, run, SetScore::relativeDrop));
        }
        s.chart(
                "Exact-match accuracy per set; the first set is the one to forget.",
                Charts.bars("Accuracy before and after", "exact-match accuracy", names, acc));
        s.chart(
                "Relative drop 1 − after / before per set (higher on the forget set, near 0 elsewhere is better).",
                Charts.bars("Relative drop", "1 − after / before", names, drops));

        StringColumn method = StringColumn.create("method");
        StringColumn set = StringColumn.create("set");
        StringColumn role = StringColumn.create("role");
        IntColumn n = IntColumn.create("n");
        DoubleColumn before = DoubleColumn.create("before");
        DoubleColumn after = DoubleColumn.create("after");
        DoubleColumn drop = DoubleColumn.create("relative drop");
        DoubleColumn detection = DoubleColumn.create("detection");
        StringColumn key = StringColumn.create("method");
        StringColumn setting = StringColumn.create("setting");
        StringColumn value = StringColumn.create("value");
        for (Run run : r.runs()) {
            for (SetScore x : run.sets()) {
                method.append(run.label());
                set.append(x.name());
                role.append(x.role().label());
                n.append(x.n());
                before.append(x.before());
                after.append(x.after());
                drop.append(x.relativeDrop());
                detection.append(x.detection());
            }
            run.details().forEach((k, v) -> {
                key.append(run.label());
                setting.append(k);
                value.append(v);
            });
        }
        s.table(
                "Every set under every method",
                Table.create("sets", method, set, role, n, before, after, drop, detection));
        if (!key.isEmpty()) {
            s.table("Method settings and fitted values", Table.create("settings", key, setting, value));
        }
        return s.build();
    }

    /** One value per name, NaN where the run has no such set. */
    private static double[] aligned(List<String> names, Run run, java.util.function.ToDoubleFunction<SetScore> f) {
        double[] out = new double[names.size()];
        for (int i = 0; i < out.length; i++) {
            String name = names.get(i);
            out[i] = run.sets().stream()
                    .filter(x -> x.name().equals(name))
                    .mapToDouble(f)
                    .findFirst()
                    .orElse(Double.NaN);
        }
        return out;
    }
}
