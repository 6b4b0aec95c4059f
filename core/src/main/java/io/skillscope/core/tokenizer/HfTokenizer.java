package io.skillscope.core.tokenizer;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * A Hugging Face {@code tokenizer.json} run by the Rust {@code tokenizers} library through DJL, always
 * from a local file (never a hub id, so nothing is downloaded).
 *
 * <p>Encoding adds no special tokens unless asked ({@link #load(Path, boolean)}), and never truncates
 * or pads. Special-token ids come from {@code tokenizer_config.json} or {@code special_tokens_map.json}
 * beside the tokenizer, else from {@code config.json}'s {@code bos_token_id}/{@code eos_token_id}/
 * {@code pad_token_id}.
 */
public final class HfTokenizer implements TextTokenizer {

    private final Path file;
    private final HuggingFaceTokenizer tokenizer;
    private final boolean addSpecialTokens;
    private final Map<String, Integer> vocab;
    private final int vocabSize;
    private final OptionalInt bos;
    private final OptionalInt eos;
    private final OptionalInt pad;

    private HfTokenizer(
            Path file, HuggingFaceTokenizer tokenizer, boolean addSpecialTokens, Map<String, Integer> vocab) {
        this.file = file;
        this.tokenizer = tokenizer;
        this.addSpecialTokens = addSpecialTokens;
        this.vocab = vocab;
        this.vocabSize =
                vocab.values().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
        Path dir = file.toAbsolutePath().getParent();
        this.bos = special(dir, "bos");
        this.eos = special(dir, "eos");
        this.pad = special(dir, "pad");
    }

    /**
     * Loads a tokenizer that adds no special tokens when encoding.
     *
     * @param tokenizerJsonOrFolder a {@code tokenizer.json} file or the folder holding one
     * @return the tokenizer; close it when done
     * @throws TokenizerException naming the path if the file is missing or unreadable
     */
    public static HfTokenizer load(Path tokenizerJsonOrFolder) {
        return load(tokenizerJsonOrFolder, false);
    }

    /**
     * Loads a tokenizer.
     *
     * @param tokenizerJsonOrFolder a {@code tokenizer.json} file or the folder holding one
     * @param addSpecialTokens whether {@link #encode} applies the post-processor's special tokens (e.g.
     *     a leading BOS for Llama)
     * @return the tokenizer; close it when done
     * @throws TokenizerException naming the path if the file is missing or unreadable
     */
    public static HfTokenizer load(Path tokenizerJsonOrFolder, boolean addSpecialTokens) {
        Path file = Files.isDirectory(tokenizerJsonOrFolder)
                ? tokenizerJsonOrFolder.resolve("tokenizer.json")
                : tokenizerJsonOrFolder;
        if (!Files.isRegularFile(file)) {
            throw new TokenizerException(
                    file + ": no such file (expected a Hugging Face tokenizer.json; hub ids are not accepted)");
        }
        JsonObject json = readJson(file, true);
        Map<String, Integer> vocab = vocabulary(json, file);
        Map<String, String> options = new HashMap<>();
        options.put("addSpecialTokens", Boolean.toString(addSpecialTokens));
        options.put("truncation", "false");
        options.put("padding", "false");
        HuggingFaceTokenizer tokenizer;
        try {
            tokenizer = HuggingFaceTokenizer.newInstance(file, options);
        } catch (IOException | RuntimeException e) {
            throw new TokenizerException(file + ": cannot load tokenizer (" + e.getMessage() + ")", e);
        }
        return new HfTokenizer(file, tokenizer, addSpecialTokens, vocab);
    }

    /** The token-to-id map: the model's vocab (an object, or Unigram's list) plus added tokens. */
    private static Map<String, Integer> vocabulary(JsonObject json, Path file) {
        Map<String, Integer> vocab = new HashMap<>();
        try {
            JsonObject model = json.getAsJsonObject("model");
            JsonElement v = model == null ? null : model.get("vocab");
            if (v != null && v.isJsonObject()) {
                for (Map.Entry<String, JsonElement> e : v.getAsJsonObject().entrySet()) {
                    vocab.put(e.getKey(), e.getValue().getAsInt());
                }
            } else if (v != null && v.isJsonArray()) {
                int id = 0;
                for (JsonElement piece : v.getAsJsonArray()) {
                    vocab.putIfAbsent(piece.getAsJsonArray().get(0).getAsString(), id++);
                }
            }
            JsonElement added = json.get("added_tokens");
            if (added != null && added.isJsonArray()) {
                for (JsonElement t : added.getAsJsonArray()) {
                    JsonObject o = t.getAsJsonObject();
                    vocab.put(o.get("content").getAsString(), o.get("id").getAsInt());
                }
            }
        } catch (RuntimeException e) {
            throw new TokenizerException(file + ": unexpected vocabulary layout (" + e.getMessage() + ")", e);
        }
        if (vocab.isEmpty()) {
            throw new TokenizerException(file + ": no vocabulary found under model.vocab or added_tokens");
        }
        return vocab;
    }

    private static JsonObject readJson(Path file, boolean required) {
        try {
            JsonElement root = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8));
            if (!root.isJsonObject()) {
                throw new TokenizerException(file + ": not a JSON object");
            }
            return root.getAsJsonObject();
        } catch (IOException | JsonParseException e) {
            if (!required) {
                return null;
            }
            throw new TokenizerException(file + ": cannot read JSON (" + e.getMessage() + ")", e);
        }
    }

    /** A special token's id from the files beside the tokenizer, in order of precedence. */
    private OptionalInt special(Path dir, String kind) {
        for (String name : new String[] {"tokenizer_config.json", "special_tokens_map.json"}) {
            Path p = dir.resolve(name);
            JsonObject o = Files.isRegularFile(p) ? readJson(p, false) : null;
            if (o == null) {
                continue;
            }
            JsonElement t = o.get(kind + "_token");
            if (t != null && t.isJsonObject()) {
                t = t.getAsJsonObject().get("content");
            }
            if (t != null && t.isJsonPrimitive() && vocab.containsKey(t.getAsString())) {
                return OptionalInt.of(vocab.get(t.getAsString()));
            }
        }
        Path config = dir.resolve("config.json");
        JsonObject o = Files.isRegularFile(config) ? readJson(config, false) : null;
        JsonElement id = o == null ? null : o.get(kind + "_token_id");
        if (id != null && id.isJsonArray() && !id.getAsJsonArray().isEmpty()) {
            id = id.getAsJsonArray().get(0);
        }
        if (id != null && id.isJsonPrimitive() && id.getAsJsonPrimitive().isNumber()) {
            return OptionalInt.of(id.getAsInt());
        }
        return OptionalInt.empty();
    }

    @Override
    public int[] encode(String text) {
        Encoding encoding = tokenizer.encode(text, addSpecialTokens, false);
        long[] ids = encoding.getIds();
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = Math.toIntExact(ids[i]);
        }
        return out;
    }

    @Override
    public String decode(int[] ids) {
        long[] l = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            l[i] = ids[i];
        }
        return tokenizer.decode(l, false);
    }

    @Override
    public int vocabSize() {
        return vocabSize;
    }

    @Override
    public int[] unknownIds() {
        java.util.BitSet known = new java.util.BitSet(vocabSize);
        for (int id : vocab.values()) {
            if (id >= 0) {
                known.set(id);
            }
        }
        int[] out = new int[vocabSize - known.cardinality()];
        int k = 0;
        for (int id = known.nextClearBit(0); id < vocabSize; id = known.nextClearBit(id + 1)) {
            out[k++] = id;
        }
        return k == out.length ? out : java.util.Arrays.copyOf(out, k);
    }

    @Override
    public OptionalInt eosId() {
        return eos;
    }

    @Override
    public OptionalInt bosId() {
        return bos;
    }

    @Override
    public OptionalInt padId() {
        return pad;
    }

    @Override
    public OptionalInt findId(String token) {
        Integer id = vocab.get(token);
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    @Override
    public int idOf(String token) {
        return findId(token)
                .orElseThrow(() -> new TokenizerException(file + ": token \"" + token + "\" is not in the vocabulary"));
    }

    /**
     * The {@code tokenizer.json} this was loaded from.
     *
     * @return the file
     */
    public Path path() {
        return file;
    }

    @Override
    public void close() {
        tokenizer.close();
    }

    @Override
    public String toString() {
        return "HfTokenizer " + file.getFileName() + " (vocab " + vocabSize + ")";
    }
}
