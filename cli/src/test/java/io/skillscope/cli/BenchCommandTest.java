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
    void everyProgramIsNamedInTheHelp() {
        String help = CliRun.of("bench", "--help").out();
        for (String name :
                new String[] {"forward", "unlearning", "localization", "weight-space", "mul-study", "composition"}) {
            assertTrue(help.contains(name), help);
        }
        CliRun missing = CliRun.of("bench", "unlearning");
        assertEquals(CommandLine.ExitCode.USAGE, missing.code(), missing.toString());
        assertTrue(missing.err().contains("model folder is required"), missing.toString());
    }
}
