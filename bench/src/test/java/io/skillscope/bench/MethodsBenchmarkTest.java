package io.skillscope.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import io.skillscope.core.testing.ShippedModels;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The quick methods benchmark runs end to end on the shipped skill-lab model and a small GPT-2-shaped
 * random model: every row is there, every number is finite and positive, and each ratio is the one its
 * own medians give. No timing assertions (the machine is shared).
 */
class MethodsBenchmarkTest {

    @Test
    void quickRunReportsEveryRowFromItsOwnMedians() {
        MethodsBenchmark.Settings quick = MethodsBenchmark.Settings.quick(ShippedModels.SKILL_LAB_BASE, Device.cpu());
        // the quick sizes and samples, with a GPT-2 shape small enough for a unit test
        MethodsBenchmark.Settings s = new MethodsBenchmark.Settings(
                quick.skillLab(),
                new BenchSettings(1, 64, 2, 512, 1, 16, 0, 1, Device.cpu()),
                quick.sizes(),
                0,
                2,
                "256m",
                quick.graftLayers(),
                Device.cpu());
        MethodsBenchmark.Report r = MethodsBenchmark.measure(s);

        List<String> kinds = List.of(
                "probe", "Neuron Adjust pass", "KSD pass", "KV-cache decode", "grafting step", "streamed TIES merge");
        for (String subject : List.of("skill-lab", "gpt2-1L")) {
            for (String kind : kinds) {
                if (kind.startsWith("streamed") && subject.equals("skill-lab")) {
                    continue; // the merge runs on the GPT-2 shape only
                }
                assertEquals(
                        1,
                        r.rows().stream()
                                .filter(x -> x.subject().equals(subject)
                                        && x.measurement().startsWith(kind))
                                .count(),
                        subject + " " + kind + " in " + r.rows());
            }
        }
        assertEquals(11, r.rows().size(), r.table());
        for (MethodRow row : r.rows()) {
            for (double v : new double[] {
                row.amount(), row.seconds(), row.baselineAmount(), row.baselineSeconds(), row.rate(), row.ratio()
            }) {
                assertTrue(Double.isFinite(v) && v > 0, "not finite and positive: " + v + " in " + row);
            }
            double expected = row.kind() == MethodRow.Kind.TIME
                    ? (row.seconds() / row.amount()) / (row.baselineSeconds() / row.baselineAmount())
                    : row.amount() / row.baselineAmount();
            assertEquals(expected, row.ratio(), 1e-12 * expected, row.toString());
        }
        MethodRow merge = r.rows().get(r.rows().size() - 1);
        assertEquals(MethodRow.Kind.MEMORY, merge.kind());
        // one model's float32 weights, as its config counts them (a tied head is stored once)
        assertEquals(4 * s.gpt2().modelConfig().parameterCount(), (long) merge.baselineAmount(), merge.toString());
        assertTrue(r.table().contains("threads: torch intra-op"), r.table());
        assertTrue(r.json().getAsJsonArray("rows").size() == r.rows().size());
    }
}
