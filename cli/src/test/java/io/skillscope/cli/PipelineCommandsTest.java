package io.skillscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The pipeline subcommands are registered, documented and named when no subcommand is given. */
class PipelineCommandsTest {
    @Test
    void everyPipelineCommandHasHelpWithItsOptions() {
        List<String[]> expected = List.of(
                new String[] {"train", "--recipe", "--init", "--checkpoint-every", "--force"},
                new String[] {"eval", "--skills", "--split", "--per-skill", "--json"},
                new String[] {"probe", "--hook", "--position", "--data", "--top"},
                new String[] {"unlearn", "--forget", "--retain", "--p", "--layer", "--check-decode", "--h"},
                new String[] {"localize", "--base", "--finetuned", "--sparsity", "--recover"});
        for (String[] e : expected) {
            CliRun r = CliRun.of(e[0], "--help");
            assertEquals(0, r.code(), r.toString());
            assertTrue(r.out().contains("Usage: skillscope " + e[0]), r.out());
            for (int i = 1; i < e.length; i++) {
                assertTrue(r.out().contains(e[i]), e[0] + " --help lists " + e[i] + "\n" + r.out());
            }
        }
    }

    @Test
    void theMissingSubcommandMessageListsThem() {
        CliRun r = CliRun.of();
        assertEquals(2, r.code(), r.toString());
        for (String sub : List.of("train", "eval", "probe", "unlearn", "localize")) {
            assertTrue(r.err().contains(sub), r.err());
        }
    }
}
