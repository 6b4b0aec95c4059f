package io.skillscope.spark;

import com.google.gson.JsonObject;
import io.skillscope.core.Provenance;
import org.apache.spark.api.java.JavaSparkContext;

/** The blocks every Spark job's {@code result.json} carries: where it ran, and the environment. */
final class JobJson {
    private JobJson() {}

    /** {@code {"master", "partitions", "spark_version"}}; callers add their timings. */
    static JsonObject spark(JavaSparkContext sc, int partitions) {
        JsonObject spark = new JsonObject();
        spark.addProperty("master", sc.master());
        spark.addProperty("partitions", partitions);
        spark.addProperty("spark_version", sc.version());
        return spark;
    }

    /** {@link Provenance#environment()} as a JSON object. */
    static JsonObject environment() {
        JsonObject env = new JsonObject();
        Provenance.environment().forEach(env::addProperty);
        return env;
    }
}
