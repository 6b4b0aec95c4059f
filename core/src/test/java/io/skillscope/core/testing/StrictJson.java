package io.skillscope.core.testing;

import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Checks that files are strict JSON (RFC 8259: no {@code NaN}, no {@code Infinity}, no comments or
 * trailing text), as a strict parser in another language would read them.
 */
public final class StrictJson {
    private StrictJson() {}

    /**
     * Parses every {@code .json} file under {@code root} strictly.
     *
     * @return how many files were checked
     * @throws AssertionError naming the first file that is not strict JSON and why
     */
    public static int checkTree(Path root) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(root)) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        for (Path f : files) {
            check(f);
        }
        return files.size();
    }

    /** Parses one file strictly. */
    public static void check(Path file) throws IOException {
        try (JsonReader r = new JsonReader(new StringReader(Files.readString(file)))) {
            r.setStrictness(Strictness.STRICT);
            JsonParser.parseReader(r);
            if (r.peek() != JsonToken.END_DOCUMENT) {
                throw new AssertionError(file + ": text after the JSON value");
            }
        } catch (RuntimeException e) {
            throw new AssertionError(file + " is not strict JSON: " + e.getMessage(), e);
        }
    }
}
