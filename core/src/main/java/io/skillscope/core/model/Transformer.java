package io.skillscope.core.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.pytorch.jni.JniUtils;
import com.google.gson.GsonBuilder;
import io.skillscope.core.Finite;
import io.skillscope.core.SkillscopeException;
import io.skillscope.core.checkpoint.AtomicFiles;
import io.skillscope.core.checkpoint.SafetensorsWriter;
import io.skillscope.core.checkpoint.TensorSource;
import io.skillscope.core.config.ContextLimit;
import io.skillscope.core.config.ModelConfig;
import io.skillscope.core.hooks.ActivationCache;
import io.skillscope.core.hooks.HookFilter;
import io.skillscope.core.hooks.HookName;
import io.skillscope.core.hooks.HookRegistry;
import io.skillscope.core.hooks.HookSession;
import io.skillscope.core.hooks.HookSite;
import io.skillscope.core.hooks.Phase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * A decoder-only transformer in DJL NDArray operations, for GPT-2, the Llama family and GPT-NeoX, with every
 * TransformerLens hook point. Weights are float32 in the model's manager on its device; every pass
 * creates its activations in a caller-given manager.
 *
 * <pre>{@code
 * try (Transformer model = Transformer.load(Path.of("models/skill-lab-base"))) {
 *     float[][] logits = model.logits(1, 17, 23);
 * }
 * }</pre>
 */
public final class Transformer implements LanguageModel {
    private final ModelConfig config;
    private final NDManager manager;
    private final ParameterStore params;
    private final Network network;
    private final HookRegistry hooks;
    private final Path source; // folder loaded from, or null
    private final ContextLimit context;

    private Transformer(ModelConfig config, NDManager manager, ParameterStore params, Path source) {
        this.config = config;
        this.manager = manager;
        this.params = params;
        this.network = ArchitectureAdapter.of(config.architecture()).build(config, params);
        this.hooks = new HookRegistry(
                config.numLayers(),
                config.gated(),
                network.positionEmbedding() != null,
                config.familyOptions().parallelResidual());
        this.source = source;
        this.context = ContextLimit.of(config);
    }

    /** The best device DJL finds: the first CUDA GPU when there is one, else the CPU. */
    public static Device defaultDevice() {
        return Engine.getEngine("PyTorch").getGpuCount() > 0 ? Device.gpu() : Device.cpu();
    }

    /** Loads a Hugging Face folder (config.json + safetensors) onto the default device. */
    public static Transformer load(Path folder) {
        return load(folder, defaultDevice());
    }

    /**
     * Loads a Hugging Face folder onto a device. Tensors are read one at a time and widened to float32
     * (F16, BF16 and F64 checkpoints load too).
     *
     * @throws SkillscopeException naming the file and tensor when something is missing or misshapen
     */
    public static Transformer load(Path folder, Device device) {
        return load(folder, device, false);
    }

    /**
     * Loads a Hugging Face folder onto a device; with {@code checkFinite}, every stored value is checked
     * as it is read and the first NaN or infinity is refused, naming the tensor and index.
     */
    public static Transformer load(Path folder, Device device, boolean checkFinite) {
        if (!Files.isDirectory(folder)) {
            throw new SkillscopeException("model folder " + folder + " does not exist or is not a folder");
        }
        ModelConfig config = ModelConfig.load(folder.resolve("config.json"));
        try (TensorSource src = TensorSource.open(folder)) {
            return fromSource(config, src, device, folder, checkFinite);
        }
    }

    /** Builds a model from a config and any tensor source (a checkpoint, or weights in memory). */
    public static Transformer fromSource(ModelConfig config, TensorSource src, Device device, Path origin) {
        return fromSource(config, src, device, origin, false);
    }

