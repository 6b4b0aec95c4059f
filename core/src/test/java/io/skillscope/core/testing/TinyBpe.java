package io.skillscope.core.testing;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small byte-level BPE trainer that writes a real Hugging Face {@code tokenizer.json} (model {@code BPE},
 * {@code ByteLevel} pre-tokenizer and decoder, {@code added_tokens} with GPT-2/Qwen-style specials, a
 * post-processor), the kind GPT-2, Llama 3 and Qwen2.5 ship, so tests run DJL's Rust tokenizer on it.
 *
 * <p>Training (Sennrich et al. 2016, "Neural Machine Translation of Rare Words with Subword Units", on
 * bytes as GPT-2 does): the text is split into words by GPT-2's pre-tokenization pattern, each word is
 * spelled in the 256 byte symbols of GPT-2's byte-to-unicode table, then {@code merges} times the most
 * frequent adjacent pair (ties: the smaller pair as strings) is merged into a new symbol. Ids: the 256
 * byte symbols in byte order, then one per merge, then the special tokens.
 */
public final class TinyBpe {
    /** GPT-2's pre-tokenization pattern (contractions, letters, digits, other, whitespace). */
    private static final Pattern SPLIT =
            Pattern.compile("'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+");

    private final List<String> vocab; // id -> token
    private final List<String> merges; // "a b"
    private final List<String> specials;

    private TinyBpe(List<String> vocab, List<String> merges, List<String> specials) {
        this.vocab = vocab;
        this.merges = merges;
        this.specials = specials;
    }

