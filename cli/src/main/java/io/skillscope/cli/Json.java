package io.skillscope.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import io.skillscope.core.SkillscopeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The JSON the commands write: pretty, nulls kept (an undefined ratio is {@code null}), NaN allowed. */
final class Json {
    static final Gson PRETTY = new GsonBuilder()
            .setPrettyPrinting()
            .disableHtmlEscaping()
            .serializeNulls()
            .serializeSpecialFloatingPointValues()
            .create();

    private Json() {}

    /** Reads a JSON object, naming the file when it cannot. */
    static JsonObject read(Path file) {
        try {
            return com.google.gson.JsonParser.parseString(Files.readString(file))
                    .getAsJsonObject();
        } catch (IOException e) {
            throw new SkillscopeException("cannot read " + file + " (" + e.getMessage() + ")", e);
        } catch (RuntimeException e) {
            throw new SkillscopeException(file + " is not a JSON object (" + e.getMessage() + ")", e);
        }
    }
}
