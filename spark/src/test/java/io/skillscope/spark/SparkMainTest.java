package io.skillscope.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The command line's refusals (exit 2 for usage, 1 with one line naming the file and line for bad data)
 * and the sweep grids' points.
 */
class SparkMainTest {
    @TempDir
    Path dir;

    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = SparkMain.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        return new Run(cmd.execute(args), out.toString(), err.toString());
    }

    @Test
    void usageErrorsExitWithTwoBeforeSparkStarts() {
        Run noModel =
                run("probe", "--data", "a.jsonl", "--out", dir.resolve("o").toString());
        assertEquals(2, noModel.code());
        assertTrue(noModel.err().contains("--model"), noModel.err());
        Run badHistogram =
                run("probe", "--model", "m", "--data", "a.jsonl", "--histogram", "1,2", "--out", dir.toString());
        assertEquals(2, badHistogram.code());
        assertTrue(badHistogram.err().contains("LO,HI,BINS"), badHistogram.err());
        Run badPosition =
                run("probe", "--model", "m", "--data", "a.jsonl", "--position", "middle", "--out", dir.toString());
        assertEquals(2, badPosition.code());
        assertTrue(badPosition.err().contains("'middle'"), badPosition.err());
        Run both = run("eval", "--model", "m", "--data", "a.jsonl", "--skills", "add");
        assertEquals(2, both.code());
        assertTrue(both.err().contains("exactly one of --data and --skills"), both.err());
        assertEquals(2, run("sweep").code());
        assertEquals(2, run().code());
    }

    @Test
    void aMalformedLineIsRefusedNamingTheFileAndLine() throws Exception {
        Path bad = dir.resolve("bad.jsonl");
        Files.writeString(bad, "{\"prompt\": \"12+3=\", \"answer\": \"15\"}\n{\"prompt\": 7}\n");
        Run r = run(
                "probe",
                "--master",
                "local[1]",
                "--conf",
                "spark.driver.host=127.0.0.1",
                "--conf",
                "spark.driver.bindAddress=127.0.0.1",
                "--model",
                SparkFixtures.MODEL.toString(),
                "--data",
                bad.toString(),
                "--out",
                dir.resolve("out").toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("bad.jsonl") && r.err().contains("line 2"), r.err());
        assertTrue(r.err().lines().count() <= 2, "one line, no stack trace: " + r.err());
        assertTrue(Files.notExists(dir.resolve("out")), "nothing is written");
    }

    @Test
    void gridsNameEveryPointByItsCoordinates() {
        List<SweepPoint> loc = SweepGrid.localize(
                Path.of("/m/pre"),
                Path.of("/m/ft"),
                List.of("mul", "rev.sort"),
                List.of("1e-3", "0.01"),
                List.of(0L, 1L),
                List.of("--steps", "5"));
        assertEquals(8, loc.size());
        assertEquals("localize-mul-sparsity-1e-3-seed-0", loc.get(0).name());
        assertEquals("localize-rev.sort-sparsity-0.01-seed-1", loc.get(7).name());
        assertEquals(List.of("--steps", "5"), loc.get(0).args().subList(11, 13));
        List<SweepPoint> unl = SweepGrid.unlearn(
                Path.of("/m"),
                List.of("add", "sub+mul"),
                "rev",
                List.of("na", "ksd"),
                List.of("0.5", "1.5"),
                List.of());
        // na over two p, ksd once, for each forget set
        assertEquals(6, unl.size());
        assertEquals("unlearn-sub+mul-ksd", unl.get(5).name());
        assertTrue(unl.get(0).args().containsAll(List.of("--p", "0.5")));
        assertTrue(!unl.get(2).args().contains("--p"));
        assertThrows(IllegalArgumentException.class, () -> new SweepPoint("x", "x", List.of("localize", "--out", "y")));
        assertThrows(IllegalArgumentException.class, () -> new SweepPoint("../x", "x", List.of("localize")));
    }
}
