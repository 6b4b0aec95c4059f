package io.skillscope.spark;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The options every job that writes one result folder shares: how many partitions each corpus is cut
 * into, the output folder, and whether a previous result there may be replaced. A picocli mixin.
 */
final class JobOutput {
    @Option(
            names = "--partitions",
            defaultValue = "0",
            paramLabel = "N",
            description = "Partitions per corpus; 0 for Spark's default parallelism (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
    Path out;

    @Option(names = "--force", description = "Replace a previous result in --out.")
    boolean force;
}
