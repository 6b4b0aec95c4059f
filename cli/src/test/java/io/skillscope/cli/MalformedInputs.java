package io.skillscope.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.skillscope.core.checkpoint.HostTensor;
import io.skillscope.core.checkpoint.SafetensorsWriter;
import io.skillscope.core.checkpoint.TensorSource;
import io.skillscope.core.testing.ShippedModels;
import io.skillscope.core.testing.TinyModelFolder;
import io.skillscope.lab.testing.TinyRecipes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Builds the malformed inputs of {@link MalformedInputCorpusTest} from two good ones, so the corpus is
 * code, not megabytes of files: the tiny Llama folder of {@link TinyModelFolder} (16 words, 64-token
 * context) and a copy of the shipped skill lab (character tokenizer, 64-token context). Each method
 * writes one broken variant into a fresh folder and returns it.
 */
final class MalformedInputs {
    private MalformedInputs() {}

    /** The tiny model folder (config.json, model.safetensors, tokenizer.json). */
    static Path tiny(Path dir) {
        try {
            return TinyModelFolder.write(dir, 11);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A copy of the shipped skill lab's model files (no stage folders). */
    static Path lab(Path dir) {
        try {
            Files.createDirectories(dir);
            for (String f : List.of("config.json", "model.safetensors", "tokenizer.json", "generation_config.json")) {
                Files.copy(ShippedModels.SKILL_LAB_BASE.resolve(f), dir.resolve(f));
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The tiny model with the safetensors header's 8-byte length replaced. */
    static Path headerLength(Path dir, long length) {
        return bytes(tiny(dir), b -> {
            ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(0, length);
            return b;
        });
    }

    /** The tiny model with the first occurrence of {@code from} in its header replaced by {@code to}, same length. */
    static Path headerText(Path dir, String from, String to) {
        if (from.length() != to.length()) {
            throw new IllegalArgumentException("the header keeps its length");
        }
        return bytes(tiny(dir), b -> {
            int headerLength =
                    (int) ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
            String header = new String(b, 8, headerLength, StandardCharsets.ISO_8859_1);
            int at = header.indexOf(from);
            if (at < 0) {
                throw new IllegalStateException("'" + from + "' is not in the header " + header);
            }
            byte[] t = to.getBytes(StandardCharsets.ISO_8859_1);
            System.arraycopy(t, 0, b, 8 + at, t.length);
            return b;
        });
    }

    /** The tiny model with its checkpoint cut short by {@code cut} bytes (offsets past the end). */
    static Path truncated(Path dir, int cut) {
        return bytes(tiny(dir), b -> java.util.Arrays.copyOf(b, b.length - cut));
    }

    /** The tiny model with its tensors rewritten by {@code edit} (drop one, add one, set a NaN row). */
    static Path tensors(Path dir, java.util.function.Consumer<Map<String, HostTensor>> edit) {
        Path m = tiny(dir);
        Map<String, HostTensor> all = new LinkedHashMap<>();
        try (TensorSource src = TensorSource.open(m)) {
            for (String name : src.names()) {
                all.put(
                        name,
                        HostTensor.ofFloats(src.readFloats(name), src.info(name).shape()));
            }
        }
        edit.accept(all);
        SafetensorsWriter.write(m.resolve("model.safetensors"), all);
        return m;
    }

    /** The tiny model with row {@code row} of {@code tensor} set to NaN. */
    static Path nanRow(Path dir, String tensor, int row) {
        return tensors(dir, all -> {
            HostTensor t = all.get(tensor);
            float[] v = t.toFloats();
            int width = (int) (v.length / t.shape()[0]);
            java.util.Arrays.fill(v, row * width, (row + 1) * width, Float.NaN);
            all.put(tensor, HostTensor.ofFloats(v, t.shape()));
        });
    }

    /** The tiny model with {@code config.json} rewritten by {@code edit}. */
    static Path config(Path dir, UnaryOperator<String> edit) {
        Path m = tiny(dir);
        rewrite(m.resolve("config.json"), edit);
        return m;
    }

    /** The tiny model with one {@code config.json} field set to a JSON value. */
    static Path configField(Path dir, String field, String json) {
        Path m = tiny(dir);
        JsonObject o = JsonParser.parseString(read(m.resolve("config.json"))).getAsJsonObject();
        o.add(field, JsonParser.parseString(json));
        write(m.resolve("config.json"), o.toString());
        return m;
    }

    /** The tiny model with another {@code tokenizer.json}. */
    static Path tokenizer(Path dir, UnaryOperator<String> edit) {
        Path m = tiny(dir);
        rewrite(m.resolve("tokenizer.json"), edit);
        return m;
    }

    /** A JSONL file of the given lines. */
    static Path jsonl(Path file, String... lines) {
        write(file, String.join("\n", lines) + "\n");
        return file;
    }

    /** A JSONL file whose line 2 is not UTF-8. */
    static Path notUtf8(Path file) {
        try {
            Files.createDirectories(file.getParent());
            byte[] good = "{\"prompt\":\"rev(ab)=\",\"answer\":\"ba\"}\n".getBytes(StandardCharsets.UTF_8);
            byte[] bad = {
                '{', '"', 'p', 'r', 'o', 'm', 'p', 't', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}', '\n'
            };
            byte[] all = new byte[good.length + bad.length];
            System.arraycopy(good, 0, all, 0, good.length);
            System.arraycopy(bad, 0, all, good.length, bad.length);
            Files.write(file, all);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One JSONL row whose prompt is {@code n} characters. */
    static String longRow(int n) {
        return "{\"prompt\":\"rev(" + "a".repeat(Math.max(1, n - 5)) + ")=\",\"answer\":\"a\"}";
    }

    /** A tiny base recipe (TinyRecipes) with its JSON edited. */
    static Path recipe(Path file, java.util.function.Consumer<JsonObject> edit) {
        JsonObject o = TinyRecipes.base(4, 1).toJsonObject();
        edit.accept(o);
        write(file, o.toString());
        return file;
    }

    static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path write(Path f, String text) {
        try {
            Files.createDirectories(f.getParent());
            Files.writeString(f, text);
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void rewrite(Path f, UnaryOperator<String> edit) {
        write(f, edit.apply(read(f)));
    }

    private static Path bytes(Path model, UnaryOperator<byte[]> edit) {
        Path f = model.resolve("model.safetensors");
        try {
            Files.write(f, edit.apply(Files.readAllBytes(f)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return model;
    }
}
