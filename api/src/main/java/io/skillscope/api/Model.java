package io.skillscope.api;

import io.skillscope.core.SkillscopeException;
import io.skillscope.core.checkpoint.AtomicFiles;
import io.skillscope.core.config.ModelConfig;
import io.skillscope.core.generate.Generation;
import io.skillscope.core.generate.GenerationConfig;
import io.skillscope.core.generate.Generator;
import io.skillscope.core.hooks.HookFilter;
import io.skillscope.core.hooks.HookName;
import io.skillscope.core.hooks.HookSession;
import io.skillscope.core.model.CachedRun;
import io.skillscope.core.model.Transformer;
import io.skillscope.core.tokenizer.SpecialTokens;
import io.skillscope.core.tokenizer.TextTokenizer;
import io.skillscope.datasets.Example;
import io.skillscope.datasets.Outcome;
import io.skillscope.datasets.Skill;
import io.skillscope.probes.TokenCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A transformer with its tokenizer, so notebook cells work with text: generate, logits, hooks and
 * cached runs. Made by {@link Skillscope#load}, {@link Skillscope#skillLab()} or
 * {@link Skillscope#tinyModel()}; close it (or let the notebook's kernel end) to free native memory.
 *
 * <p>Texts are encoded without special tokens, then BOS is put in front when the model folder says so
 * ({@link SpecialTokens#resolve}: the tokenizer's post-processor or {@code add_bos_token}, the same
 * resolution as the command line's, through {@link ModelCodec}); {@link #bos(boolean)} overrides it.
 * Generation stops at any of the folder's stop ids ({@code generation_config.json}, {@code config.json},
 * the tokenizer's EOS) and never emits an id the tokenizer cannot decode.
 */
public final class Model implements AutoCloseable, Rich {
    /** New tokens per generation unless a call says otherwise. */
    public static final int DEFAULT_MAX_NEW_TOKENS = 32;

    private final Transformer transformer;
    private final TextTokenizer tokenizer;
    private final String origin;
    private SpecialTokens specials;

    Model(Transformer transformer, TextTokenizer tokenizer, String origin) {
        this(transformer, tokenizer, SpecialTokens.of(tokenizer), origin);
    }

    Model(Transformer transformer, TextTokenizer tokenizer, SpecialTokens specials, String origin) {
        this.transformer = transformer;
        this.tokenizer = tokenizer;
        this.specials = specials;
        this.origin = origin;
    }

    /** The transformer, for the full core API (parameters, forward passes, training). */
    public Transformer transformer() {
        return transformer;
    }

    /** The tokenizer. */
    public TextTokenizer tokenizer() {
        return tokenizer;
    }

    /** The architecture and sizes. */
    public ModelConfig config() {
        return transformer.config();
    }

    /** Where the model came from: a folder, or "random, seed N". */
    public String origin() {
        return origin;
    }

    /**
     * Whether texts get the BOS token in front, overriding the folder's convention ({@link #specials()}).
     * Returns this model.
     *
     * @throws io.skillscope.core.tokenizer.TokenizerException when asked to prepend but no BOS is declared
     */
    public Model bos(boolean prepend) {
        this.specials = specials.withPrependBos(prepend);
        return this;
    }

    /** The special tokens in use: BOS and whether it is prepended, the stop ids, padding. */
    public SpecialTokens specials() {
        return specials;
    }

    /** The ids of a text without special tokens. */
    public int[] encode(String text) {
        return tokenizer.encode(text);
    }

    /** The ids a pass over {@code text} sees: BOS (when prepended) then the text's ids. */
    public int[] ids(String text) {
        return specials.prompt(tokenizer.encode(text));
    }

    /** The text of ids. */
    public String decode(int... ids) {
        return tokenizer.decode(ids);
    }

    /** One token as text; special tokens by their spelling ({@code <bos>}). */
    public String token(int id) {
        if (tokenizer instanceof CharTextTokenizer c) {
            return c.chars().token(id);
        }
        return tokenizer.decode(new int[] {id});
    }

    /** The tokens of a pass over {@code text}, one string per position. */
    public List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        for (int id : ids(text)) {
            out.add(token(id));
        }
        return out;
    }

    /** Greedy continuation of a prompt, at most {@value #DEFAULT_MAX_NEW_TOKENS} new tokens. */
    public Completion generate(String prompt) {
        return generate(prompt, DEFAULT_MAX_NEW_TOKENS);
    }

    /** Greedy continuation of a prompt. */
    public Completion generate(String prompt, int maxNewTokens) {
        return generate(List.of(prompt), maxNewTokens).get(0);
    }

    /** Greedy continuations of several prompts, in one left-padded batch with a KV cache. */
    public List<Completion> generate(List<String> prompts, int maxNewTokens) {
        return run(prompts, maxNewTokens, null);
    }

    /** A sampled continuation: temperature and nucleus {@code topP}, repeatable with the seed. */
    public Completion sample(String prompt, int maxNewTokens, double temperature, double topP, long seed) {
        return run(List.of(prompt), maxNewTokens, new double[] {temperature, topP, seed})
                .get(0);
    }

    private List<Completion> run(List<String> prompts, int maxNewTokens, double[] sampling) {
        List<int[]> ids = prompts.stream().map(this::ids).toList();
        int longest = ids.stream().mapToInt(a -> a.length).max().orElse(0);
        int room = config().maxPositions() - longest;
        if (room < 1) {
            throw new SkillscopeException("a prompt of " + longest + " tokens leaves no room in the model's "
                    + config().maxPositions() + " positions");
        }
        int maxNew = Math.min(maxNewTokens, room);
        GenerationConfig cfg = sampling == null
                ? specials.greedy(maxNew)
                : specials.generation(maxNew, sampling[0], sampling[1], (long) sampling[2]);
        List<Generation> gens = Generator.generate(transformer, ids, cfg);
        List<Completion> out = new ArrayList<>(gens.size());
        for (int i = 0; i < gens.size(); i++) {
            Generation g = gens.get(i);
            out.add(new Completion(prompts.get(i), tokenizer.decode(g.tokens()), g.tokens(), g.stopped()));
        }
        return out;
    }

    /** Logits {@code [T][V]} of a pass over {@code text} (BOS position included when prepended). */
    public float[][] logits(String text) {
        return transformer.logits(ids(text));
    }

    /**
     * The {@code k} most likely next tokens after {@code text}, with softmax probabilities
     * p_i = exp(z_i − max z) / Σ_j exp(z_j − max z) of the last position's logits.
     */
    public Table nextTokens(String text, int k) {
        float[][] logits = logits(text);
        float[] z = logits[logits.length - 1];
        double max = Double.NEGATIVE_INFINITY;
        for (float v : z) {
            max = Math.max(max, v);
        }
        double sum = 0;
        double[] p = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            p[i] = Math.exp(z[i] - max);
            sum += p[i];
        }
        Integer[] order = new Integer[z.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(p[b], p[a]));
        Table.Builder t = Table.builder("Next token after \"" + text + "\"", "rank", "token", "id", "probability");
        for (int r = 0; r < Math.min(k, order.length); r++) {
            t.row(r + 1, token(order[r]), order[r], p[order[r]] / sum);
        }
        return t.build();
    }

    /** Opens a hook session (try-with-resources): read or replace activations during any call. */
    public HookSession hooks() {
        return transformer.hooks();
    }

    /** Every hook point of this model, in execution order. */
    public List<String> hookNames() {
        return transformer.hookNames().stream().map(HookName::toString).toList();
    }

    /**
     * Hook names a filter selects, filter by filter, each in the model's hook order: exact TransformerLens
     * names, {@code blocks.*.mlp.hook_post} (every layer), {@code blocks.{0,3}.mlp.hook_post} (some
     * layers), {@code re:<regex>}, or globs where {@code *} stands for any run of characters
     * ({@code blocks.0.*}); see {@link HookFilter}. Each text is read once with {@link HookFilter#parse}.
     *
     * @throws SkillscopeException for a filter that is not one of these forms or matches nothing here
     */
    public List<String> hookNames(String... patterns) {
        return Arrays.stream(hookPoints(patterns)).map(HookName::toString).toList();
    }

    private HookName[] hookPoints(String... patterns) {
        return transformer
                .hookNames(Arrays.stream(patterns).map(HookFilter::parse).toArray(HookFilter[]::new))
                .toArray(HookName[]::new);
    }

    /** A pass over {@code text} capturing the named hook points (names or filters, see {@link #hookNames(String...)}). */
    public CacheRun runWithCache(String text, String... hooks) {
        CachedRun run = transformer.runWithCache(ids(text), hookPoints(hooks));
        return new CacheRun(text, tokens(text), run.logits(), run.cache());
    }

    /**
     * A pass over token ids (for a model without a tokenizer, or exact control over special tokens),
     * capturing the named hook points; tokens are shown as their ids.
     */
    public CacheRun runWithCache(int[] ids, String... hooks) {
        CachedRun run = transformer.runWithCache(ids, hookPoints(hooks));
        List<String> tokens = Arrays.stream(ids).mapToObj(Integer::toString).toList();
        String text = ids.length + " token ids "
                + Arrays.toString(Arrays.copyOf(ids, Math.min(ids.length, 6)))
                        .replace("]", ids.length > 6 ? ", …]" : "]");
        return new CacheRun(text, tokens, run.logits(), run.cache());
    }

    /**
     * The token conventions of the method modules (probes, unlearning): prompts start with BOS when
     * {@link #specials()} prepends it, answers end with the first stop id.
     *
     * @throws SkillscopeException when the tokenizer declares no end token (generation could not stop)
     */
    public TokenCodec codec() {
        if (specials.eos().isEmpty()) {
            throw new SkillscopeException("the tokenizer of " + origin + " (" + tokenizer + ") declares no end token,"
                    + " which probes and unlearning need to end answers and stop generation");
        }
        return TokenCodec.of(tokenizer, specials);
    }

    /**
     * Greedy exact-match evaluation on {@code n} examples of a skill drawn with a seed (inputs may repeat
     * when the skill's input space is small); generation stops at the EOS token or after the skill's
     * longest answer plus one token.
     */
    public Evaluation evaluate(Skill skill, int n, long seed) {
        if (n < 1) {
            throw new IllegalArgumentException("evaluate needs n >= 1 examples, got " + n);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        List<Example> examples = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            examples.add(skill.sample(rng));
        }
        List<Completion> outs = generate(examples.stream().map(Example::prompt).toList(), skill.maxAnswerLength() + 1);
        List<String> texts = new ArrayList<>(n);
        List<Outcome> outcomes = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            texts.add(outs.get(i).text());
            outcomes.add(
                    skill.score(examples.get(i), outs.get(i).text(), outs.get(i).stopped()));
        }
        return new Evaluation(skill.name(), seed, examples, texts, outcomes);
    }

    /** {@link #evaluate(Skill, int, long)} for a skill of the standard suite, by name. */
    public Evaluation evaluate(String skill, int n, long seed) {
        return evaluate(Skillscope.skill(skill), n, seed);
    }

    /**
     * Saves as a Hugging Face folder (config.json, model.safetensors) with the tokenizer beside it and a
     * {@code generation_config.json} (copied, else written from {@link #specials()}: BOS, stop ids, padding),
     * so {@link Skillscope#load} reads it back with the same special tokens. Refuses the folder the model was loaded from.
     */
    public Path save(Path folder) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("origin", origin);
        transformer.save(folder, meta);
        if (tokenizer instanceof CharTextTokenizer c) {
            c.chars().writeTokenizerJson(folder.resolve("tokenizer.json"));
        } else if (transformer.source().isPresent()) {
            for (String f : List.of(
                    "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "generation_config.json")) {
                Path src = transformer.source().get().resolve(f);
                if (Files.isRegularFile(src)) {
                    copy(src, folder.resolve(f));
                }
            }
        }
        if (!Files.isRegularFile(folder.resolve("generation_config.json"))
                && !(tokenizer instanceof Skillscope.NoTokenizer)) {
            // the stop ids and BOS travel with the folder, so it loads with the same special tokens
            com.google.gson.JsonObject g = new com.google.gson.JsonObject();
            specials.bos().ifPresent(b -> g.addProperty("bos_token_id", b));
            com.google.gson.JsonArray eos = new com.google.gson.JsonArray();
            specials.eos().forEach(eos::add);
            if (specials.eos().size() == 1) {
                g.addProperty("eos_token_id", specials.eos().get(0));
            } else if (!specials.eos().isEmpty()) {
                g.add("eos_token_id", eos);
            }
            g.addProperty("pad_token_id", specials.pad());
            AtomicFiles.writeString(
                    folder.resolve("generation_config.json"),
                    new com.google.gson.GsonBuilder()
                                    .setPrettyPrinting()
                                    .create()
                                    .toJson(g) + "\n");
        }
        return folder;
    }

    private static void copy(Path src, Path dst) {
        try {
            AtomicFiles.writeString(dst, Files.readString(src));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + src, e);
        }
    }

    /** A small table of the architecture and sizes. */
    public Table summary() {
        ModelConfig c = config();
        return Table.builder("Model", "property", "value")
                .row("origin", origin)
                .row("architecture", c.architecture().toString())
                .row("layers", c.numLayers())
                .row("d_model", c.hiddenSize())
                .row("heads (kv)", c.numHeads() + " (" + c.numKvHeads() + ")")
                .row("d_mlp", c.intermediateSize())
                .row("vocab", c.vocabSize())
                .row("positions", c.maxPositions())
                .row("parameters", transformer.parameters().numel())
                .row("tokenizer", tokenizer.toString())
                .row("device", transformer.device().toString())
                .build();
    }

    @Override
    public String toHtml() {
        return summary().toHtml();
    }

    /** Frees the weights' native memory and the tokenizer. */
    @Override
    public void close() {
        transformer.close();
        tokenizer.close();
    }

    /** {@code Model[llama, 2 layers, d=64, 4 heads, vocab 99, 105,664 params, char tokenizer (99 ids), from random, seed 0, cpu()]}. */
    @Override
    public String toString() {
        ModelConfig c = config();
        return String.format(
                java.util.Locale.ROOT,
                "Model[%s, %d layers, d=%d, %d heads, vocab %d, %,d params, %s, from %s, %s]",
                c.architecture(),
                c.numLayers(),
                c.hiddenSize(),
                c.numHeads(),
                c.vocabSize(),
                transformer.parameters().numel(),
                tokenizer,
                origin,
                transformer.device());
    }
}