    /**
     * GPT-2's reversible map from bytes to printable unicode characters: printable Latin-1 bytes map to
     * themselves, the others to 256, 257, ... in byte order.
     */
    public static char[] byteSymbols() {
        char[] out = new char[256];
        int n = 0;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            out[b] = printable ? (char) b : (char) (256 + n++);
        }
        return out;
    }

    /**
     * Learns {@code merges} merges from {@code text}.
     *
     * @param text the training text
     * @param merges how many merges (fewer when no pair repeats)
     * @param specials added special tokens, given ids after the merges in this order (e.g. {@code
     *     <|endoftext|>})
     * @return the tokenizer
     */
    public static TinyBpe train(String text, int merges, String... specials) {
        char[] sym = byteSymbols();
        Map<List<String>, Integer> words = new HashMap<>();
        Matcher m = SPLIT.matcher(text);
        while (m.find()) {
            List<String> w = new ArrayList<>();
            for (byte b : m.group().getBytes(StandardCharsets.UTF_8)) {
                w.add(String.valueOf(sym[b & 0xFF]));
            }
            words.merge(w, 1, Integer::sum);
        }
        List<String> vocab = new ArrayList<>();
        for (int b = 0; b < 256; b++) {
            vocab.add(String.valueOf(sym[b]));
        }
        List<String> learned = new ArrayList<>();
        List<List<String>> spelled = new ArrayList<>(words.keySet());
        List<Integer> counts = new ArrayList<>();
        spelled.forEach(w -> counts.add(words.get(w)));
        spelled.replaceAll(ArrayList::new);
        for (int k = 0; k < merges; k++) {
            TreeMap<String, Integer> pairs = new TreeMap<>();
            for (int i = 0; i < spelled.size(); i++) {
                List<String> w = spelled.get(i);
                for (int j = 0; j + 1 < w.size(); j++) {
                    pairs.merge(w.get(j) + " " + w.get(j + 1), counts.get(i), Integer::sum);
                }
            }
            String best = null;
            for (Map.Entry<String, Integer> e : pairs.entrySet()) {
                if (e.getValue() >= 2 && (best == null || e.getValue() > pairs.get(best))) {
                    best = e.getKey();
                }
            }
            if (best == null) {
                break;
            }
            String[] ab = best.split(" ", 2);
            String joined = ab[0] + ab[1];
            learned.add(best);
            vocab.add(joined);
            for (List<String> w : spelled) {
                for (int j = 0; j + 1 < w.size(); j++) {
                    if (w.get(j).equals(ab[0]) && w.get(j + 1).equals(ab[1])) {
                        w.set(j, joined);
                        w.remove(j + 1);
                    }
                }
            }
        }
        return new TinyBpe(vocab, learned, List.of(specials));
    }

    /**
     * English-like text over a small word list, repeatable from the seed.
     *
     * @param seed the seed
     * @param bytes about this many characters
     * @return the text
     */
    public static String sampleText(long seed, int bytes) {
        String[] words = {
            "the",
            "model",
            "reads",
            "a",
            "token",
            "and",
            "writes",
            "the",
            "next",
            "one",
            "skill",
            "lives",
            "in",
            "layer",
            "neurons",
            "of",
            "reverse",
            "sort",
            "add",
            "numbers",
            "12",
            "345",
            "6789",
            "it's",
            "we'll",
            "(abc)",
            "=",
            "cba",
            "sum:",
            "x+y",
            "rev(abc)=cba",
            "quickly",
            "slowly",
            "transformer",
            "language"
        };
        SplittableRandom r = new SplittableRandom(seed);
        StringBuilder sb = new StringBuilder();
        while (sb.length() < bytes) {
            sb.append(words[r.nextInt(words.length)]);
            sb.append(r.nextInt(12) == 0 ? ".\n" : " ");
        }
        return sb.toString();
    }

    /** The number of ids: bytes, merges and specials. */
    public int vocabSize() {
        return vocab.size() + specials.size();
    }

    /** The number of learned merges. */
    public int mergeCount() {
        return merges.size();
    }

    /** The id of a token (a byte-level symbol string, or a special token). */
    public int id(String token) {
        int s = specials.indexOf(token);
        if (s >= 0) {
            return vocab.size() + s;
        }
        int v = vocab.indexOf(token);
        if (v < 0) {
            throw new IllegalArgumentException("no token " + token);
        }
        return v;
    }

    /**
     * Writes {@code tokenizer.json}.
     *
     * @param file the file
     * @param bosTemplate a special token the post-processor prepends to every sequence (Llama 3's {@code
     *     <|begin_of_text|>}, Gemma's {@code <bos>}), or null for GPT-2/Qwen2's plain ByteLevel
     *     post-processor
     * @return the file
     */
    public Path write(Path file, String bosTemplate) throws IOException {
        JsonObject root = new JsonObject();
        root.addProperty("version", "1.0");
        root.add("truncation", JsonNull.INSTANCE);
        root.add("padding", JsonNull.INSTANCE);
        JsonArray added = new JsonArray();
        for (String s : specials) {
            JsonObject t = new JsonObject();
            t.addProperty("id", id(s));
            t.addProperty("content", s);
            t.addProperty("single_word", false);
            t.addProperty("lstrip", false);
            t.addProperty("rstrip", false);
            t.addProperty("normalized", false);
            t.addProperty("special", true);
            added.add(t);
        }
        root.add("added_tokens", added);
        root.add("normalizer", JsonNull.INSTANCE);
        root.add("pre_tokenizer", byteLevel(false));
        JsonObject byteLevelPost = byteLevel(false);
        if (bosTemplate == null) {
            root.add("post_processor", byteLevelPost);
        } else {
            JsonObject seq = new JsonObject();
            seq.addProperty("type", "Sequence");
            JsonArray processors = new JsonArray();
            processors.add(byteLevelPost);
            processors.add(template(bosTemplate, id(bosTemplate)));
            seq.add("processors", processors);
            root.add("post_processor", seq);
        }
        root.add("decoder", byteLevel(true));
        JsonObject model = new JsonObject();
        model.addProperty("type", "BPE");
        model.add("dropout", JsonNull.INSTANCE);
        model.add("unk_token", JsonNull.INSTANCE);
        model.add("continuing_subword_prefix", JsonNull.INSTANCE);
        model.add("end_of_word_suffix", JsonNull.INSTANCE);
        model.addProperty("fuse_unk", false);
        model.addProperty("byte_fallback", false);
        Map<String, Integer> v = new LinkedHashMap<>();
        for (int i = 0; i < vocab.size(); i++) {
            v.putIfAbsent(vocab.get(i), i);
        }
        JsonObject vocabJson = new JsonObject();
        v.forEach(vocabJson::addProperty);
        model.add("vocab", vocabJson);
        JsonArray mergesJson = new JsonArray();
        merges.forEach(mergesJson::add);
        model.add("merges", mergesJson);
        root.add("model", model);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(
                file,
                new GsonBuilder()
                                .setPrettyPrinting()
                                .disableHtmlEscaping()
                                .serializeNulls()
                                .create()
                                .toJson(root)
                        + "\n");
        return file;
    }

    private static JsonObject byteLevel(boolean prefixSpace) {
        JsonObject o = new JsonObject();
        o.addProperty("type", "ByteLevel");
        o.addProperty("add_prefix_space", prefixSpace);
        o.addProperty("trim_offsets", true);
        o.addProperty("use_regex", true);
        return o;
    }

    /** TemplateProcessing that prepends {@code token} to single sequences and pairs (as Llama 3's does). */
    private static JsonObject template(String token, int id) {
        JsonObject bos = new JsonObject();
        JsonObject ref = new JsonObject();
        ref.addProperty("id", token);
        ref.addProperty("type_id", 0);
        bos.add("SpecialToken", ref);
        JsonArray single = new JsonArray();
        single.add(bos);
        single.add(sequence("A", 0));
        JsonArray pair = new JsonArray();
        pair.add(bos);
        pair.add(sequence("A", 0));
        pair.add(bos);
        pair.add(sequence("B", 1));
        JsonObject entry = new JsonObject();
        entry.addProperty("id", token);
        JsonArray ids = new JsonArray();
        ids.add(id);
        entry.add("ids", ids);
        JsonArray tokens = new JsonArray();
        tokens.add(token);
        entry.add("tokens", tokens);
        JsonObject specialTokens = new JsonObject();
        specialTokens.add(token, entry);
        JsonObject t = new JsonObject();
        t.addProperty("type", "TemplateProcessing");
        t.add("single", single);
        t.add("pair", pair);
        t.add("special_tokens", specialTokens);
        return t;
    }

    private static JsonObject sequence(String id, int typeId) {
        JsonObject ref = new JsonObject();
        ref.addProperty("id", id);
        ref.addProperty("type_id", typeId);
        JsonObject seq = new JsonObject();
        seq.add("Sequence", ref);
        return seq;
    }
}
