package io.skillscope.api.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skillscope.analysis.overlap.OverlapMatrix;
import io.skillscope.analysis.overlap.ParameterMask;
import io.skillscope.api.Model;
import io.skillscope.api.Skillscope;
import io.skillscope.api.Weights;
import io.skillscope.core.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java example of the docs is {@link ResearchScript}, compiled and run here on the shipped skill-lab
 * model; the fenced block between {@code <!-- java-example:start -->} and {@code <!-- java-example:end -->}
 * in docs/api.md and in README.md must be that file's marked region, so
 * the docs cannot drift from code that runs.
 */
class ReadmeExampleTest {
    static final String START = "// java-example:start";
    static final String END = "// java-example:end";
    static final String DOC_START = "<!-- java-example:start -->";
    static final String DOC_END = "<!-- java-example:end -->";

    @Test
    void theScriptRunsEndToEndAndWritesEveryArtifact(@TempDir Path out) throws IOException {
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            ResearchScript.main(new String[] {out.toString()});
        } finally {
            System.setOut(stdout);
        }
        String printed = captured.toString(StandardCharsets.UTF_8);
        stdout.println(printed);

        // 1. the shipped model reverses its input
        assertTrue(printed.contains("rev(abc)= cba"), printed);
        // 2. Neuron Adjust ran: its table names the forget set and the retained skills
        assertTrue(printed.contains("add+sub+mul") && printed.contains("rev") && printed.contains("sort"), printed);

        // 3-4. two fine-tunes, two masks near the 1% budget
        Map<String, ParameterMask> regions = new LinkedHashMap<>();
        for (String skill : List.of("upc", "evn")) {
            assertTrue(Files.isRegularFile(out.resolve("ft-" + skill).resolve("config.json")), skill);
            ParameterMask m = Weights.mask(out.resolve("mask-" + skill));
            assertTrue(m.count() > 0, skill + " mask is empty");
            assertTrue(m.sparsity() <= 2e-2, skill + " mask sparsity " + m.sparsity());
            regions.put(skill, m);
        }

        // 5. the merges are loadable models; the upc graft answers upc better than the base does
        double baseUpc;
        try (Model b = Skillscope.load(Skillscope.find(Skillscope.SKILL_LAB_BASE))) {
            baseUpc = b.evaluate("upc", 32, 7).accuracy();
        }
        try (Model graft = Skillscope.load(out.resolve("graft-upc"));
                Model ties = Skillscope.load(out.resolve("merged-ties"))) {
            double graftUpc = graft.evaluate("upc", 32, 7).accuracy();
            assertTrue(graftUpc > baseUpc, "graft " + graftUpc + " vs base " + baseUpc);
            assertEquals(graft.config(), ties.config());
        }
        assertTrue(Json.read(out.resolve("merged-ties").resolve("result.json")).size() > 0);

        // 6. the overlap matrix: diagonal 1, Jaccard symmetric and in [0, 1]; the report carries it
        OverlapMatrix overlap = OverlapMatrix.ofMasks(regions);
        double[][] j = overlap.jaccard();
        assertEquals(1.0, j[0][0], 1e-12);
        assertEquals(j[0][1], j[1][0], 1e-12);
        assertTrue(j[0][1] >= 0 && j[0][1] < 1, "Jaccard " + j[0][1]);
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("upc") && html.contains("evn") && html.contains("add+sub+mul"), "report.html");
    }

    @Test
    void theDocsShowExactlyTheScript() throws IOException {
        Path repo = Skillscope.find("docs/methods.md").getParent().getParent();
        Path source = repo.resolve("api/src/test/java/io/skillscope/api/example/ResearchScript.java");
        String script = region(Files.readAllLines(source), START, END, source);
        List<Path> docs = List.of(repo.resolve("docs/api.md"), repo.resolve("README.md"));
        for (Path doc : docs) {
            List<String> block = new ArrayList<>(List.of(
                    region(Files.readAllLines(doc), DOC_START, DOC_END, doc).split("\n", -1)));
            assertEquals("```java", block.get(0), doc + ": the block must open with ```java");
            assertEquals("```", block.get(block.size() - 1), doc + ": the block must close with ```");
            String shown = String.join("\n", block.subList(1, block.size() - 1));
            assertEquals(script, shown, doc + " shows a different program than " + source);
        }
    }

    /** The lines strictly between the marker lines, joined by newlines. */
    static String region(List<String> lines, String start, String end, Path file) {
        int a = -1;
        int b = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().equals(start) && a < 0) {
                a = i;
            } else if (lines.get(i).strip().equals(end) && a >= 0) {
                b = i;
                break;
            }
        }
        assertTrue(a >= 0 && b > a, file + " has no " + start + " ... " + end + " region");
        return String.join("\n", lines.subList(a + 1, b));
    }
}
