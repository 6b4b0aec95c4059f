package io.skillscope.demo;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What a demo run wrote and how long each step took.
 *
 * @param settings the settings it ran with
 * @param out the output folder
 * @param index {@code out/index.html}
 * @param steps the steps in order
 */
public record DemoResult(DemoSettings settings, Path out, Path index, List<Step> steps) {

    /**
     * One step.
     *
     * @param name its folder name
     * @param title its report's title
     * @param summary one sentence of results
     * @param folder the artifact folder
     * @param report the step's {@code report.html}
     * @param seconds wall time, report included
     */
    public record Step(String name, String title, String summary, Path folder, Path report, double seconds) {}

    /** Copies the steps. */
    public DemoResult {
        steps = List.copyOf(steps);
    }

    /** Total wall time of the steps. */
    public double seconds() {
        return steps.stream().mapToDouble(Step::seconds).sum();
    }

    /** One line per step with its seconds, then the total. */
    public String timingTable() {
        StringBuilder s = new StringBuilder(String.format(
                Locale.ROOT,
                "[demo] timings (%s scale, PyTorch threads: %s)%n",
                settings.scale().label(),
                io.skillscope.core.runtime.ThreadSettings.effective().line()));
        for (Step st : steps) {
            s.append(String.format(Locale.ROOT, "[demo]   %-14s %7.1f s%n", st.name(), st.seconds()));
        }
        return s.append(String.format(Locale.ROOT, "[demo]   %-14s %7.1f s%n", "total", seconds()))
                .toString();
    }

    /** {@code DemoResult[ci, 4 steps in 58 s, out/demo/index.html]}. */
    @Override
    public String toString() {
        return String.format(
                Locale.ROOT,
                "DemoResult[%s, %d steps in %.0f s, %s]",
                settings.scale().label(),
                steps.size(),
                seconds(),
                index);
    }
}
