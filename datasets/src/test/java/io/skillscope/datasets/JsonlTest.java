package io.skillscope.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonlTest {

    @TempDir
    Path dir;

    @Test
    void roundTripKeepsEveryCharacterAndEmptyAnswers() throws IOException {
        List<Example> examples = List.of(
                new Example("rev(abc)=", "cba", "rev"),
                new Example("rmv(aei)=", "", "rmv"),
                new Example("say \"hi\" <b>=", "tab\there ünï", "custom"));
        Path file = dir.resolve("sub/data.jsonl");
        Jsonl.write(file, examples);
        assertEquals(examples, Jsonl.read(file));
        List<String> lines = Files.readAllLines(file);
        assertEquals("{\"prompt\":\"rev(abc)=\",\"answer\":\"cba\",\"skill\":\"rev\"}", lines.get(0));
        assertEquals(3, lines.size());
        try (var listing = Files.list(file.getParent())) {
            assertEquals(1, listing.count(), "no temporary file left behind");
        }
    }

    @Test
    void customFieldNames() throws IOException {
        FieldNames fields = new FieldNames("question", "response", "task");
        Path file = dir.resolve("custom.jsonl");
        Files.writeString(
                file,
                "{\"question\":\"12+34=\",\"response\":\"46\",\"task\":\"add\",\"id\":7}\n\n"
                        + "{\"task\":\"sub\",\"response\":\"1\",\"question\":\"2-1=\"}\n");
        assertEquals(
                List.of(new Example("12+34=", "46", "add"), new Example("2-1=", "1", "sub")), Jsonl.read(file, fields));
        Jsonl.write(file, List.of(new Example("a=", "b", "c")), fields);
        assertEquals(
                "{\"question\":\"a=\",\"response\":\"b\",\"task\":\"c\"}",
                Files.readString(file).strip());
        assertThrows(IllegalArgumentException.class, () -> new FieldNames("a", "a", "b"));
    }

    @Test
    void badJsonOnLineThreeIsReportedWithFileAndLine() throws IOException {
        Path file = dir.resolve("bad.jsonl");
        Files.writeString(
                file,
                "{\"prompt\":\"a=\",\"answer\":\"b\",\"skill\":\"x\"}\n"
                        + "{\"prompt\":\"c=\",\"answer\":\"d\",\"skill\":\"x\"}\n"
                        + "{\"prompt\":\"e=\",\"answer\":\"f\",\"skill\":\"x\"\n");
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> Jsonl.read(file));
        assertEquals(3, e.line());
        assertEquals(file, e.file());
        assertTrue(e.getMessage().startsWith(file + " line 3: malformed JSON"), e.getMessage());
    }

    @Test
    void lenientJsonIsRejected() throws IOException {
        Path file = dir.resolve("lenient.jsonl");
        Files.writeString(file, "{prompt:'a=',answer:'b',skill:'x'}\n");
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> Jsonl.read(file));
        assertEquals(1, e.line());
        Files.writeString(file, "{\"prompt\":\"a=\",\"answer\":\"b\",\"skill\":\"x\"} trailing\n");
        assertEquals(
                1,
                assertThrows(DatasetFormatException.class, () -> Jsonl.read(file))
                        .line());
    }

    @Test
    void missingOrMistypedFields() throws IOException {
        Path file = dir.resolve("fields.jsonl");
        Files.writeString(
                file, "{\"prompt\":\"a=\",\"answer\":\"b\",\"skill\":\"x\"}\n{\"prompt\":\"c=\",\"skill\":\"x\"}\n");
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> Jsonl.read(file));
        assertEquals(file + " line 2: missing field \"answer\" (fields present: [prompt, skill])", e.getMessage());

        Files.writeString(file, "{\"prompt\":\"a=\",\"answer\":46,\"skill\":\"add\"}\n");
        e = assertThrows(DatasetFormatException.class, () -> Jsonl.read(file));
        assertEquals(file + " line 1: field \"answer\" must be a string, was 46", e.getMessage());

        Files.writeString(file, "[1,2]\n");
        e = assertThrows(DatasetFormatException.class, () -> Jsonl.read(file));
        assertEquals(file + " line 1: expected a JSON object, found [1,2]", e.getMessage());

        Files.writeString(file, "{\"prompt\":\"\",\"answer\":\"b\",\"skill\":\"x\"}\n");
        e = assertThrows(DatasetFormatException.class, () -> Jsonl.read(file));
        assertEquals(file + " line 1: field \"prompt\" is empty", e.getMessage());
    }

    @Test
    void defaultSkillFillsAMissingSkillField() throws IOException {
        Path file = dir.resolve("forget.jsonl");
        Files.writeString(
                file, "{\"prompt\":\"a=\",\"answer\":\"b\"}\n{\"prompt\":\"c=\",\"answer\":\"d\",\"skill\":\"y\"}\n");
        assertEquals(
                List.of(new Example("a=", "b", "forget"), new Example("c=", "d", "y")),
                Jsonl.read(file, FieldNames.DEFAULT, "forget"));
        assertEquals(
                1,
                assertThrows(DatasetFormatException.class, () -> Jsonl.read(file))
                        .line());
    }

    @Test
    void latin1BytesOnLineFiveOfALongFileAreReportedWithTheirLine() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            sb.append("{\"prompt\": \"rev(abc)=\", \"answer\": \"cba\", \"skill\": \"rev\"}\n");
        }
        byte[] head = sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] bad = "{\"prompt\": \"caf\u00e9\", \"answer\": \"x\", \"skill\": \"rev\"}\n"
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        StringBuilder tail = new StringBuilder();
        for (int i = 0; i < 2000; i++) { // past the reader's look-ahead, so the line is found from the bytes
            tail.append("{\"prompt\": \"rev(abc)=\", \"answer\": \"cba\", \"skill\": \"rev\"}\n");
        }
        Path file = dir.resolve("latin1.jsonl");
        try (var out = Files.newOutputStream(file)) {
            out.write(head);
            out.write(bad);
            out.write(tail.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> Jsonl.read(file));
        assertEquals(5, e.line(), e.getMessage());
        assertTrue(e.getMessage().contains("latin1.jsonl line 5: not UTF-8 text"), e.getMessage());
    }
}