    /**
     * Builds a model from a config and any tensor source, checking every stored tensor's name, shape
     * and dtype against the config first ({@link CheckpointMatch}) and, with {@code checkFinite}, every
     * value as it is read ({@link Finite.NonFiniteException}).
     *
     * @throws SkillscopeException naming the file and tensor when something is missing, misshapen,
     *     integer-typed or (with {@code checkFinite}) not finite
     */
    public static Transformer fromSource(
            ModelConfig config, TensorSource src, Device device, Path origin, boolean checkFinite) {
        List<ParamSpec> specs = ArchitectureAdapter.of(config.architecture()).parameters(config);
        Map<String, String> byCanonical = CheckpointMatch.check(config, src);
        NDManager manager = NDManager.newBaseManager(device);
        try {
            ParameterStore params = new ParameterStore(manager);
            java.nio.ByteBuffer staging = ParameterStore.newStaging(); // reused: no heap copy of any tensor
            for (ParamSpec s : specs) {
                params.load(s, src, byCanonical.get(s.name()), staging, checkFinite);
            }
            return new Transformer(config, manager, params, origin);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** A fresh model with seeded random weights on the default device. */
    public static Transformer random(ModelConfig config, long seed) {
        return random(config, seed, defaultDevice());
    }

    /**
     * A fresh model with seeded random weights (drawn on the host, so the same seed gives the same
     * weights on every device).
     */
    public static Transformer random(ModelConfig config, long seed, Device device) {
        NDManager manager = NDManager.newBaseManager(device);
        ParameterStore params = new ParameterStore(manager);
        Random rng = new Random(seed);
        for (ParamSpec s : ArchitectureAdapter.of(config.architecture()).parameters(config)) {
            params.put(s, ParameterStore.init(s, rng, config.numLayers()));
        }
        return new Transformer(config, manager, params, null);
    }

    @Override
    public ModelConfig config() {
        return config;
    }

    @Override
    public Device device() {
        return manager.getDevice();
    }

    @Override
    public ParameterStore parameters() {
        return params;
    }

    /** The manager that owns the weights (for trainers and optimizers that keep state beside them). */
    public NDManager manager() {
        return manager;
    }

    /** The model's context: the longest sequence a pass accepts. */
    public ContextLimit context() {
        return context;
    }

    /** The folder this model was loaded from, if any. */
    public Optional<Path> source() {
        return Optional.ofNullable(source);
    }

    @Override
    public List<HookName> hookNames() {
        return hooks.names();
    }

    @Override
    public List<HookName> hookNames(HookFilter... filters) {
        return hooks.resolve(List.of(filters));
    }

    @Override
    public HookSession hooks() {
        return hooks.open();
    }

    /** Number of hook sessions open on this model. */
    public int openHookSessions() {
        return hooks.openSessions();
    }

    /** Resolves a TransformerLens hook name for this model (suggesting the nearest names when wrong). */
    public HookName hookName(String name) {
        return hooks.resolve(name);
    }

    @Override
    public NDArray forward(NDManager m, TokenBatch batch) {
        return forward(m, batch, null, Phase.FORWARD, 0);
    }

    /** A KV cache for {@code batch} rows, owned by a sub-manager of {@code parent}. */
    public KvCache newCache(NDManager parent, int batch) {
        return newCache(parent, batch, KvCache.DEFAULT_CAPACITY);
    }

    /**
     * A KV cache for {@code batch} rows and about {@code length} positions (prompt plus new tokens),
     * allocated once; it doubles if a pass goes past that.
     */
    public KvCache newCache(NDManager parent, int batch, int length) {
        return new KvCache(parent, config.numLayers(), batch, Math.max(1, length));
    }

    /**
     * One pass: logits {@code [B, T, V]} in {@code m}. With a cache, the batch continues the cached
     * sequences and its keys and values are appended.
     */
    public NDArray forward(NDManager m, TokenBatch batch, KvCache cache, Phase phase, int step) {
        return forward(m, batch, cache, phase, step, RunUntil.LOGITS);
    }

    /**
     * A pass without cache that runs only as far as {@code until} says (e.g. {@link
     * RunUntil#covering} the hooks a probe reads): returns the logits {@code [B, T, V]}, or with no head
     * the last activation computed, {@code [B, T, d]}.
     */
    public NDArray forward(NDManager m, TokenBatch batch, RunUntil until) {
        return forward(m, batch, null, Phase.FORWARD, 0, until);
    }

    /**
     * One pass as far as {@code until}: logits {@code [B, T, V]} when it runs the head, else the last
     * activation computed {@code [B, T, d]}. A cache is only committed by a pass that runs every block.
     */
    public NDArray forward(NDManager m, TokenBatch batch, KvCache cache, Phase phase, int step, RunUntil until) {
        if (cache != null && until.blocks() != Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a cached pass runs every block, not " + until);
        }
        // the context rule (ContextLimit): commands refuse long inputs by file and line before this; here
        // it guards every other caller, and keeps the [Tq, Tk] mask far below an array's 2^31 entries
        context.require((long) (cache == null ? 0 : cache.length()) + batch.length(), "a sequence");
        Pass pass = new Pass(m, batch, phase, step, hooks, cache);
        pass.positions = batch.positions(cache == null ? null : cache.validCounts());
        int maxPos = Arrays.stream(pass.positions).max().orElse(0);
        if (maxPos >= config.maxPositions() && network.positionEmbedding() != null) {
            throw new SkillscopeException("position " + maxPos + " exceeds the model's " + config.maxPositions()
                    + " learned positions (config n_positions)");
        }
        pass.attnMask = attentionMask(m, batch, cache, config.slidingWindow());
        if (network.rotary() != null) {
            network.rotary().tables(pass);
        }
        NDArray ids = batch.idsArray(m); // [B, T]
        NDArray x = pass.hook(HookSite.EMBED, scaledEmbed(ids)); // [B, T, d]
        if (network.positionEmbedding() != null) {
            long[] pos = new long[pass.positions.length];
            for (int i = 0; i < pos.length; i++) {
                pos[i] = pass.positions[i];
            }
            NDArray posIds = m.create(pos, new Shape(batch.batchSize(), batch.length())); // [B, T]
            NDArray pe = pass.hook(HookSite.POS_EMBED, embed(posIds, network.positionEmbedding())); // [B, T, d]
            x = x.add(pe);
        }
        int run = Math.min(until.blocks(), network.blocks().size());
        boolean free = !JniUtils.isGradMode(); // no autograd graph needs a block's intermediates
        for (int l = 0; l < run; l++) {
            if (!free) {
                x = network.blocks().get(l).forward(x, pass); // [B, T, d]
                continue;
            }
            // Each block's intermediates live in a sub-manager closed after the block; only its output
            // (and what hooks replaced, which joins the pass's manager) survives, so a pass holds one
            // block's activations at a time rather than every layer's.
            try (NDManager blockManager = m.newSubManager()) {
                x.tempAttach(blockManager); // back to m when blockManager closes
                NDArray y = network.blocks().get(l).forward(x, pass); // [B, T, d]
                y.attach(m);
                x = y;
            }
        }
        if (!until.finalNorm()) {
            return x; // [B, T, d]: the residual after the last block run
        }
        NDArray normed = pass.hook(HookSite.LN_FINAL, network.finalNorm().apply(x)); // [B, T, d]
        if (!until.head()) {
            return normed; // [B, T, d]
        }
        if (until.lastPositionOnly()) {
            normed = normed.get(new NDIndex(":, -1:, :")); // [B, 1, d]
        }
        NDArray logits = network.head().apply(normed); // [B, T, V] or [B, 1, V]
        if (network.logitSoftcap() > 0) {
            NDArray raw = logits;
            logits = SoftCap.apply(raw, network.logitSoftcap()); // [B, T, V] or [B, 1, V]
            raw.close();
        }
        if (cache != null) {
            cache.commit(batch);
        }
        return logits;
    }

    /** Token embeddings {@code [B, T, d]}, times the network's embedding scale (Gemma: √d) when not 1. */
    private NDArray scaledEmbed(NDArray ids) {
        NDArray e = embed(ids, network.tokenEmbedding()); // [B, T, d]
        if (network.embeddingScale() == 1f) {
            return e;
        }
        NDArray scaled = e.mul(Scalars.of(e, network.embeddingScale())); // [B, T, d]
        e.close();
        return scaled;
    }

    private static NDArray embed(NDArray ids, NDArray table) {
        return ids.getNDArrayInternal()
                .embedding(ids, table, SparseFormat.DENSE)
                .singletonOrThrow();
    }

    /**
     * Additive mask {@code [B, 1, Tq, Tk]}: causal, padding keys masked, and a sliding window if set
     * (Mistral's on every layer, Gemma 2's on its sliding layers through {@link Pass#windowMask}).
     */
    static NDArray attentionMask(NDManager m, TokenBatch batch, KvCache cache, Integer window) {
        int b = batch.batchSize();
        int tq = batch.length();
        int past = cache == null ? 0 : cache.length();
        int tk = past + tq;
        long entries = (long) b * tq * tk;
        if (entries > Integer.MAX_VALUE - 8) {
            throw new SkillscopeException("the attention mask of " + b + " rows × " + tq + " queries × " + tk
                    + " keys has " + entries + " entries, more than one array holds; use shorter inputs or a"
                    + " smaller batch");
        }
        float[] mask = new float[(int) entries];
        for (int r = 0; r < b; r++) {
            for (int i = 0; i < tq; i++) {
                int qi = past + i;
                int base = (r * tq + i) * tk;
                for (int j = 0; j < tk; j++) {
                    boolean keyValid = j < past ? cache.keyValid(r, j) : batch.valid(r, j - past);
                    boolean allowed = keyValid && j <= qi && (window == null || qi - j < window);
                    mask[base + j] = allowed ? 0f : -1e9f;
                }
            }
        }
        return m.create(mask, new Shape(b, 1, tq, tk));
    }

    @Override
    public float[][] logits(int... ids) {
        try (NDManager m = manager.newSubManager()) {
            NDArray out = forward(m, TokenBatch.of(ids)); // [1, T, V]
            return rows(out.toFloatArray(), ids.length, config.vocabSize());
        }
    }

    /** Logits of each row of a batch, {@code [B][T][V]}, padding positions included. */
    public float[][][] logits(TokenBatch batch) {
        try (NDManager m = manager.newSubManager()) {
            float[] flat = forward(m, batch).toFloatArray();
            int t = batch.length();
            int v = config.vocabSize();
            float[][][] out = new float[batch.batchSize()][][];
            for (int b = 0; b < out.length; b++) {
                out[b] = rows(Arrays.copyOfRange(flat, b * t * v, (b + 1) * t * v), t, v);
            }
            return out;
        }
    }

    @Override
    public CachedRun runWithCache(int[] ids, HookName... names) {
        try (HookSession session = hooks()) {
            ActivationCache cache = session.cache(List.of(names));
            return new CachedRun(logits(ids), cache);
        }
    }

    static float[][] rows(float[] flat, int t, int v) {
        float[][] out = new float[t][];
        for (int i = 0; i < t; i++) {
            out[i] = Arrays.copyOfRange(flat, i * v, (i + 1) * v);
        }
        return out;
    }

    /**
     * Saves as a Hugging Face folder: {@code config.json} and {@code model.safetensors} (tied heads are
     * not stored, as Hugging Face does). Each file is written atomically. Refuses to write into the
     * folder the model was loaded from.
     *
     * @param folder target folder (created when missing)
     * @param metadata extra {@code __metadata__} entries (provenance), may be empty
     */
    public void save(Path folder, Map<String, String> metadata) {
        Path target = folder.toAbsolutePath().normalize();
        if (source != null && source.toAbsolutePath().normalize().equals(target)) {
            throw new SkillscopeException("refusing to save into " + target + ": the model was loaded from there");
        }
        try {
            Files.createDirectories(target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + target, e);
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "pt");
        meta.putAll(metadata);
        SafetensorsWriter.write(target.resolve("model.safetensors"), params.readAll(), meta);
        AtomicFiles.writeString(
                target.resolve("config.json"),
                new GsonBuilder().setPrettyPrinting().create().toJson(config.toHfJson()) + "\n");
    }

    /**
     * The first parameter holding a NaN or an infinity, described with its index ({@link Finite}); empty
     * when every weight is finite. Checked on the device, one tensor at a time.
     */
    public Optional<String> nonFiniteParameter() {
        for (String name : params.names()) {
            try {
                Finite.require(params.get(name), "parameter '" + name + "'");
            } catch (Finite.NonFiniteException e) {
                return Optional.of(e.getMessage());
            }
        }
        return Optional.empty();
    }

    /**
     * Where a non-finite value first appears in a pass over {@code ids}: the first non-finite parameter,
     * else the first hook point (in the order the pass fires them) whose activation holds one, else the
     * logits themselves. For messages after an output was found non-finite; any open hooks of the caller
     * stay in force.
     */
    public String locateNonFinite(int[] ids) {
        Optional<String> weight = nonFiniteParameter();
        if (weight.isPresent()) {
            return weight.get();
        }
        String[] first = {null};
        try (HookSession s = hooks()) {
            for (HookName h : hookNames()) {
                s.read(h, (x, ctx) -> {
                    if (first[0] == null) {
                        try {
                            Finite.require(x, "hook " + h);
                        } catch (Finite.NonFiniteException e) {
                            first[0] = e.getMessage();
                        }
                    }
                });
            }
            float[][] logits = logits(ids);
            if (first[0] != null) {
                return first[0];
            }
            for (int t = 0; t < logits.length; t++) {
                int bad = Finite.firstNonFinite(logits[t], 0, logits[t].length);
                if (bad >= 0) {
                    return Finite.describe("the logits", (long) t * logits[t].length + bad, logits[t][bad], new long[] {
                        logits.length, logits[t].length
                    });
                }
            }
        }
        return "no parameter, hook or logit of a pass over these " + ids.length + " tokens is non-finite";
    }

    /** Live NDArrays owned by this model (weights plus anything leaked into its manager). */
    public int liveArrays() {
        return manager.getManagedArrays().size();
    }

    @Override
    public void close() {
        manager.close();
    }

    @Override
    public String toString() {
        return "Transformer[" + config.architecture() + ", " + config.numLayers() + " layers, d=" + config.hiddenSize()
                + ", " + params.numel() + " params, " + device() + "]";
    }

    List<TransformerBlock> blocks() {
        return new ArrayList<>(network.blocks());
    }
}
