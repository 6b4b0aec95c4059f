package io.skillscope.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The notebook files themselves, without Jupyter: nbformat 4.5 or later requires an {@code id} on every
 * cell (Jupyter warns on every run otherwise), unique within the notebook and made of letters, digits,
 * {@code -} and {@code _}.
 */
class NotebookFilesTest {
    @Test
    void everyCellHasAUniqueValidId() throws IOException {
        Path dir = Path.of(System.getProperty("skillscope.repo", "..")).resolve("notebooks");
        List<Path> notebooks;
        try (Stream<Path> s = Files.list(dir)) {
            notebooks = s.filter(f -> f.toString().endsWith(".ipynb")).sorted().toList();
        }
        assertEquals(7, notebooks.size(), "the seven notebooks");
        for (Path nb : notebooks) {
            JsonObject o = JsonParser.parseString(Files.readString(nb)).getAsJsonObject();
            int major = o.get("nbformat").getAsInt();
            int minor = o.get("nbformat_minor").getAsInt();
            assertTrue(major > 4 || (major == 4 && minor >= 5), nb + ": nbformat " + major + "." + minor);
            Set<String> ids = new HashSet<>();
            for (JsonElement c : o.getAsJsonArray("cells")) {
                JsonElement id = c.getAsJsonObject().get("id");
                assertTrue(id != null && id.getAsString().matches("[A-Za-z0-9_-]{1,64}"), nb + ": cell id " + id);
                assertTrue(ids.add(id.getAsString()), nb + ": cell id " + id + " twice");
            }
        }
    }
}
