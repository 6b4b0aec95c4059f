package io.skillscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code skillscope report} on hand-written artifact folders: rendering, escaping and the error paths. */
class ReportCommandTest {
    @TempDir
    Path dir;

    private Path folder(String name, String json) throws IOException {
        Path d = Files.createDirectories(dir.resolve(name));
        Files.writeString(d.resolve("result.json"), json);
        return d;
    }

    private static final String UNLEARNING = """
      {"kind": "unlearning", "title": "Unlearning <script>x</script>", "summary": "s", "scale": "ci", "seed": 3,
       "seconds": 1.5, "settings": {"naPercent": 1.5, "retain": ["rev"]}, "inputs": {"model_sha256": "abc"},
       "outputs": {}, "environment": {"djl": "0.36.0"},
       "result": {"forget_set": "arithmetic", "runs": [{"label": "KSD", "method": "ksd", "details": {"h": "0.4"},
         "sets": [{"name": "arithmetic", "role": "forget", "n": 30, "before": 0.9, "after": 0.18, "detection": 0.8},
                  {"name": "<b>rev</b>", "role": "retain", "n": 10, "before": 1.0, "after": 0.9, "detection": 0.1}]}]}}
      """;

    @Test
    void demoAndReportHaveHelp() {
        for (String sub : new String[] {"demo", "report"}) {
            CliRun r = CliRun.of(sub, "--help");
            assertEquals(0, r.code(), r.toString());
            assertTrue(r.out().contains("Usage: skillscope " + sub), r.out());
        }
        assertTrue(CliRun.of("demo", "--help").out().contains("--scale=full|ci"));
        CliRun bad = CliRun.of("demo", "--out", dir.resolve("o").toString(), "--scale", "huge");
        assertEquals(2, bad.code(), bad.toString());
        assertTrue(bad.err().contains("--scale"), bad.err());
    }

    @Test
    void rendersOneFolderWithEscapedData() throws IOException {
        Path u = folder("u", UNLEARNING);
        Path file = dir.resolve("out/r.html");
        CliRun r = CliRun.of("report", "--in", u.toString(), "--out", file.toString());
        assertEquals(0, r.code(), r.toString());
        assertEquals(file.toAbsolutePath().normalize().toString(), r.out().strip());
        String html = Files.readString(file);
        assertTrue(html.contains("<title>Unlearning &lt;script&gt;x&lt;/script&gt;</title>"));
        assertFalse(html.contains("<script") || html.contains("<b>rev"), "data never reaches the page as markup");
        assertTrue(html.contains("<div class=\"label\">KSD: forget drop</div><div class=\"value\">80.00%</div>"));
        assertTrue(
                html.contains("<td>settings.retain</td><td><code>[&quot;rev&quot;]</code>"), "settings in provenance");
        assertEquals(2, html.split("<svg", -1).length - 1, "before/after and relative-drop bars");
    }

    @Test
    void aFolderWithoutResultJsonIsOneLineNamingTheFolder() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        CliRun r = CliRun.of(
                "report",
                "--in",
                empty.toString(),
                "--out",
                dir.resolve("x.html").toString());
        assertEquals(1, r.code(), r.toString());
        assertEquals(1, r.errLines(), r.toString());
        assertTrue(r.err().contains(empty.toString()) && r.err().contains("no result.json"), r.err());
        assertFalse(Files.exists(dir.resolve("x.html")));
    }

    @Test
    void anUnknownOrMissingKindNamesTheFileAndTheKnownKinds() throws IOException {
        Path odd = folder("odd", "{\"kind\": \"horoscope\", \"title\": \"t\"}");
        CliRun r = CliRun.of(
                "report", "--in", odd.toString(), "--out", dir.resolve("x.html").toString());
        assertEquals(1, r.code(), r.toString());
        assertTrue(
                r.err().contains(odd.resolve("result.json").toString())
                        && r.err().contains("unknown kind \"horoscope\"")
                        && r.err().contains("probe-comparison, unlearning, localization-sweep, orthogonality"),
                r.err());

        Path none = folder("none", "{\"method\": \"ksd\"}");
        CliRun r2 = CliRun.of(
                "report",
                "--in",
                none.toString(),
                "--out",
                dir.resolve("x.html").toString());
        assertEquals(1, r2.code(), r2.toString());
        assertTrue(r2.err().contains("no \"kind\" field"), r2.err());
    }

    @Test
    void aMalformedResultNamesTheFieldAndNeverOverwritesAnInput() throws IOException {
        Path bad = folder("bad", UNLEARNING.replace("\"forget_set\": \"arithmetic\", ", ""));
        CliRun r = CliRun.of(
                "report", "--in", bad.toString(), "--out", dir.resolve("x.html").toString());
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.err().contains("field 'forget_set' is missing"), r.err());

        Path u = folder("u2", UNLEARNING);
        CliRun over = CliRun.of(
                "report",
                "--in",
                u.toString(),
                "--out",
                u.resolve("result.json").toString());
        assertEquals(2, over.code(), over.toString());
        assertTrue(over.err().contains("would overwrite the input"), over.err());
        assertTrue(Files.readString(u.resolve("result.json")).contains("\"kind\": \"unlearning\""));
    }
}
