package io.skillscope.datasets;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.skillscope.core.checkpoint.AtomicFiles;
import io.skillscope.core.tokenizer.TextTokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * The skill lab's character tokenizer: one token per character, plus four special tokens.
 *
 * <p>The standard vocabulary is {@code <pad>}=0, {@code <bos>}=1, {@code <eos>}=2, {@code <unk>}=3,
 * then the 95 printable ASCII characters from space (id 4) to {@code ~} (id 98) in code order, so
 * {@code a} is 69 and {@code 0} is 20. That covers every character the suite emits and ordinary user
 * data. {@link #encode} refuses a character outside the vocabulary rather than mapping it to
 * {@code <unk>}, and refuses text that contains a special token's literal spelling (a Hugging Face
 * tokenizer would read it as the special token).
 *
 * <p>{@link #writeTokenizerJson} saves a Hugging Face {@code tokenizer.json} (WordLevel model, a
 * {@code Split} pre-tokenizer isolating every character, a {@code Fuse} decoder, the specials as added
 * tokens, and a post-processor that prepends {@code <bos>} when special tokens are requested) which
 * DJL's and Python's {@code tokenizers} load; with special tokens off they encode exactly as
 * {@link #encode} does.
 */
public final class CharTokenizer {

    /** Padding token, id 0. */
    public static final String PAD = "<pad>";
    /** Beginning-of-sequence token, id 1. */
    public static final String BOS = "<bos>";
    /** End-of-sequence token, id 2; every trained answer ends with it. */
    public static final String EOS = "<eos>";
    /** Unknown token, id 3; only a Hugging Face tokenizer ever produces it. */
    public static final String UNK = "<unk>";

    private static final List<String> SPECIALS = List.of(PAD, BOS, EOS, UNK);

    private final List<String> vocab;
    private final int[] idOfChar;

    private CharTokenizer(List<String> vocab) {
        this.vocab = List.copyOf(vocab);
        this.idOfChar = new int[Character.MAX_VALUE + 1];
        Arrays.fill(idOfChar, -1);
        for (int id = SPECIALS.size(); id < this.vocab.size(); id++) {
            idOfChar[this.vocab.get(id).charAt(0)] = id;
        }
    }

    /** The standard tokenizer: the four specials, then printable ASCII from space to {@code ~}. */
    public static CharTokenizer standard() {
        List<String> vocab = new ArrayList<>(SPECIALS);
        for (char c = ' '; c <= '~'; c++) {
            vocab.add(String.valueOf(c));
        }
        return new CharTokenizer(vocab);
    }

    /**
     * A tokenizer over the four specials and the distinct characters of {@code alphabet}, in
     * ascending order.
     */
    public static CharTokenizer of(Alphabet alphabet) {
        List<String> vocab = new ArrayList<>(SPECIALS);
        for (char c : alphabet.chars().toCharArray()) {
            vocab.add(String.valueOf(c));
        }
        return new CharTokenizer(vocab);
    }

    /** The number of tokens, specials included. */
    public int vocabSize() {
        return vocab.size();
    }

    /** The id of {@value #PAD}: 0. */
    public int padId() {
        return 0;
    }

    /** The id of {@value #BOS}: 1. */
    public int bosId() {
        return 1;
    }

    /** The id of {@value #EOS}: 2. */
    public int eosId() {
        return 2;
    }

    /** The id of {@value #UNK}: 3. */
    public int unkId() {
        return 3;
    }

    /** The token of an id: a special token's spelling or a one-character string. */
    public String token(int id) {
        checkId(id);
        return vocab.get(id);
    }

    /** Whether {@code c} has a token. */
    public boolean canEncode(char c) {
        return idOfChar[c] >= 0;
    }

    /**
     * One id per character, no special tokens added.
     *
     * @throws IllegalArgumentException naming the character and index when a character has no token,
     *     or when the text contains a special token's spelling
     */
    public int[] encode(String text) {
        for (String special : SPECIALS) {
            int at = text.indexOf(special);
            if (at >= 0) {
                throw new IllegalArgumentException("text contains the special token " + special + " at index " + at
                        + "; special tokens cannot be encoded from text: \"" + text + "\"");
            }
        }
        int[] ids = new int[text.length()];
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int id = idOfChar[c];
            if (id < 0) {
                throw new IllegalArgumentException(String.format(
                        "character '%s' (U+%04X) at index %d of \"%s\" is" + " not in the vocabulary of %d characters",
                        c, (int) c, i, text, vocab.size() - SPECIALS.size()));
            }
            ids[i] = id;
        }
        return ids;
    }

    /**
     * The text of the ids, special tokens dropped.
     *
     * @throws IllegalArgumentException for an id outside [0, vocabSize)
     */
    public String decode(int[] ids) {
        StringBuilder sb = new StringBuilder(ids.length);
        for (int id : ids) {
            checkId(id);
            if (id >= SPECIALS.size()) {
                sb.append(vocab.get(id));
            }
        }
        return sb.toString();
    }

    private void checkId(int id) {
        if (id < 0 || id >= vocab.size()) {
            throw new IllegalArgumentException("token id " + id + " is outside [0, " + vocab.size() + ")");
        }
    }

    /** Writes the Hugging Face {@code tokenizer.json}, atomically, creating parent directories. */
    public void writeTokenizerJson(Path file) {
        JsonObject root = new JsonObject();
        root.addProperty("version", "1.0");
        root.add("truncation", null);
        root.add("padding", null);
        JsonArray added = new JsonArray();
        for (int id = 0; id < SPECIALS.size(); id++) {
            JsonObject token = new JsonObject();
            token.addProperty("id", id);
            token.addProperty("content", SPECIALS.get(id));
            token.addProperty("single_word", false);
            token.addProperty("lstrip", false);
            token.addProperty("rstrip", false);
            token.addProperty("normalized", false);
            token.addProperty("special", true);
            added.add(token);
        }
        root.add("added_tokens", added);
        root.add("normalizer", null);
        JsonObject pattern = new JsonObject();
        pattern.addProperty("Regex", ".");
        JsonObject split = new JsonObject();
        split.addProperty("type", "Split");
        split.add("pattern", pattern);
        split.addProperty("behavior", "Isolated");
        split.addProperty("invert", false);
        root.add("pre_tokenizer", split);
        root.add("post_processor", bosTemplate());
        JsonObject decoder = new JsonObject();
        decoder.addProperty("type", "Fuse");
        root.add("decoder", decoder);
        JsonObject model = new JsonObject();
        model.addProperty("type", "WordLevel");
        JsonObject vocabJson = new JsonObject();
        for (int id = 0; id < vocab.size(); id++) {
            vocabJson.addProperty(vocab.get(id), id);
        }
        model.add("vocab", vocabJson);
        model.addProperty("unk_token", UNK);
        root.add("model", model);
        String json = new GsonBuilder()
                .setPrettyPrinting()
                .disableHtmlEscaping()
                .serializeNulls()
                .create()
                .toJson(root);
        AtomicFiles.writeString(file, json + "\n");
    }

    /** TemplateProcessing that prepends {@code <bos>} to single sequences and to pairs. */
    private static JsonObject bosTemplate() {
        JsonObject bos = new JsonObject();
        JsonObject bosRef = new JsonObject();
        bosRef.addProperty("id", BOS);
        bosRef.addProperty("type_id", 0);
        bos.add("SpecialToken", bosRef);
        JsonArray single = new JsonArray();
        single.add(bos);
        single.add(sequence("A", 0));
        JsonArray pair = new JsonArray();
        pair.add(bos);
        pair.add(sequence("A", 0));
        pair.add(sequence("B", 1));
        JsonObject specialTokens = new JsonObject();
        JsonObject bosEntry = new JsonObject();
        bosEntry.addProperty("id", BOS);
        JsonArray ids = new JsonArray();
        ids.add(1);
        bosEntry.add("ids", ids);
        JsonArray tokens = new JsonArray();
        tokens.add(BOS);
        bosEntry.add("tokens", tokens);
        specialTokens.add(BOS, bosEntry);
        JsonObject template = new JsonObject();
        template.addProperty("type", "TemplateProcessing");
        template.add("single", single);
        template.add("pair", pair);
        template.add("special_tokens", specialTokens);
        return template;
    }

    private static JsonObject sequence(String id, int typeId) {
        JsonObject ref = new JsonObject();
        ref.addProperty("id", id);
        ref.addProperty("type_id", typeId);
        JsonObject seq = new JsonObject();
        seq.add("Sequence", ref);
        return seq;
    }

    /**
     * Reads a {@code tokenizer.json} written by {@link #writeTokenizerJson}: a WordLevel vocabulary
     * with the four specials at ids 0–3 and single characters after them, ids contiguous.
     *
     * @throws IllegalArgumentException naming the file and the offending field when it is not such
     *     a file
     * @throws UncheckedIOException when it cannot be read
     */
    public static CharTokenizer load(Path tokenizerJson) {
        String text;
        try {
            text = Files.readString(tokenizerJson, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + tokenizerJson + ": " + e.getMessage(), e);
        }
        JsonObject model;
        try {
            JsonElement root = JsonParser.parseString(text);
            model = root.getAsJsonObject().getAsJsonObject("model");
        } catch (JsonParseException | IllegalStateException | ClassCastException e) {
            throw new IllegalArgumentException(tokenizerJson + ": not a tokenizer.json object: " + e.getMessage(), e);
        }
        if (model == null
                || !model.has("type")
                || !"WordLevel".equals(model.get("type").getAsString())) {
            throw new IllegalArgumentException(tokenizerJson + ": field model.type must be \"WordLevel\", was "
                    + (model == null ? "no model" : model.get("type")));
        }
        JsonObject vocabJson = model.getAsJsonObject("vocab");
        if (vocabJson == null) {
            throw new IllegalArgumentException(tokenizerJson + ": field model.vocab is missing");
        }
        Map<Integer, String> byId = new TreeMap<>();
        for (Map.Entry<String, JsonElement> e : vocabJson.entrySet()) {
            int id = e.getValue().getAsInt();
            if (byId.put(id, e.getKey()) != null) {
                throw new IllegalArgumentException(tokenizerJson + ": field model.vocab gives id " + id + " twice");
            }
        }
        List<String> vocab = new ArrayList<>(byId.values());
        int expected = 0;
        for (int id : byId.keySet()) {
            if (id != expected++) {
                throw new IllegalArgumentException(tokenizerJson + ": field model.vocab ids must be 0.."
                        + (byId.size() - 1) + " without gaps; id " + (expected - 1) + " is missing");
            }
        }
        for (int id = 0; id < vocab.size(); id++) {
            String token = vocab.get(id);
            boolean ok = id < SPECIALS.size()
                    ? token.equals(SPECIALS.get(id))
                    : token.length() == 1 && !Character.isSurrogate(token.charAt(0));
            if (!ok) {
                throw new IllegalArgumentException(tokenizerJson + ": field model.vocab id " + id + " is \"" + token
                        + "\" but must be " + (id < SPECIALS.size() ? SPECIALS.get(id) : "a single character"));
            }
        }
        return new CharTokenizer(vocab);
    }

    /**
     * This tokenizer as core's {@link TextTokenizer}, for code written against any model's tokenizer
     * (probes, reports, the CLI). It cannot be the class itself: {@link #padId()}, {@link #bosId()} and
     * {@link #eosId()} return plain ints here (the ids always exist) but {@code OptionalInt} there.
     * Its {@code decode} spells special tokens ({@code <eos>}), as the interface asks; {@link #decode}
     * drops them. Closing it is a no-op.
     */
    public TextTokenizer asTextTokenizer() {
        CharTokenizer self = this;
        return new TextTokenizer() {
            @Override
            public int[] encode(String text) {
                return self.encode(text);
            }

            @Override
            public String decode(int[] ids) {
                StringBuilder sb = new StringBuilder(ids.length);
                for (int id : ids) {
                    sb.append(self.token(id));
                }
                return sb.toString();
            }

            @Override
            public int vocabSize() {
                return self.vocabSize();
            }

            @Override
            public OptionalInt eosId() {
                return OptionalInt.of(self.eosId());
            }

            @Override
            public OptionalInt bosId() {
                return OptionalInt.of(self.bosId());
            }

            @Override
            public OptionalInt padId() {
                return OptionalInt.of(self.padId());
            }

            @Override
            public OptionalInt findId(String token) {
                int id = self.vocab.indexOf(token);
                return id < 0 ? OptionalInt.empty() : OptionalInt.of(id);
            }

            @Override
            public void close() {}

            @Override
            public String toString() {
                return "TextTokenizer[" + self + "]";
            }
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CharTokenizer other && other.vocab.equals(vocab);
    }

    @Override
    public int hashCode() {
        return vocab.hashCode();
    }

    @Override
    public String toString() {
        return "CharTokenizer[vocab " + vocab.size() + " = 4 specials (<pad>=0, <bos>=1, <eos>=2, <unk>=3) + "
                + (vocab.size() - SPECIALS.size()) + " characters]";
    }
}
