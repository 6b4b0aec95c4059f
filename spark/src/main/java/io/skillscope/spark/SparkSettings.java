package io.skillscope.spark;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * How a skillscope job talks to Spark.
 *
 * @param master {@code local[*]}, {@code local[2,2]} (two threads, two attempts per task),
 *     {@code spark://host:7077}, {@code yarn}, {@code k8s://...}; null keeps what {@code spark-submit} set
 * @param appName the application's name in Spark's UI
 * @param maxTaskFailures attempts per task before the job fails ({@code spark.task.maxFailures}; a local
 *     master takes its own from {@code local[N,F]})
 * @param conf further Spark settings ({@code spark.executor.memory} ...), applied last
 */
public record SparkSettings(String master, String appName, int maxTaskFailures, Map<String, String> conf) {
    /**
     * The test hook, a Spark local property ({@code sc.setLocalProperty(FAIL_FIRST_ATTEMPT, "true")} on the
     * driver's thread): the first attempt of the first task of the jobs that thread starts fails on purpose,
     * part-way through its work, so that a test sees Spark retry it.
     */
    public static final String FAIL_FIRST_ATTEMPT = "skillscope.test.failFirstAttempt";

    /** Whether the task is a first attempt that the test hook makes fail. */
    static boolean failsOnPurpose(org.apache.spark.TaskContext tc) {
        return tc != null && tc.attemptNumber() == 0 && "true".equals(tc.getLocalProperty(FAIL_FIRST_ATTEMPT));
    }

    public SparkSettings {
        if (appName == null || appName.isBlank()) {
            throw new IllegalArgumentException("appName must not be blank");
        }
        if (maxTaskFailures < 1) {
            throw new IllegalArgumentException("maxTaskFailures must be >= 1, got " + maxTaskFailures);
        }
        conf = Map.copyOf(conf == null ? Map.of() : conf);
    }

    /** {@code master} with four attempts per task and no further settings. */
    public static SparkSettings of(String master, String appName) {
        return new SparkSettings(master, appName, 4, Map.of());
    }

    /** These settings with one more Spark setting. */
    public SparkSettings with(String key, String value) {
        Map<String, String> m = new LinkedHashMap<>(conf);
        m.put(key, value);
        return new SparkSettings(master, appName, maxTaskFailures, m);
    }

    /**
     * The Spark configuration: the master, the retries, and the executors' environment as skillscope's
     * launchers set it for PyTorch (one inter-op thread, OpenMP threads that sleep when idle, DJL offline),
     * the intra-op threads from {@code ai.djl.pytorch.num_threads} when this JVM has it, else one per core of
     * {@code spark.executor.cores} when that is set, and SLF4J at warn.
     * Spark adds the {@code --add-opens} options Java 17 needs to every executor it launches
     * ({@code JavaModuleOptions}); the driver's JVM needs them on its own command line.
     */
    public SparkConf toConf() {
        SparkConf c = new SparkConf().setAppName(appName);
        if (master != null) {
            c.setMaster(master);
        }
        c.set("spark.task.maxFailures", Integer.toString(maxTaskFailures));
        c.set("spark.ui.enabled", "false");
        StringBuilder opts = new StringBuilder("-Dai.djl.offline=true -Dai.djl.pytorch.num_interop_threads=1"
                + " -Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        String threads = System.getProperty("ai.djl.pytorch.num_threads");
        if (threads == null) {
            // one PyTorch thread per core Spark gives the executor: Spark runs that many tasks at once, and
            // PyTorch's default (every core of the node) would oversubscribe a node shared by executors
            threads = conf.get("spark.executor.cores");
        }
        if (threads != null) {
            opts.append(" -Dai.djl.pytorch.num_threads=").append(threads);
        }
        c.set("spark.executor.extraJavaOptions", opts.toString());
        c.set("spark.executorEnv.OMP_WAIT_POLICY", "PASSIVE");
        c.set("spark.executorEnv.MALLOC_ARENA_MAX", "2");
        if (threads != null) {
            c.set("spark.executorEnv.OMP_NUM_THREADS", threads);
        }
        String jars = System.getProperty("skillscope.spark.jars");
        if (jars != null && !jars.isBlank() && !c.contains("spark.jars")) {
            c.set("spark.jars", jars);
        }
        conf.forEach(c::set);
        return c;
    }

    /** A new Spark context; close it (or let a job runner close it). */
    public JavaSparkContext open() {
        return new JavaSparkContext(toConf());
    }
}
