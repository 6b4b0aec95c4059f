package io.skillscope.spark;

import io.skillscope.unlearning.NeuronAdjust;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code skillscope-spark fit-na}: {@link NeuronAdjustJob} from the command line. */
@Command(
        name = "fit-na",
        mixinStandardHelpOptions = true,
        description = {
            "Neuron Adjust fitted from statistics probed over partitions: every layer's mlp.hook_pre at every",
            "prompt and answer token of the forget and retain corpora, the top p% of mu_forget - mu_retain chosen",
            "on the driver. Writes OUT/artifact (what 'skillscope unlearn na' writes there) and OUT/result.json."
        })
final class FitNaCommand implements Callable<Integer> {
    @Mixin
    SparkMain.SparkOptions spark;

    @Mixin
    JobOutput job;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "A model folder every executor sees.")
    Path model;

    @Option(names = "--forget", required = true, paramLabel = "FILE.jsonl", description = "The forget corpus.")
    String forget;

    @Option(names = "--retain", required = true, paramLabel = "FILE.jsonl", description = "The retain corpus.")
    String retain;

    @Option(
            names = "--p",
            defaultValue = "1.5",
            paramLabel = "PERCENT",
            description = "Share of all feed-forward neurons adjusted, in percent (default: ${DEFAULT-VALUE}).")
    double percent;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "Seed of the per-element uniforms.")
    long seed;

    @Option(names = "--batch", defaultValue = "64", paramLabel = "N", description = "Rows per forward pass.")
    int batch;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        CommandLine cmd = spec.commandLine();
        if (batch < 1 || job.partitions < 0) {
            throw new ParameterException(cmd, "--batch must be >= 1 and --partitions >= 0");
        }
        NeuronAdjust.Settings s;
        try {
            s = NeuronAdjust.Settings.of(percent).withSeed(seed).withBatchSize(batch);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(cmd, "--p " + percent + ": " + e.getMessage());
        }
        PrintWriter err = cmd.getErr();
        try (JavaSparkContext sc = spark.open("skillscope fit-na")) {
            int p = SparkMain.partitions(sc, job.partitions);
            NeuronAdjust na = NeuronAdjustJob.run(
                    sc, model, Corpus.of(forget), Corpus.of(retain), s, p, job.out, job.force, SparkMain.notesTo(err));
            PrintWriter w = cmd.getOut();
            w.println(na);
            w.println("wrote " + job.out.resolve("result.json"));
            w.flush();
        }
        return 0;
    }
}
