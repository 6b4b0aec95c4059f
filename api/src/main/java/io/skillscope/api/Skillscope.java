package io.skillscope.api;

import io.skillscope.core.Provenance;
import io.skillscope.core.SkillscopeException;
import io.skillscope.core.config.ModelConfig;
import io.skillscope.core.model.Transformer;
import io.skillscope.core.tokenizer.TextTokenizer;
import io.skillscope.datasets.CharTokenizer;
import io.skillscope.datasets.Example;
import io.skillscope.datasets.Skill;
import io.skillscope.datasets.SkillDataset;
import io.skillscope.datasets.SkillSuite;
import io.skillscope.datasets.Splits;
import io.skillscope.grafting.MergeSpec;
import io.skillscope.reports.Html;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * The notebook entry point: static factories for models and skills, and {@link #show(Object...)}.
 *
 * <pre>{@code
 * import io.skillscope.api.*;
 *
 * Model model = Skillscope.tinyModel();                 // or Skillscope.load("path/to/hf-folder")
 * model.generate("rev(abc)=");
 * CacheRun run = model.runWithCache("rev(abc)=", "blocks.*.mlp.hook_post");
 * Skillscope.show(run.stats(), Chart.bars("sd per hook", run.stats(), "hook", "sd"));
 * }</pre>
 */
public final class Skillscope {
    /** The skill lab's base checkpoint, relative to the repository root. */
    public static final String SKILL_LAB_BASE = "models/skill-lab-base";
    /** Environment variable naming the folder that holds {@code skill-lab-base} (overrides the search). */
    public static final String MODELS_ENV = "SKILLSCOPE_MODELS";

    private static final SkillSuite SUITE = SkillSuite.standard();
    private static final List<Path> SCRATCH = new ArrayList<>();
    private static boolean scratchHook;

    private Skillscope() {}

    // ---- models -------------------------------------------------------------------------------

    /**
     * Loads a Hugging Face folder (config.json, safetensors, and tokenizer.json when present) onto the
     * default device.
     *
     * @throws SkillscopeException naming the folder when it is missing or malformed
     */
    public static Model load(String folder) {
        return load(Path.of(folder));
    }

    /**
     * {@link #load(String)} with a path. The tokenizer and its special tokens are read by {@link
     * ModelCodec#open} (the reading the command line shares) and checked against {@code config.json}
     * before the weights are read: BOS before prompts when the folder's tokenizer prepends it, generation
     * stopping at any of the folder's stop ids ({@link io.skillscope.core.tokenizer.SpecialTokens}).
     */
    public static Model load(Path folder) {
        Path json = folder.resolve("tokenizer.json");
        if (!Files.isRegularFile(json)) {
            Transformer t = Transformer.load(folder);
            return new Model(t, new NoTokenizer(folder, t.config().vocabSize()), folder.toString());
        }
        try (ModelCodec codec = ModelCodec.open(folder)) {
            Transformer t = Transformer.load(folder);
            return new Model(t, codec.release(), codec.specials(), folder.toString());
        }
    }

    /**
     * Runs a weight-space operation and loads what it wrote: a merge of fine-tunes (task arithmetic, TIES,
     * DARE), a masked graft, a Localize-and-Stitch of several masks or a skill-vector injection (PaST),
     * streamed tensor by tensor into a Hugging Face folder with provenance (docs/methods.md §1, §3, §4).
     *
     * <pre>{@code
     * Model ties = Skillscope.merge(
     *         new MergeSpec.Merge(base, List.of(ftA, ftB), MergeConfig.ties(0.2, 1.0)), out.resolve("ties"));
     * }</pre>
     *
     * @param spec what to compute ({@link MergeSpec}, or {@link MergeSpec#read} of a JSON or YAML file)
     * @param out the folder to create; never one of the spec's inputs
     * @return the merged model, loaded like {@link #load(Path)}
     */
    public static Model merge(MergeSpec spec, Path out) {
        return load(spec.run(out));
    }

    /** {@link #merge(MergeSpec, Path)} of a spec file (JSON or YAML, as {@code skillscope merge --config}). */
    public static Model merge(Path specFile, Path out) {
        return merge(MergeSpec.read(specFile), out);
    }

    /**
     * The skill lab's base model ({@value #SKILL_LAB_BASE}), found under {@code $SKILLSCOPE_MODELS} or in
     * the working folder or one of its parents. When it is not there yet (it is trained by the project's
     * own recipe), says so on standard output and returns {@link #tinyModel()} instead: same tokenizer,
     * random weights, so every cell still runs.
     */
    public static Model skillLab() {
        Optional<Path> folder = skillLabFolder();
        if (folder.isPresent()) {
            return load(folder.get());
        }
        Display.text("skillscope: " + SKILL_LAB_BASE + " was not found (searched $" + MODELS_ENV
                + " and from " + Path.of("").toAbsolutePath() + " upwards); using Skillscope.tinyModel(), random"
                + " weights with the skill lab's tokenizer, so outputs are noise.");
        return tinyModel();
    }

    /**
     * A file or folder of the repository by its path from the root (say
     * {@code "models/tiny-random-llama"}): the first of the working folder and its parents that holds
     * it. Notebooks run in {@code notebooks/}, so this finds the repository's models and fixtures.
     *
     * @throws SkillscopeException naming the path and where the search started when none holds it
     */
    public static Path find(String relative) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path p = dir.resolve(relative);
            if (Files.exists(p)) {
                return p.normalize();
            }
        }
        throw new SkillscopeException(
                "no " + relative + " in " + Path.of("").toAbsolutePath() + " or any parent folder");
    }

    /** Where {@link #skillLab()} finds the base model, if anywhere. */
    public static Optional<Path> skillLabFolder() {
        String env = System.getenv(MODELS_ENV);
        if (env != null && !env.isBlank()) {
            Path p = Path.of(env).resolve("skill-lab-base");
            return Files.isRegularFile(p.resolve("config.json")) ? Optional.of(p) : Optional.empty();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path p = dir.resolve(SKILL_LAB_BASE);
            if (Files.isRegularFile(p.resolve("config.json"))) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** {@link #tinyModel(long)} with seed 0. */
    public static Model tinyModel() {
        return tinyModel(0);
    }

    /**
     * A tiny random Llama-family model with the skill lab's character tokenizer: 2 layers, d_model 64,
     * 4 heads (2 key/value heads), d_mlp 176, 128 positions, vocabulary 99 (BOS 1, EOS 2). The same seed
     * gives the same weights. For trying the API in seconds; its outputs are noise.
     */
    public static Model tinyModel(long seed) {
        CharTokenizer chars = CharTokenizer.standard();
        ModelConfig cfg =
                ModelConfig.llama(chars.vocabSize(), 64, 2, 4, 2, 176, 128).withTokenIds(chars.bosId(), chars.eosId());
        return new Model(Transformer.random(cfg, seed), new CharTextTokenizer(chars), "random, seed " + seed);
    }

    /**
     * A new temporary folder ({@code skillscope-PREFIX-…} in {@code java.io.tmpdir}) for a notebook's
     * training runs and artifacts, deleted with everything in it when the JVM exits normally (Jupyter
     * shutting the kernel down), so that re-running a notebook leaves nothing behind.
     */
    public static synchronized Path scratchFolder(String prefix) {
        Path p;
        try {
            p = Files.createTempDirectory("skillscope-" + prefix + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot create a temporary folder in " + System.getProperty("java.io.tmpdir"), e);
        }
        if (!scratchHook) {
            Runtime.getRuntime().addShutdownHook(new Thread(Skillscope::deleteScratch, "skillscope-scratch-cleanup"));
            scratchHook = true;
        }
        SCRATCH.add(p);
        return p;
    }

    /** Deletes every folder {@link #scratchFolder} made so far, best effort (run at JVM exit). */
    static synchronized void deleteScratch() {
        for (Path root : SCRATCH) {
            try (Stream<Path> tree = Files.walk(root)) {
                tree.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException | UncheckedIOException e) {
                // best effort: a folder that vanished or cannot be read is left to the OS
            }
        }
        SCRATCH.clear();
    }

    // ---- skills -------------------------------------------------------------------------------

    /** The standard skill suite: 16 seen and 6 held-out skills, plus compositions by dotted name. */
    public static SkillSuite skills() {
        return SUITE;
    }

    /** A skill of the standard suite by name ({@code rev}, {@code add}, or a composition {@code rev.sort}). */
    public static Skill skill(String name) {
        return SUITE.get(name);
    }

    /** {@code n} examples of a skill drawn with a seed (inputs may repeat for small input spaces). */
    public static List<Example> examples(String skill, int n, long seed) {
        Skill s = skill(skill);
        SplittableRandom rng = new SplittableRandom(seed);
        List<Example> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(s.sample(rng));
        }
        return out;
    }

    /** Train, dev and test examples of one skill, disjoint by input, with provenance; see {@link Splits}. */
    public static SkillDataset dataset(String skill, int nTrain, int nDev, int nTest, long seed) {
        return Splits.generate(skill(skill), nTrain, nDev, nTest, seed);
    }

    /** Examples as a table: prompt, answer, skill. */
    public static Table table(List<Example> examples) {
        Table.Builder b = Table.builder("Examples", "prompt", "answer", "skill");
        for (Example e : examples) {
            b.row(e.prompt(), e.answer(), e.skill());
        }
        return b.build();
    }

    /**
     * Every skill of the suite with one example drawn with {@code seed}: name, seen or held out, prompt,
     * answer, the size of its input space and its longest answer.
     */
    public static Table skillTable(long seed) {
        Table.Builder b = Table.builder(
                "Skill suite (seed " + seed + ")", "skill", "list", "prompt", "answer", "inputs", "max answer");
        for (Skill s : SUITE.all()) {
            Example e = s.sample(new SplittableRandom(seed));
            String list = SkillSuite.SEEN.contains(s.name()) ? "seen" : "held out";
            b.row(s.name(), list, e.prompt(), e.answer(), s.inputSpaceSize(), s.maxAnswerLength());
        }
        return b.build();
    }

    // ---- display ------------------------------------------------------------------------------

    /**
     * Shows results: in the rapaio Java kernel as HTML ({@link Rich#toHtml()}; anything else as
     * escaped text), elsewhere by printing {@code toString()}.
     */
    public static void show(Object... items) {
        for (Object item : items) {
            if (!Display.html(html(item))) {
                Display.text(item);
            }
        }
    }

    /** The HTML {@link #show} would publish for an item. */
    public static String html(Object item) {
        if (item instanceof Rich r) {
            return r.toHtml();
        }
        if (item instanceof org.knowm.xchart.internal.chartpart.Chart<?, ?> c) {
            return Chart.of(c).toHtml();
        }
        return "<pre>" + Html.escape(String.valueOf(item)) + "</pre>";
    }

    /** Whether this code runs inside the rapaio Java kernel (so {@link #show} renders HTML). */
    public static boolean inNotebook() {
        return Display.inKernel();
    }

    /** Library, engine, JVM and OS versions, as recorded in every artifact's provenance. */
    public static Table environment() {
        Table.Builder b = Table.builder("Environment", "component", "version");
        for (Map.Entry<String, String> e : Provenance.environment().entrySet()) {
            b.row(e.getKey(), e.getValue());
        }
        return b.build();
    }

    /** A model folder without tokenizer.json: ids only. */
    record NoTokenizer(Path folder, int vocab) implements TextTokenizer {
        @Override
        public int[] encode(String text) {
            throw new SkillscopeException(
                    folder + " has no tokenizer.json: pass token ids to model.transformer()" + " instead of text");
        }

        @Override
        public String decode(int[] ids) {
            return java.util.Arrays.toString(ids);
        }

        @Override
        public int vocabSize() {
            return vocab;
        }

        @Override
        public java.util.OptionalInt eosId() {
            return java.util.OptionalInt.empty();
        }

        @Override
        public java.util.OptionalInt bosId() {
            return java.util.OptionalInt.empty();
        }

        @Override
        public java.util.OptionalInt padId() {
            return java.util.OptionalInt.empty();
        }

        @Override
        public java.util.OptionalInt findId(String token) {
            return java.util.OptionalInt.empty();
        }

        @Override
        public void close() {}

        @Override
        public String toString() {
            return "no tokenizer";
        }
    }
}
