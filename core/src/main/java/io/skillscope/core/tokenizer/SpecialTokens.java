package io.skillscope.core.tokenizer;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import io.skillscope.core.generate.GenerationConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A model folder's special tokens, resolved once from its files and shared by {@code skillscope
 * generate}, the {@code io.skillscope.api} facade and the pipeline commands (probe, unlearn, localize).
 *
 * <p>Resolution, first source that has the value wins:
 *
 * <ul>
 *   <li><b>Stop ids</b> ({@link #eos()}; generation stops at ANY of them, the first one ends training
 *       answers): {@code generation_config.json}'s {@code eos_token_id} (an int or a list, as Hugging
 *       Face's {@code GenerationConfig} reads it), else {@code config.json}'s {@code eos_token_id} (int or
 *       list), else the tokenizer's own end token ({@link TextTokenizer#eosId()}: {@code
 *       tokenizer_config.json}/{@code special_tokens_map.json}'s {@code eos_token}, or the skill lab's
 *       {@code <eos>}).
 *   <li><b>BOS id</b> ({@link #bos()}): the special token that {@code tokenizer.json}'s post-processor
 *       puts before a single sequence ({@code TemplateProcessing}, as Llama 3, Gemma and the skill lab
 *       write it), else {@code generation_config.json}'s {@code bos_token_id}, else {@code config.json}'s,
 *       else the tokenizer's {@code bos_token} ({@link TextTokenizer#bosId()}).
 *   <li><b>Whether prompts start with BOS</b> ({@link #prependBos()}): what the tokenizer itself does with
 *       special tokens on, as {@code transformers}' {@code tokenizer(text)} does: yes when the post-processor
 *       template begins with a special token, else {@code tokenizer_config.json}'s {@code add_bos_token}
 *       when it is set (with a BOS id known), else no. A BOS id declared only in {@code config.json} is
 *       not prepended (Qwen2 declares {@code <|endoftext|>} there and never prepends it; GPT-2 likewise).
 *   <li><b>Padding</b> ({@link #pad()}): the tokenizer's {@code pad_token}, else {@code
 *       generation_config.json}'s {@code pad_token_id}, else {@code config.json}'s, else the first stop
 *       id, else 0.
 * </ul>
 *
 * <p>Prompts are always encoded without the tokenizer's special tokens and BOS is put in front here, so
 * one switch ({@link #withPrependBos}) can override it (the facade's {@code Model.bos(boolean)}).
 *
 * <p>{@link #check(int, Path)} refuses, before any compute, a tokenizer or a declared special id that the
 * model's embedding cannot take; {@link #generation} masks the ids a model has but the tokenizer cannot
 * decode (embedding rows beyond the vocabulary, as Qwen2.5 pads its 151,665 tokens to 151,936 rows).
 *
 * @param bos the beginning-of-sequence id, if any source declares one
 * @param prependBos whether prompts start with {@code bos}
 * @param eos the stop ids in order of declaration, possibly empty (then generation stops only at the length
 *     limit)
 * @param pad the padding id
 * @param vocabSize the tokenizer's id count ({@link TextTokenizer#vocabSize()})
 * @param unknownIds ids below {@code vocabSize} that the tokenizer has no token for (sorted)
 * @param source which files the values came from, for messages
 */
public record SpecialTokens(
        OptionalInt bos,
        boolean prependBos,
        List<Integer> eos,
        int pad,
        int vocabSize,
        int[] unknownIds,
        String source) {

    public SpecialTokens {
        eos = List.copyOf(eos);
        unknownIds = unknownIds.clone();
        if (prependBos && bos.isEmpty()) {
            throw new IllegalArgumentException("prependBos without a BOS id");
        }
    }

    /**
     * Resolves the special tokens of a model folder (see the class comment for the precedence).
     *
     * @param folder the model folder ({@code config.json}, {@code generation_config.json}, {@code
     *     tokenizer.json}, {@code tokenizer_config.json} are read when present)
     * @param tokenizer the folder's tokenizer
     * @return the resolution
     * @throws TokenizerException naming the file and field of a malformed token id
     */
    public static SpecialTokens resolve(Path folder, TextTokenizer tokenizer) {
        JsonObject generation = json(folder.resolve("generation_config.json"));
        JsonObject config = json(folder.resolve("config.json"));
        JsonObject tokenizerJson = json(folder.resolve("tokenizer.json"));
        JsonObject tokenizerConfig = json(folder.resolve("tokenizer_config.json"));
        List<String> from = new ArrayList<>();

        List<Integer> eos = ids(generation, "eos_token_id", folder.resolve("generation_config.json"));
        if (!eos.isEmpty()) {
            from.add("eos from generation_config.json");
        } else if (!(eos = ids(config, "eos_token_id", folder.resolve("config.json"))).isEmpty()) {
            from.add("eos from config.json");
        } else if (tokenizer.eosId().isPresent()) {
            eos = List.of(tokenizer.eosId().getAsInt());
            from.add("eos from the tokenizer");
        }

        OptionalInt template = templateBos(tokenizerJson, tokenizer);
        OptionalInt bos = template;
        if (template.isPresent()) {
            from.add("bos from tokenizer.json's post_processor");
        } else {
            List<Integer> b = ids(generation, "bos_token_id", folder.resolve("generation_config.json"));
            if (b.isEmpty()) {
                b = ids(config, "bos_token_id", folder.resolve("config.json"));
            }
            if (!b.isEmpty()) {
                bos = OptionalInt.of(b.get(0));
            } else {
                bos = tokenizer.bosId();
            }
        }
        boolean prepend = template.isPresent();
        JsonElement addBos = tokenizerConfig == null ? null : tokenizerConfig.get("add_bos_token");
        if (!prepend && addBos instanceof JsonPrimitive p && p.isBoolean() && p.getAsBoolean() && bos.isPresent()) {
            prepend = true;
            from.add("bos prepended per tokenizer_config.json's add_bos_token");
        }

        int pad;
        List<Integer> padIds = ids(generation, "pad_token_id", folder.resolve("generation_config.json"));
        if (padIds.isEmpty()) {
            padIds = ids(config, "pad_token_id", folder.resolve("config.json"));
        }
        if (tokenizer.padId().isPresent()) {
            pad = tokenizer.padId().getAsInt();
        } else if (!padIds.isEmpty()) {
            pad = padIds.get(0);
        } else {
            pad = eos.isEmpty() ? 0 : eos.get(0);
        }
        return new SpecialTokens(
                bos,
                prepend,
                eos,
                pad,
                tokenizer.vocabSize(),
                tokenizer.unknownIds(),
                from.isEmpty() ? folder.toString() : folder + " (" + String.join(", ", from) + ")");
    }

    /**
     * The special tokens of a tokenizer without a folder (e.g. the skill lab's character tokenizer in
     * memory): its own BOS (prepended when it has one), EOS and padding.
     */
    public static SpecialTokens of(TextTokenizer tokenizer) {
        OptionalInt eos = tokenizer.eosId();
        return new SpecialTokens(
                tokenizer.bosId(),
                tokenizer.bosId().isPresent(),
                eos.isPresent() ? List.of(eos.getAsInt()) : List.of(),
                tokenizer.padId().orElse(eos.orElse(0)),
                tokenizer.vocabSize(),
                tokenizer.unknownIds(),
                tokenizer.toString());
    }

    /**
     * The same tokens with BOS prepended or not (an explicit override of the folder's convention).
     *
     * @throws TokenizerException when asked to prepend but no BOS id is declared anywhere
     */
    public SpecialTokens withPrependBos(boolean prepend) {
        if (prepend && bos.isEmpty()) {
            throw new TokenizerException(source + ": no BOS token is declared (generation_config.json, config.json,"
                    + " tokenizer.json's post_processor or tokenizer_config.json), so none can be prepended");
        }
        return new SpecialTokens(bos, prepend, eos, pad, vocabSize, unknownIds, source);
    }

    /** The first stop id, which ends training answers. */
    public OptionalInt firstEos() {
        return eos.isEmpty() ? OptionalInt.empty() : OptionalInt.of(eos.get(0));
    }

    /** A prompt as the model reads it: BOS (when prepended) then {@code ids}. */
    public int[] prompt(int[] ids) {
        if (!prependBos) {
            return ids;
        }
        int[] out = new int[ids.length + 1];
        out[0] = bos.getAsInt();
        System.arraycopy(ids, 0, out, 1, ids.length);
        return out;
    }

    /**
     * Refuses, before any compute, a tokenizer whose ids the model cannot embed: a vocabulary larger than
     * the embedding, or a BOS, stop or padding id at or beyond its rows. A tokenizer SMALLER than the
     * embedding is fine ({@link #generation} never samples the extra rows).
     *
     * @param modelVocab the model's embedding rows ({@code config.json}'s {@code vocab_size})
     * @param tokenizerFile the tokenizer file, named in the message
     * @return this
     * @throws TokenizerException naming the file and both sizes, or the offending id and where it came from
     */
    public SpecialTokens check(int modelVocab, Path tokenizerFile) {
        if (vocabSize > modelVocab) {
            throw new TokenizerException(tokenizerFile + ": the tokenizer has " + vocabSize
                    + " ids but the model's embedding (config.json vocab_size) has only " + modelVocab
                    + " rows; this tokenizer does not belong to this model");
        }
        List<String> bad = new ArrayList<>();
        bos.ifPresent(b -> {
            if (b < 0 || b >= modelVocab) {
                bad.add("BOS " + b);
            }
        });
        for (int e : eos) {
            if (e < 0 || e >= modelVocab) {
                bad.add("EOS " + e);
            }
        }
        if (pad < 0 || pad >= modelVocab) {
            bad.add("padding " + pad);
        }
        if (!bad.isEmpty()) {
            throw new TokenizerException(source + ": special token id " + String.join(", ", bad)
                    + " is outside the model's vocabulary [0, " + modelVocab + ")");
        }
        return this;
    }

    /**
     * Decoding settings that stop at every stop id and never emit an id this tokenizer cannot decode.
     *
     * @param maxNewTokens at most this many tokens per row
     * @param temperature 0 for greedy
     * @param topP nucleus mass (1 = off)
     * @param seed sampler seed
     * @return the configuration
     */
    public GenerationConfig generation(int maxNewTokens, double temperature, double topP, long seed) {
        return new GenerationConfig(maxNewTokens, temperature, topP, seed, Set.copyOf(eos), pad)
                .withVocabulary(vocabSize, unknownIds);
    }

    /** Greedy {@link #generation}. */
    public GenerationConfig greedy(int maxNewTokens) {
        return generation(maxNewTokens, 0, 1, 0);
    }

    /** The leading special token of the post-processor's single-sequence template, if it has one. */
    private static OptionalInt templateBos(JsonObject tokenizerJson, TextTokenizer tokenizer) {
        if (tokenizerJson == null || !(tokenizerJson.get("post_processor") instanceof JsonObject pp)) {
            return OptionalInt.empty();
        }
        List<JsonObject> processors = new ArrayList<>();
        if ("Sequence".equals(str(pp.get("type"))) && pp.get("processors") instanceof JsonArray a) {
            for (JsonElement e : a) {
                if (e instanceof JsonObject o) {
                    processors.add(o);
                }
            }
        } else {
            processors.add(pp);
        }
        for (JsonObject p : processors) {
            if (!"TemplateProcessing".equals(str(p.get("type"))) || !(p.get("single") instanceof JsonArray single)) {
                continue;
            }
            if (single.isEmpty()
                    || !(single.get(0) instanceof JsonObject first)
                    || !(first.get("SpecialToken") instanceof JsonObject special)) {
                return OptionalInt.empty();
            }
            String token = str(special.get("id"));
            if (p.get("special_tokens") instanceof JsonObject st
                    && st.get(token) instanceof JsonObject entry
                    && entry.get("ids") instanceof JsonArray ids
                    && ids.size() == 1) {
                return OptionalInt.of(ids.get(0).getAsInt());
            }
            return token == null ? OptionalInt.empty() : tokenizer.findId(token);
        }
        return OptionalInt.empty();
    }

    private static String str(JsonElement e) {
        return e instanceof JsonPrimitive p && p.isString() ? p.getAsString() : null;
    }

    /** An int or a list of ints, empty when absent or null. */
    private static List<Integer> ids(JsonObject o, String field, Path file) {
        JsonElement e = o == null ? null : o.get(field);
        if (e == null || e.isJsonNull()) {
            return List.of();
        }
        Set<Integer> out = new LinkedHashSet<>();
        List<JsonElement> items = new ArrayList<>();
        if (e.isJsonArray()) {
            e.getAsJsonArray().forEach(items::add);
        } else {
            items.add(e);
        }
        for (JsonElement x : items) {
            if (!(x instanceof JsonPrimitive p) || !p.isNumber() || p.getAsDouble() != Math.rint(p.getAsDouble())) {
                throw new TokenizerException(
                        file + ": field \"" + field + "\" must be an integer or a list of" + " integers, got " + e);
            }
            out.add(p.getAsInt());
        }
        return new ArrayList<>(out);
    }

    private static JsonObject json(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            JsonElement root = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8));
            return root.isJsonObject() ? root.getAsJsonObject() : null;
        } catch (IOException | JsonParseException e) {
            throw new TokenizerException(file + ": cannot read JSON (" + e.getMessage() + ")", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SpecialTokens s
                && bos.equals(s.bos)
                && prependBos == s.prependBos
                && eos.equals(s.eos)
                && pad == s.pad
                && vocabSize == s.vocabSize
                && Arrays.equals(unknownIds, s.unknownIds);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(bos, prependBos, eos, pad, vocabSize, Arrays.hashCode(unknownIds));
    }

    @Override
    public String toString() {
        return "SpecialTokens[bos " + (bos.isPresent() ? bos.getAsInt() : "none")
                + (prependBos ? " (prepended)" : " (not prepended)") + ", stop " + eos + ", pad " + pad
                + ", vocab " + vocabSize + (unknownIds.length > 0 ? ", " + unknownIds.length + " unknown ids" : "")
                + "]";
    }
}
