package io.skillscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

class BenchCommandTest {

    /** The subcommand's object after parsing, without running it. */
    private static Object parsed(String... args) {
        ParseResult r = Main.commandLine().parseArgs(args);
        while (r.hasSubcommand()) {
            r = r.subcommand();
        }
        return r.commandSpec().userObject();
    }

    @Test
    void programArgumentsPassThroughInOrder() {
        BenchCommand.Program p = (BenchCommand.Program) parsed(
                "bench",
                "unlearning",
                "models/skill-lab-base",
                "--batch",
                "128",
                "--sweep",
                "true",
                "--spaces",
                "only");
        assertEquals(List.of("models/skill-lab-base", "--batch", "128", "--sweep", "true", "--spaces", "only"), p.args);
        BenchCommand.Program l = (BenchCommand.Program) parsed(
                "bench", "localization", "--model", "m", "--skills", "cs3", "--ft-params", "all", "--sgd-l1", "1e-4");
        assertEquals(List.of("--model", "m", "--skills", "cs3", "--ft-params", "all", "--sgd-l1", "1e-4"), l.args);
        BenchCommand.Program w = (BenchCommand.Program) parsed("bench", "weight-space", "64", "8");
        assertEquals(List.of("64", "8"), w.args);
    }

    @Test
    void plainBenchAndBenchForwardTakeTheForwardOptions() {
        BenchCommand b = (BenchCommand) parsed("bench", "--quick", "--device", "cpu");
        assertTrue(b.forward.quick);
        assertEquals(ai.djl.Device.cpu(), b.forward.device);
        BenchCommand.Forward f = (BenchCommand.Forward) parsed("bench", "forward", "--quick");
        assertTrue(f.forward.quick);
    }

    @Test
    void loadRoundsAndTorchAreParsedAndBadValuesRefused() {
        BenchCommand b = (BenchCommand)
                parsed("bench", "--load", "1", "--rounds", "2", "--torch", "anchor.py", "--python", "/usr/bin/python3");
        assertEquals(1, b.forward.load);
        assertEquals(2, b.forward.rounds);
        assertEquals(java.nio.file.Path.of("anchor.py"), b.forward.torch);
        CliRun negative = CliRun.of("bench", "--quick", "--load", "-1");
        assertEquals(CommandLine.ExitCode.USAGE, negative.code(), negative.toString());
        assertTrue(negative.err().contains("--load must be >= 0, got -1"), negative.toString());
        CliRun missing = CliRun.of("bench", "--torch", "/nonexistent/anchor.py");
        assertEquals(CommandLine.ExitCode.USAGE, missing.code(), missing.toString());
        assertTrue(missing.err().contains("--torch /nonexistent/anchor.py is not a file"), missing.toString());
        CliRun quick = CliRun.of("bench", "--quick", "--torch", "/nonexistent/anchor.py");
        assertEquals(CommandLine.ExitCode.USAGE, quick.code(), quick.toString());
        assertTrue(quick.err().contains("drop --quick"), quick.toString());
    }

    @Test
    void plainBenchRunsTheMethodsRowsUnlessToldNotToAndNeedsTheirModel() {
        BenchCommand b = (BenchCommand) parsed("bench", "--quick");
        assertTrue(b.forward.methods);
        assertEquals(java.nio.file.Path.of("models", "skill-lab-base"), b.forward.model);
        BenchCommand off = (BenchCommand) parsed("bench", "--quick", "--no-methods", "--model", "m");
        assertEquals(false, off.forward.methods);
        assertEquals(java.nio.file.Path.of("m"), off.forward.model);
        CliRun missing = CliRun.of("bench", "--quick", "--model", "/nonexistent/lab");
        assertEquals(CommandLine.ExitCode.USAGE, missing.code(), missing.toString());
        assertTrue(
                missing.err().contains("--model /nonexistent/lab has no config.json")
                        && missing.err().contains("--no-methods"),
                missing.toString());
    }

    @Test
    void everyProgramIsNamedInTheHelp() {
        String help = CliRun.of("bench", "--help").out();
        for (String name : new String[] {
            "forward", "unlearning", "localization", "weight-space", "mul-study", "composition", "threads"
        }) {
            assertTrue(help.contains(name), help);
        }
        CliRun missing = CliRun.of("bench", "unlearning");
        assertEquals(CommandLine.ExitCode.USAGE, missing.code(), missing.toString());
        assertTrue(missing.err().contains("model folder is required"), missing.toString());
    }
}
