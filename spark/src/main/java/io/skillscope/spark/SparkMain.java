package io.skillscope.spark;

import io.skillscope.core.SkillscopeException;
import io.skillscope.datasets.Example;
import io.skillscope.datasets.SkillSuite;
import io.skillscope.datasets.SplitSizes;
import io.skillscope.datasets.Splits;
import io.skillscope.lab.SkillEvaluation;
import io.skillscope.probes.HistogramSpec;
import io.skillscope.probes.PositionMode;
import io.skillscope.probes.ProbeResult;
import io.skillscope.probes.ProbeSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code skillscope-spark probe|eval|fit-na|fit-ksd|sweep|bench-scaling}: the Spark jobs on the command
 * line, and the main class of the job jar for {@code spark-submit}. Exit codes as {@code skillscope}'s: 0
 * done, 1 a runtime error (one line naming the file, field or value), 2 a usage error.
 */
@Command(
        name = "skillscope-spark",
        mixinStandardHelpOptions = true,
        versionProvider = SparkMain.Version.class,
        description = "skillscope's probe, eval and sweeps as Apache Spark jobs.",
        subcommands = {
            SparkMain.ProbeCmd.class,
            SparkMain.EvalCmd.class,
            FitNaCommand.class,
            FitKsdCommand.class,
            SweepCommands.SweepCmd.class,
            ScalingBenchCommand.class
        })
public final class SparkMain implements Runnable {
    /** The version line: skillscope's. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"skillscope-spark " + io.skillscope.core.Provenance.VERSION};
        }
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(
                spec.commandLine(), "give a job: probe, eval, fit-na, fit-ksd, sweep or bench-scaling");
    }

    /**
     * Runs the command line and exits with its code.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line: one-line errors, exit 2 for usage and 1 for runtime errors. */
    public static CommandLine commandLine() {
        CommandLine cmd = new CommandLine(new SparkMain());
        cmd.setParameterExceptionHandler((e, args) -> {
            e.getCommandLine().getErr().println("skillscope-spark: " + e.getMessage());
            e.getCommandLine().getErr().flush();
            return CommandLine.ExitCode.USAGE;
        });
        cmd.setExecutionExceptionHandler((e, failed, parse) -> {
            Throwable t = e;
            while (!(t instanceof SkillscopeException) && t.getCause() != null && t.getCause() != t) {
                t = t.getCause();
            }
            failed.getErr().println("skillscope-spark: " + (t instanceof SkillscopeException ? t : e).getMessage());
            failed.getErr().flush();
            return CommandLine.ExitCode.SOFTWARE;
        });
        return cmd;
    }

    /** Options every job takes: where Spark runs. */
    static final class SparkOptions {
        @Option(
                names = "--master",
                paramLabel = "URL",
                description = "local[*], local[N,F], spark://host:7077, yarn, k8s://...; default: what spark-submit"
                        + " set, else local[*].")
        String master;

        @Option(
                names = "--max-failures",
                paramLabel = "N",
                defaultValue = "4",
                description = "Attempts per task before the job fails (default: ${DEFAULT-VALUE}).")
        int maxFailures;

        @Option(
                names = "--conf",
                paramLabel = "KEY=VALUE",
                description = "A Spark setting, e.g. spark.executor.memory=2g (repeatable).")
        Map<String, String> conf = new LinkedHashMap<>();

        JavaSparkContext open(String app) {
            String m = master;
            if (m == null && System.getProperty("spark.master") == null) {
                m = "local[*]";
            }
            return new SparkSettings(m, app, maxFailures, conf).open();
        }
    }

    /** {@code skillscope-spark probe}. */
    @Command(
            name = "probe",
            mixinStandardHelpOptions = true,
            description = {
                "Per-neuron statistics of JSONL corpora (any Hadoop-FS path) at hook points, partitioned over executors;",
                "writes the folder 'skillscope probe' writes: OUT/<dataset>/ (result.json + stats.safetensors),",
                "OUT/comparison.safetensors with two or more datasets, and OUT/result.json."
            })
    static final class ProbeCmd implements Callable<Integer> {
        @Mixin
        SparkOptions spark;

        @Mixin
        JobOutput job;

