package io.skillscope.spark;

import io.skillscope.core.testing.ShippedModels;
import io.skillscope.probes.NeuronStats;
import io.skillscope.probes.ProbeResult;
import java.nio.file.Path;

/** The model, corpora and comparisons the spark module's tests share. */
final class SparkFixtures {
    /** The shipped skill lab (828k parameters, character tokenizer). */
    static final Path MODEL = ShippedModels.SKILL_LAB_BASE.toAbsolutePath().normalize();

    private SparkFixtures() {}

    /** {@code n} test examples of {@code skill} drawn with {@code seed}, written as JSONL. */
    static Path corpus(Path dir, String skill, int n, long seed) {
        return ScalingBenchCommand.corpus(dir, skill, n, seed);
    }

    /** A Spark context setting for tests: loopback only, no UI. */
    static SparkSettings local(String master) {
        return SparkSettings.of(master, "skillscope-test")
                .with("spark.driver.host", "127.0.0.1")
                .with("spark.driver.bindAddress", "127.0.0.1");
    }

    /**
     * Checks two probe results for the same statistics: counts, minima, maxima and histograms exactly,
     * means and variances within {@code 1e-6} relative.
     */
    static void assertSameStats(ProbeResult expected, ProbeResult actual) {
        org.junit.jupiter.api.Assertions.assertEquals(
                expected.stats().keySet(), actual.stats().keySet());
        org.junit.jupiter.api.Assertions.assertEquals(expected.rows(), actual.rows());
        org.junit.jupiter.api.Assertions.assertEquals(expected.datasetSha256(), actual.datasetSha256());
        org.junit.jupiter.api.Assertions.assertEquals(expected.modelSha256(), actual.modelSha256());
        for (String h : expected.stats().keySet()) {
            NeuronStats e = expected.get(h);
            NeuronStats a = actual.get(h);
            org.junit.jupiter.api.Assertions.assertEquals(e.count(), a.count(), h + " count");
            org.junit.jupiter.api.Assertions.assertArrayEquals(e.min(), a.min(), 0.0, h + " min");
            org.junit.jupiter.api.Assertions.assertArrayEquals(e.max(), a.max(), 0.0, h + " max");
            org.junit.jupiter.api.Assertions.assertArrayEquals(
                    e.histogramCounts(), a.histogramCounts(), h + " histogram");
            assertRelative(e.mean(), a.mean(), h + " mean");
            assertRelative(e.variance(), a.variance(), h + " variance");
        }
    }

    /** |a − e| ≤ 1e-6 · max(|e|, 1e-9) per element. */
    static void assertRelative(double[] e, double[] a, String what) {
        org.junit.jupiter.api.Assertions.assertEquals(e.length, a.length, what + " length");
        for (int i = 0; i < e.length; i++) {
            double tol = 1e-6 * Math.max(Math.abs(e[i]), 1e-9);
            if (Math.abs(a[i] - e[i]) > tol) {
                org.junit.jupiter.api.Assertions.fail(what + "[" + i + "]: expected " + e[i] + ", got " + a[i]);
            }
        }
    }
}
