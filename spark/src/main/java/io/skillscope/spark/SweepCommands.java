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

/**
 * The {@code skillscope-spark sweep} commands: a grid of localize or unlearn runs, or of orthogonality
 * comparisons of checkpoints, one Spark task per point.
 */
final class SweepCommands {
    private SweepCommands() {}

    /** {@code skillscope-spark sweep localize|unlearn}. */
    @Command(
            name = "sweep",
            mixinStandardHelpOptions = true,
            description = "A grid of localize or unlearn runs or orthogonality comparisons, one Spark task per point,"
                    + " one index.html.",
            subcommands = {SweepLocalize.class, SweepUnlearn.class, SweepOrthogonality.class})
    static final class SweepCmd implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            throw new ParameterException(spec.commandLine(), "give a sweep: localize, unlearn or orthogonality");
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
            return run(cmd, spark, points, DistributedSweep::runPoint);
        }

        int run(
                CommandLine cmd,
                SparkMain.SparkOptions spark,
                List<SweepPoint> points,
                DistributedSweep.PointTask task) {
            if (slices < 0) {
                throw new ParameterException(cmd, "--slices must be >= 0, got " + slices);
            }
            PrintWriter err = cmd.getErr();
            try (JavaSparkContext sc = spark.open("skillscope sweep")) {
                DistributedSweep.run(
                        sc, out, points, slices == 0 ? points.size() : slices, force, SparkMain.notesTo(err), task);
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

    /** {@code skillscope-spark sweep orthogonality}. */
    @Command(
            name = "orthogonality",
            mixinStandardHelpOptions = true,
            description = {
                "The training-free orthogonality study over checkpoints: for every pair of updates and seed, |cos|",
                "per tensor, principal angles of the top-r singular subspaces and support overlap, beside random",
                "directions and random subspaces of the same shapes (analysis/ORTHOGONALITY.md); one task per point."
            })
    static final class SweepOrthogonality implements Callable<Integer> {
        @Mixin
        SparkMain.SparkOptions spark;

        @Mixin
        SweepOptions sweep;

        @Option(
                names = "--base",
                paramLabel = "DIR",
                description = "θ_base: the BEFORE of every --update that names none.")
        Path base;

        @Option(
                names = "--update",
                required = true,
                paramLabel = "NAME=AFTER[:BEFORE]",
                description = "An update Δ = θ_AFTER − θ_BEFORE (BEFORE: --base), e.g. sft=ck/sft or rl=ck/rl:ck/sft"
                        + " (repeatable).")
        List<String> updates;

        @Option(
                names = "--pairs",
                split = ",",
                paramLabel = "A:B,...",
                description = "Pairs of update names to compare (default: every pair, in the order given).")
        List<String> pairs = new ArrayList<>();

        @Option(
                names = "--seeds",
                defaultValue = "0",
                split = ",",
                paramLabel = "S,...",
                description = "Seeds of the random baselines, one point each (default: ${DEFAULT-VALUE}).")
        List<Long> seeds;

        @Option(
                names = "--rank",
                defaultValue = "8",
                paramLabel = "R",
                description = "Singular directions compared (default: ${DEFAULT-VALUE}).")
        int rank;

        @Option(
                names = "--top-fraction",
                defaultValue = "0.01",
                paramLabel = "F",
                description = "Share of largest entries in each support (default: ${DEFAULT-VALUE}).")
        double topFraction;

        @Option(
                names = "--max-svd-dim",
                defaultValue = "2048",
                paramLabel = "D",
                description =
                        "No principal angles for matrices whose smaller side exceeds D (default: ${DEFAULT-VALUE}).")
        int maxSvdDim;

        @Option(
                names = "--draws",
                defaultValue = "5",
                paramLabel = "N",
                description =
                        "Random pairs per matrix shape for the random-subspace level (default: ${DEFAULT-VALUE}).")
        int draws;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            CommandLine cmd = spec.commandLine();
            List<SweepPoint> points;
            try {
                List<OrthogonalitySweep.Update> us = new ArrayList<>();
                for (String u : updates) {
                    us.add(OrthogonalitySweep.Update.parse(u, base));
                }
                List<List<String>> ps = new ArrayList<>();
                for (String p : pairs) {
                    String[] ab = p.split(":");
                    if (ab.length != 2) {
                        throw new IllegalArgumentException("--pairs '" + p + "': give A:B with two update names");
                    }
                    ps.add(List.of(ab[0].trim(), ab[1].trim()));
                }
                points = OrthogonalitySweep.grid(
                        us, ps, seeds, new OrthogonalitySweep.Settings(rank, topFraction, maxSvdDim, draws));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(cmd, e.getMessage());
            }
            return sweep.run(cmd, spark, points, OrthogonalitySweep::runPoint);
        }
    }
}
