package io.skillscope.spark;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** The {@code skillscope-spark sweep} commands: a grid of localize or unlearn runs, one Spark task per point. */
final class SweepCommands {
    private SweepCommands() {}

    /** {@code skillscope-spark sweep localize|unlearn}. */
    @Command(
            name = "sweep",
            mixinStandardHelpOptions = true,
            description = "A grid of localize or unlearn runs, one Spark task per point, one index.html.",
            subcommands = {SweepLocalize.class, SweepUnlearn.class})
    static final class SweepCmd implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            throw new ParameterException(spec.commandLine(), "give a sweep: localize or unlearn");
        }
    }

    /** Options of both sweeps. */
    static final class SweepOptions {
        @Option(
                names = "--out",
                required = true,
                paramLabel = "ROOT",
                description = "The sweep's folder (every executor sees it).")
        Path out;

        @Option(names = "--force", description = "Replace a previous sweep in ROOT.")
        boolean force;

        @Option(
                names = "--slices",
                defaultValue = "0",
                paramLabel = "N",
                description = "Tasks the points are dealt into; 0 for one per point.")
        int slices;

        int run(CommandLine cmd, SparkMain.SparkOptions spark, List<SweepPoint> points) {
            if (slices < 0) {
                throw new ParameterException(cmd, "--slices must be >= 0, got " + slices);
            }
            PrintWriter err = cmd.getErr();
            try (JavaSparkContext sc = spark.open("skillscope sweep")) {
                DistributedSweep.run(
                        sc, out, points, slices == 0 ? points.size() : slices, force, SparkMain.notesTo(err));
            }
            cmd.getOut().println("wrote " + out.resolve("index.html") + " over " + points.size() + " points");
            cmd.getOut().flush();
            return 0;
        }
    }

    /** {@code skillscope-spark sweep localize}. */
    @Command(
            name = "localize",
            mixinStandardHelpOptions = true,
            description = {
                "skillscope localize over skills × sparsities × seeds; options after -- go to every point",
                "(e.g. -- --train 64 --steps 20)."
            })
    static final class SweepLocalize implements Callable<Integer> {
        @Mixin
        SparkMain.SparkOptions spark;

        @Mixin
        SweepOptions sweep;

        @Option(names = "--base", required = true, paramLabel = "DIR", description = "θ_pre.")
        Path base;

        @Option(names = "--finetuned", required = true, paramLabel = "DIR", description = "θ_ft.")
        Path finetuned;

        @Option(names = "--skills", required = true, split = ",", paramLabel = "A,B", description = "Skills.")
        List<String> skills;

        @Option(names = "--sparsities", required = true, split = ",", paramLabel = "S,...", description = "Sparsities.")
        List<String> sparsities;

        @Option(
                names = "--seeds",
                defaultValue = "0",
                split = ",",
                paramLabel = "R,...",
                description = "Seeds (default: ${DEFAULT-VALUE}).")
        List<Long> seeds;

        @Parameters(paramLabel = "LOCALIZE-OPTION", description = "Further localize options for every point.")
        List<String> extra = new ArrayList<>();

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            return sweep.run(
                    spec.commandLine(),
                    spark,
                    SweepGrid.localize(
                            base.toAbsolutePath(), finetuned.toAbsolutePath(), skills, sparsities, seeds, extra));
        }
    }

    /** {@code skillscope-spark sweep unlearn}. */
    @Command(
            name = "unlearn",
            mixinStandardHelpOptions = true,
            description = "skillscope unlearn over forget sets × methods × p; options after -- go to every point.")
    static final class SweepUnlearn implements Callable<Integer> {
        @Mixin
        SparkMain.SparkOptions spark;

        @Mixin
        SweepOptions sweep;

        @Option(names = "--model", required = true, paramLabel = "DIR", description = "The model.")
        Path model;

        @Option(
                names = "--forget",
                required = true,
                split = ",",
                paramLabel = "SET,...",
                description = "Forget sets (skills joined by +, or JSONL files).")
        List<String> forgets;

        @Option(
                names = "--retain",
                required = true,
                paramLabel = "SET,...",
                description = "The retain sets, as unlearn takes them.")
        String retain;

        @Option(
                names = "--methods",
                defaultValue = "na",
                split = ",",
                paramLabel = "M,...",
                description = "na, ksd, prune (default: ${DEFAULT-VALUE}).")
        List<String> methods;

        @Option(
                names = "--p",
                defaultValue = "1.5",
                split = ",",
                paramLabel = "P,...",
                description = "Percents for na and prune (default: ${DEFAULT-VALUE}).")
        List<String> percents;

        @Parameters(paramLabel = "UNLEARN-OPTION", description = "Further unlearn options for every point.")
        List<String> extra = new ArrayList<>();

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            return sweep.run(
                    spec.commandLine(),
                    spark,
                    SweepGrid.unlearn(model.toAbsolutePath(), forgets, retain, methods, percents, extra));
        }
    }
}
