package io.skillscope.core.checkpoint;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the reference fixtures lie on the test classpath. */
final class FixturePaths {

    private FixturePaths() {}

    static Path root() {
        URL url = FixturePaths.class.getResource("/fixtures/reference/manifest.json");
        if (url == null) {
            throw new IllegalStateException("fixtures/reference/manifest.json is not on the test classpath");
        }
        try {
            return Path.of(url.toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path model(String name) {
        return root().resolve(name);
    }

    static JsonObject manifest() {
        try {
            return JsonParser.parseString(Files.readString(root().resolve("manifest.json")))
                    .getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
