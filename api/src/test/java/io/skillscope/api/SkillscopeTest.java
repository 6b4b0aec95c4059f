package io.skillscope.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skillscope.datasets.Example;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SkillscopeTest {
    @Test
    void skillTableListsEverySkillWithAWorkingExample() {
        Table t = Skillscope.skillTable(7);
        assertEquals(22, t.rowCount());
        assertEquals(16, t.strings("list").stream().filter("seen"::equals).count());
        assertEquals(6, t.strings("list").stream().filter("held out"::equals).count());
        for (int r = 0; r < t.rowCount(); r++) {
            String skill = (String) t.get(r, "skill");
            Example e = new Example((String) t.get(r, "prompt"), (String) t.get(r, "answer"), skill);
            assertEquals(
                    io.skillscope.datasets.Outcome.CORRECT,
                    Skillscope.skill(skill).score(e, e.answer(), true));
            assertTrue(e.answer().length() <= ((Number) t.get(r, "max answer")).intValue());
        }
    }

    @Test
    void examplesRepeatWithTheSeed() {
        List<Example> a = Skillscope.examples("add", 10, 5);
        assertEquals(a, Skillscope.examples("add", 10, 5));
        assertNotEquals(a, Skillscope.examples("add", 10, 6));
        for (Example e : a) {
            String[] ops = e.prompt().replace("=", "").split("\\+");
            assertEquals(Integer.parseInt(ops[0]) + Integer.parseInt(ops[1]), Integer.parseInt(e.answer()));
        }
        assertEquals(List.of("prompt", "answer", "skill"), Skillscope.table(a).columns());
    }

    @Test
    void showPrintsTheTextSummaryOutsideTheKernel() {
        assertFalse(Skillscope.inNotebook());
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            Skillscope.show(Table.builder("T", "a").row(1).build(), "plain");
        } finally {
            System.setOut(old);
        }
        assertEquals(
                "T (1 row × 1 column)\na\n1\nplain\n",
                buf.toString(StandardCharsets.UTF_8).replace("\r", ""));
        assertEquals("<pre>&lt;b&gt;</pre>", Skillscope.html("<b>"));
    }

    @Test
    void theShippedSkillLabReadsItsCharacterTokenizerAndSolvesRev() {
        try (Model lab = Skillscope.load(Skillscope.find(Skillscope.SKILL_LAB_BASE))) {
            assertEquals("char tokenizer (99 ids)", lab.tokenizer().toString());
            assertEquals(List.of("<bos>", "r", "e", "v"), lab.tokens("rev").subList(0, 4));
            Evaluation rev = lab.evaluate("rev", 8, 99);
            assertTrue(rev.count(io.skillscope.datasets.Outcome.CORRECT) >= 7, rev.toString()); // EVAL.md: 100% of 500
            assertEquals(0, rev.count(io.skillscope.datasets.Outcome.UNPARSEABLE), "generation stops at <eos>");
        }
    }

    @Test
    void scratchFoldersAreDeletedWithTheirContent() throws Exception {
        java.nio.file.Path dir = Skillscope.scratchFolder("test");
        assertTrue(dir.getFileName().toString().startsWith("skillscope-test-"), dir.toString());
        java.nio.file.Files.createDirectories(dir.resolve("run/sub"));
        java.nio.file.Files.writeString(dir.resolve("run/sub/model.safetensors"), "x");
        Skillscope.deleteScratch();
        assertFalse(java.nio.file.Files.exists(dir), dir + " still exists");
    }

    @Test
    void findSearchesTheWorkingFolderAndItsParents() {
        java.nio.file.Path p = Skillscope.find("models/tiny-random-llama");
        assertTrue(java.nio.file.Files.isRegularFile(p.resolve("config.json")), p.toString());
        var e = org.junit.jupiter.api.Assertions.assertThrows(
                io.skillscope.core.SkillscopeException.class, () -> Skillscope.find("models/no-such-model"));
        assertTrue(e.getMessage().startsWith("no models/no-such-model in "), e.getMessage());
    }

    @Test
    void skillLabFallsBackToTheTinyModelWhenNotTrainedYet() {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try (Model lab = Skillscope.skillLab()) {
            if (Skillscope.skillLabFolder().isPresent()) {
                assertEquals(Skillscope.skillLabFolder().get().toString(), lab.origin());
            } else {
                assertEquals("random, seed 0", lab.origin());
                assertTrue(buf.toString(StandardCharsets.UTF_8).contains("models/skill-lab-base was not found"));
            }
        } finally {
            System.setOut(old);
        }
    }
}
