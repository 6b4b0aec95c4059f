package io.skillscope.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Executes every notebook headless (notebooks/run-notebooks.sh: jupyter nbconvert --execute on the
 * skillscope-java kernel) and checks the executed copies: every code cell ran, none has an error
 * output, and each notebook ends in a table or chart (HTML display output); and that the committed
 * notebooks carry no outputs and are all listed in notebooks/README.md.
 *
 * <p>Without Debian's jupyter ({@code /usr/bin/jupyter} with nbconvert) the test is skipped, unless
 * {@code CI=true}: then it fails, so CI can never pass by skipping.
 */
class NotebooksIT {
    private static final Path JUPYTER = Path.of(System.getenv().getOrDefault("SKILLSCOPE_JUPYTER", "/usr/bin/jupyter"));

    @Test
    void everyNotebookExecutesWithoutErrorAndEndsInATableOrChart() throws Exception {
        Path notebooks = Path.of(System.getProperty("skillscope.repo", ".."))
                .resolve("notebooks")
                .toAbsolutePath()
                .normalize();
        boolean ci = "true".equals(System.getenv("CI"));
        if (!nbconvertWorks()) {
            String why = JUPYTER + " with nbconvert is not installed (bash .ci/install-notebook-deps.sh installs it)";
            if (ci) {
                fail("CI=true but " + why);
            }
            Assumptions.assumeTrue(false, "skipping the notebooks: " + why);
        }
        Path out = notebooks.resolve("target/executed-notebooks");
        Path log = notebooks.resolve("target/run-notebooks.log");
        Files.createDirectories(out);
        Process p = new ProcessBuilder(
                        "bash", notebooks.resolve("run-notebooks.sh").toString(), "--output-dir", out.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        boolean done = p.waitFor(40, TimeUnit.MINUTES);
        String text = Files.readString(log, StandardCharsets.UTF_8);
        System.out.println(text);
        assertTrue(done, "run-notebooks.sh did not finish in 40 minutes:\n" + text);
        assertEquals(0, p.exitValue(), "run-notebooks.sh failed:\n" + text);

        List<Path> sources;
        try (Stream<Path> s = Files.list(notebooks)) {
            sources = s.filter(f -> f.toString().endsWith(".ipynb")).sorted().toList();
        }
        assertTrue(sources.size() >= 7, "expected notebooks 01 to 07, found " + sources);
        String readme = Files.readString(notebooks.resolve("README.md"), StandardCharsets.UTF_8);
        for (Path source : sources) {
            assertTrue(
                    readme.contains("`" + source.getFileName() + "`"), "notebooks/README.md does not list " + source);
            Path executed = out.resolve(source.getFileName());
            assertTrue(Files.isRegularFile(executed), "no executed copy of " + source);
            checkExecuted(source, executed);
        }
    }

    private static void checkExecuted(Path source, Path executed) throws IOException {
        JsonArray srcCells = cells(source);
        JsonArray cells = cells(executed);
        assertEquals(srcCells.size(), cells.size(), executed + ": cell count changed");
        List<Integer> codeCells = new ArrayList<>();
        for (int i = 0; i < cells.size(); i++) {
            JsonObject cell = cells.get(i).getAsJsonObject();
            if (!"code".equals(cell.get("cell_type").getAsString())) {
                continue;
            }
            codeCells.add(i);
            assertTrue(
                    srcCells.get(i).getAsJsonObject().getAsJsonArray("outputs").isEmpty(),
                    source + " cell " + i + " has committed outputs; strip them");
            assertTrue(cell.get("execution_count").isJsonPrimitive(), executed + " cell " + i + " did not run");
            for (JsonElement o : cell.getAsJsonArray("outputs")) {
                assertTrue(
                        !"error".equals(o.getAsJsonObject().get("output_type").getAsString()),
                        executed + " cell " + i + " failed: " + o);
            }
        }
        JsonObject last = cells.get(codeCells.get(codeCells.size() - 1)).getAsJsonObject();
        boolean html = false;
        for (JsonElement o : last.getAsJsonArray("outputs")) {
            JsonObject data = o.getAsJsonObject().getAsJsonObject("data");
            if (data != null && data.has("text/html")) {
                String h = data.get("text/html").isJsonArray()
                        ? data.get("text/html").toString()
                        : data.get("text/html").getAsString();
                html |= h.contains("<table") || h.contains("<svg");
            }
        }
        assertTrue(html, executed + ": the last code cell shows no table or chart");
    }

    private static JsonArray cells(Path notebook) throws IOException {
        return JsonParser.parseString(Files.readString(notebook, StandardCharsets.UTF_8))
                .getAsJsonObject()
                .getAsJsonArray("cells");
    }

    private static boolean nbconvertWorks() {
        if (!Files.isExecutable(JUPYTER)) {
            return false;
        }
        try {
            Process p = new ProcessBuilder(JUPYTER.toString(), "nbconvert", "--version")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
