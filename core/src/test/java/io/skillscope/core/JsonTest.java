package io.skillscope.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.skillscope.core.testing.StrictJson;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonTest {
    @TempDir
    Path dir;

    record Point(String name, double recovered, Double gain) {}

    @Test
    void nonFiniteNumbersAreWrittenAsNullAndReadBackAsNaN() throws IOException {
        JsonObject tree = new JsonObject();
        tree.addProperty("relative_gain", Double.NaN);
        tree.addProperty("ratio", Double.POSITIVE_INFINITY);
        tree.addProperty("accuracy", 0.5);
        tree.add("point", Json.GSON.toJsonTree(new Point("a", Double.NaN, Double.NEGATIVE_INFINITY)));
        Path f = dir.resolve("result.json");
        Json.write(f, tree);
        StrictJson.check(f);
        JsonObject back = Json.read(f);
        assertTrue(back.get("relative_gain").isJsonNull());
        assertTrue(back.get("ratio").isJsonNull());
        assertEquals(0.5, back.get("accuracy").getAsDouble());
        Point p = Json.GSON.fromJson(back.get("point"), Point.class);
        assertTrue(Double.isNaN(p.recovered()), "null reads back as NaN, not 0");
        assertTrue(Double.isNaN(p.gain()));
        assertEquals("a", p.name());
    }
}