        @Option(
                names = "--model",
                required = true,
                paramLabel = "DIR",
                description = "A model folder every executor sees at this path.")
        Path model;

        @Option(
                names = "--data",
                required = true,
                split = ",",
                paramLabel = "FILE.jsonl",
                description = "JSONL corpora (prompt, answer).")
        List<String> data;

        @Option(
                names = "--hook",
                split = ",(?![^{]*})",
                defaultValue = "blocks.*.mlp.hook_pre",
                paramLabel = "NAME",
                description = "Hook points (default: ${DEFAULT-VALUE}).")
        List<String> hooks;

        @Option(
                names = "--position",
                defaultValue = "last-prompt",
                paramLabel = "WHERE",
                description = "last-prompt, all or answer (default: ${DEFAULT-VALUE}).")
        String position;

        @Option(
                names = "--batch",
                defaultValue = "32",
                paramLabel = "N",
                description = "Rows per forward pass (default: ${DEFAULT-VALUE}).")
        int batch;

        @Option(
                names = "--histogram",
                paramLabel = "LO,HI,BINS",
                description = "Also a fixed-range histogram per neuron.")
        String histogram;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            CommandLine cmd = spec.commandLine();
            if (batch < 1 || job.partitions < 0) {
                throw new ParameterException(cmd, "--batch must be >= 1 and --partitions >= 0");
            }
            ProbeSettings settings;
            try {
                settings = new ProbeSettings(
                        hooks.stream()
                                .map(io.skillscope.core.hooks.HookFilter::parse)
                                .toList(),
                        positionOf(position),
                        batch,
                        histogramOf(histogram),
                        false);
            } catch (IllegalArgumentException | SkillscopeException e) {
                throw new ParameterException(cmd, e.getMessage());
            }
            PrintWriter err = cmd.getErr();
            try (JavaSparkContext sc = spark.open("skillscope probe")) {
                int p = partitions(sc, job.partitions);
                List<Corpus> corpora = data.stream().map(Corpus::of).toList();
                List<ProbeResult> rs = ProbeJob.run(sc, model, corpora, settings, p, job.out, job.force, notesTo(err));
                PrintWriter w = cmd.getOut();
                for (ProbeResult r : rs) {
                    w.println(r);
                }
                w.println("wrote " + job.out.resolve("result.json"));
                w.flush();
            }
            return 0;
        }
    }

    /** {@code skillscope-spark eval}. */
    @Command(
            name = "eval",
            mixinStandardHelpOptions = true,
            description = "Exact-match accuracy of a skill-lab model per skill, scored over partitions, counts summed.")
    static final class EvalCmd implements Callable<Integer> {
        @Mixin
        SparkOptions spark;

        @Option(
                names = "--model",
                required = true,
                paramLabel = "DIR",
                description = "A skill-lab model folder every executor sees.")
        Path model;

        @Option(names = "--data", paramLabel = "FILE.jsonl", description = "A JSONL file (prompt, answer, skill).")
        String data;

        @Option(
                names = "--skills",
                paramLabel = "A,B",
                description = "Skills of the suite; --n examples each, drawn with --data-seed.")
        String skills;

        @Option(
                names = "--n",
                defaultValue = "128",
                paramLabel = "N",
                description = "Examples per skill with --skills (default: ${DEFAULT-VALUE}).")
        int n;

        @Option(
                names = "--data-seed",
                defaultValue = "0",
                paramLabel = "S",
                description = "Seed of --skills' examples (default: ${DEFAULT-VALUE}).")
        long dataSeed;

        @Option(
                names = "--partitions",
                defaultValue = "0",
                paramLabel = "N",
                description = "Tasks; 0 for Spark's default parallelism.")
        int partitions;

        @Option(names = "--out", paramLabel = "DIR", description = "Also write DIR/result.json (kind evaluation).")
        Path out;

        @Option(names = "--force", description = "Replace a previous result in --out.")
        boolean force;

        @Option(names = "--json", description = "Print JSON instead of a Markdown table.")
        boolean json;

        @Option(
                names = "--intervention",
                paramLabel = "DIR",
                description =
                        "Score with a fitted unlearning artifact applied (OUT/artifact of unlearn, fit-na or fit-ksd):"
                                + " accuracy and refusal rate per skill.")
        Path intervention;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            CommandLine cmd = spec.commandLine();
            if ((data == null) == (skills == null)) {
                throw new ParameterException(cmd, "give exactly one of --data and --skills");
            }
            if (n < 1 || partitions < 0) {
                throw new ParameterException(cmd, "--n must be >= 1 and --partitions >= 0");
            }
            try (JavaSparkContext sc = spark.open("skillscope eval")) {
                List<Example> examples;
                String source;
                if (data != null) {
                    examples = Corpus.of(data).examples(sc.hadoopConfiguration());
                    source = "file " + data;
                } else {
                    SkillSuite suite = DistributedEval.suite(model);
                    List<io.skillscope.datasets.Skill> chosen = new ArrayList<>();
                    for (String s : skills.split(",")) {
                        try {
                            chosen.add(suite.get(s.trim()));
                        } catch (RuntimeException e) {
                            throw new ParameterException(cmd, "--skills: " + e.getMessage());
                        }
                    }
                    examples = Splits.generate(chosen, new SplitSizes(0, 0, n), dataSeed)
                            .test();
                    source = "skills " + skills + ", " + n + " each, data seed " + dataSeed;
                }
                int p = partitions(sc, partitions);
                if (intervention != null) {
                    if (out != null) {
                        throw new ParameterException(cmd, "--out is not supported with --intervention yet");
                    }
                    printIntervention(cmd.getOut(), InterventionEval.run(sc, model, intervention, examples, 32, p));
                    return 0;
                }
                SkillEvaluation ev = DistributedEval.run(sc, model, examples, p);
                PrintWriter w = cmd.getOut();
                if (json) {
                    w.println(ev.toJson());
                } else {
                    w.print(ev.toMarkdown());
                    w.printf(
                            Locale.ROOT,
                            "%nmean exact match %.1f%% over %d skills (%d examples, %d partitions)%n",
                            100 * ev.meanAccuracy(),
                            ev.scores().size(),
                            examples.size(),
                            p);
                }
                if (out != null) {
                    w.println("wrote "
                            + DistributedEval.write(out, force, model, source, examples.size(), ev, sc.master())
                                    .resolve("result.json"));
                }
                w.flush();
            }
            return 0;
        }
    }

    /** Per skill: examples, accuracy and refusal rate with the intervention applied. */
    static void printIntervention(PrintWriter w, Map<String, InterventionEval.Score> scores) {
        w.println("| skill | n | accuracy | refused |");
        w.println("|---|---:|---:|---:|");
        scores.forEach((k, v) ->
                w.printf(Locale.ROOT, "| %s | %d | %.3f | %.3f |%n", k, v.n(), v.accuracy(), v.refusalRate()));
        w.flush();
    }

    /** {@code --partitions}: the value given, or Spark's default parallelism for 0. */
    static int partitions(JavaSparkContext sc, int given) {
        return given == 0 ? sc.defaultParallelism() : given;
    }

    /** Progress lines of a job, each written to the command's error stream as it comes. */
    static java.util.function.Consumer<String> notesTo(PrintWriter err) {
        return line -> {
            err.println(line);
            err.flush();
        };
    }

    static PositionMode positionOf(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT).replace('_', '-')) {
            case "last-prompt", "last-prompt-token" -> PositionMode.LAST_PROMPT_TOKEN;
            case "all" -> PositionMode.ALL;
            case "answer", "answer-tokens" -> PositionMode.ANSWER_TOKENS;
            default -> throw new IllegalArgumentException("--position '" + value + "': use last-prompt, all or answer");
        };
    }

    static HistogramSpec histogramOf(String value) {
        if (value == null) {
            return null;
        }
        String[] parts = value.split(",");
        if (parts.length != 3) {
            throw new IllegalArgumentException("--histogram '" + value + "': give LO,HI,BINS");
        }
        try {
            return new HistogramSpec(
                    Double.parseDouble(parts[0].trim()),
                    Double.parseDouble(parts[1].trim()),
                    Integer.parseInt(parts[2].trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--histogram '" + value + "': " + e.getMessage());
        }
    }
}
