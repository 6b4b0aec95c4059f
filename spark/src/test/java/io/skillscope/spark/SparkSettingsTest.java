package io.skillscope.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

/** The executors' PyTorch threads follow the cores Spark gives them unless the driver's JVM names a count. */
class SparkSettingsTest {
    @Test
    void executorsRunOnePyTorchThreadPerSparkCore() {
        String before = System.getProperty("ai.djl.pytorch.num_threads");
        System.clearProperty("ai.djl.pytorch.num_threads");
        try {
            SparkConf c = SparkSettings.of("local[2]", "t")
                    .with("spark.executor.cores", "3")
                    .toConf();
            assertEquals("3", c.get("spark.executorEnv.OMP_NUM_THREADS"));
            assertTrue(c.get("spark.executor.extraJavaOptions").contains("-Dai.djl.pytorch.num_threads=3"));

            SparkConf open = SparkSettings.of("local[2]", "t").toConf();
            assertFalse(open.contains("spark.executorEnv.OMP_NUM_THREADS"));
            assertFalse(open.get("spark.executor.extraJavaOptions").contains("num_threads="));

            System.setProperty("ai.djl.pytorch.num_threads", "1");
            SparkConf named = SparkSettings.of("local[2]", "t")
                    .with("spark.executor.cores", "3")
                    .toConf();
            assertEquals("1", named.get("spark.executorEnv.OMP_NUM_THREADS"));
        } finally {
            if (before == null) {
                System.clearProperty("ai.djl.pytorch.num_threads");
            } else {
                System.setProperty("ai.djl.pytorch.num_threads", before);
            }
        }
    }
}
