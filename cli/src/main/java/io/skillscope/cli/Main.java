package io.skillscope.cli;

import io.skillscope.core.Provenance;
import io.skillscope.core.runtime.ThreadSettings;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code skillscope} command line.
 *
 * <pre>
 * skillscope info     --model DIR
 * skillscope generate --model DIR --prompt TEXT [--max-new N] [--temperature T] [--top-p P] [--seed S]
 * skillscope forward  --model DIR (--ids 3,14,15 | --text TEXT) --hooks NAME,... --out DIR
 * skillscope bench    [forward] [--quick] [--device NAME]
 * skillscope bench    unlearning|localization|weight-space|mul-study|composition|orthogonality-controls ARGS...
 * skillscope demo     --out DIR [--scale full|ci] [--model DIR] [--seed S] [--force]
 * skillscope report   --in DIR... --out FILE
 * skillscope train    base|sft|rl --recipe FILE --out DIR [--steps N] [--init DIR] [--checkpoint-every N] [--force]
 * skillscope eval     --model DIR [--skills NAME,...|all|seen|heldout] [--split test] [--per-skill N] [--json]
 * skillscope probe    --model DIR (--skills A,B | --data FILE.jsonl,...) [--hook blocks.*.mlp.hook_pre]
 *                     [--position last-prompt|all|answer] --out DIR
 * skillscope unlearn  na|ksd|prune --model DIR --forget SKILL|FILE --retain SKILL,...|FILE,... --out DIR
 *                     [--p PERCENT] [--layer L|last|auto] [--check-decode BOOL] [--h H]
 * skillscope localize --base DIR --finetuned DIR (--skill SKILL | --data FILE) --sparsity S[,S2,...] --out DIR
 * skillscope merge    --config FILE.json|FILE.yaml --out DIR
 * skillscope overlap  --region NAME=DIR NAME=DIR ... --out DIR
 * </pre>
 *
 * Run it in-process with {@link #commandLine()}{@code .execute(args)}; {@link #main} exits with the
 * code that returns.
 */
@Command(
        name = "skillscope",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Find, move and remove skills inside transformer language models.",
        subcommands = {
            InfoCommand.class,
            GenerateCommand.class,
            ForwardCommand.class,
            BenchCommand.class,
            DemoCommand.class,
            ReportCommand.class,
            MergeCommand.class,
            OverlapCommand.class,
            TrainCommand.class,
            EvalCommand.class,
            ProbeCommand.class,
            UnlearnCommand.class,
            LocalizeCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {

    @Option(
            names = "--debug",
            scope = ScopeType.INHERIT,
            description = "Print the stack trace of an error, not just its message.")
    boolean debug;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(
                spec.commandLine(),
                "a subcommand is required: demo, report, info, generate, forward, bench, train, eval, probe, unlearn,"
                        + " localize, merge, overlap");
    }

    /**
     * The configured command line, with handlers that print one-line errors.
     *
     * @return a new command line; set its out and err writers to capture output
     */
    public static CommandLine commandLine() {
        quietLogging();
        CommandLine cmd = new CommandLine(new Main());
        cmd.setCaseInsensitiveEnumValuesAllowed(true);
        cmd.setParameterExceptionHandler(Main::usageError);
        cmd.setExecutionStrategy(parseResult -> {
            try {
                return new CommandLine.RunLast().execute(parseResult);
            } finally {
                OutputFolder.abandonUnfinished(); // a failed command leaves no partial folder behind
            }
        });
        cmd.setExecutionExceptionHandler((e, failed, parseResult) -> {
            PrintWriter err = failed.getErr();
            err.println("skillscope: " + oneLine(e));
            if (debugRequested(parseResult)) {
                e.printStackTrace(err);
            }
            err.flush();
            return CommandLine.ExitCode.SOFTWARE;
        });
        return cmd;
    }

    private static int usageError(ParameterException e, String[] args) {
        CommandLine failed = e.getCommandLine();
        PrintWriter err = failed.getErr();
        String name = failed.getCommandSpec().qualifiedName();
        String message = oneLine(e);
        if (e instanceof UnmatchedArgumentException u
                && failed.getCommandSpec().parent() == null
                && !u.getUnmatched().isEmpty()
                && !u.getUnmatched().get(0).startsWith("-")) {
            List<String> near = u.getSuggestions();
            message = "unknown command '" + u.getUnmatched().get(0) + "'"
                    + (near.isEmpty() ? "" : "; did you mean '" + near.get(0) + "'?");
        }
        err.println(name + ": " + message + " (see '" + name + " --help')");
        if (debugRequested(e.getCommandLine().getParseResult())) {
            e.printStackTrace(err);
        }
        err.flush();
        return CommandLine.ExitCode.USAGE;
    }

    /**
     * An exception's message on one line, or its class name when it has none. Messages of the project's
     * exceptions, of usage errors and of the argument, state and I/O errors whose messages already say
     * what was wrong are shown alone; other exceptions keep their class name, which is then the news.
     */
    static String oneLine(Throwable e) {
        String msg = e.getMessage();
        boolean ours = e instanceof io.skillscope.core.SkillscopeException
                || e instanceof ParameterException
                || e instanceof IllegalArgumentException
                || e instanceof IllegalStateException
                || e instanceof java.io.UncheckedIOException;
        String text = msg == null || msg.isBlank()
                ? e.getClass().getSimpleName()
                : ours ? msg : e.getClass().getSimpleName() + ": " + msg;
        return scrub(text.strip().replaceAll("\\s*\\R\\s*", " "));
    }

    /**
     * A message without the Java class names and library advice that parsers put into theirs: {@code
     * not valid JSON: com.google.gson.stream.MalformedJsonException: Unterminated string at line 12} becomes
     * {@code not valid JSON: Unterminated string at line 12}, and Gson's "See https://github.com/google/gson/..."
     * link goes.
     */
    static String scrub(String message) {
        return message.replaceAll("\\b(?:[a-z][a-z0-9_]*\\.)+[A-Z]\\w*(?:Exception|Error): ", "")
                .replaceAll("\\s*See https://github\\.com/google/gson/\\S*", "")
                .strip();
    }

    private static boolean debugRequested(ParseResult result) {
        for (ParseResult r = result; r != null; r = r.subcommand()) {
            if (r.hasMatchedOption("--debug")) {
                return true;
            }
        }
        return false;
    }

    /**
     * DJL's informational logging stays off stderr unless asked for with {@code -D} (including its
     * warning, on machines without a usable CUDA driver, that it found no GPU: the CPU is then used).
     */
    static void quietLogging() {
        defaultProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        defaultProperty("org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils", "error");
    }

    private static void defaultProperty(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    /** Library, engine and runtime versions, from {@link Provenance}. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            Map<String, String> env = Provenance.environment();
            return new String[] {
                "skillscope " + Provenance.VERSION,
                "DJL " + env.get("djl") + ", " + env.get("engine"),
                "Java " + env.get("java") + " on " + env.get("os"),
                "PyTorch threads: " + ThreadSettings.effective().line()
            };
        }
    }

    /**
     * Runs the command line and exits with its code.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        quietLogging();
        ThreadSettings.applyDefaults();
        System.exit(commandLine().execute(args));
    }
}
