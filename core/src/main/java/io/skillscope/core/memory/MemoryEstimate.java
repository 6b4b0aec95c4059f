package io.skillscope.core.memory;

import io.skillscope.core.config.ModelConfig;
import java.util.List;
import java.util.Locale;

/**
 * What a command will need, estimated from the config alone (no weights read), in bytes:
 *
 * <ul>
 *   <li>{@code weights}: every parameter as float32 (the loader widens BF16/F16 into PyTorch memory);
 *   <li>{@code activations}: the float32 activations a pass keeps until its batch ends, per layer
 *       {@code n·(8d + 3·q + 4·kv + 4f) + 3·B·H·T·Tk} floats for {@code n = B·T} tokens ({@code q}, {@code kv}
 *       the query and key/value widths: norms, projections, rotary copies, residuals, the gated MLP's four
 *       {@code f}-wide arrays, and scores, mask and softmax), times {@link #LIVE_BLOCKS} (a pass outside
 *       autograd frees each block's intermediates when the block ends);
 *   <li>{@code logits}: {@code B·T·V} floats when the head runs (zero for a probe, which stops at its last
 *       hook), twice when they are copied to the host;
 *   <li>{@code cache}: the KV cache, {@code 2·L·B·Tk·kv} floats;
 *   <li>{@code heap}: host state held by the command (per-neuron statistics, masks);
 *   <li>{@code runtime}: the JVM and libtorch themselves, {@link #RUNTIME_BYTES}.
 * </ul>
 *
 * Training passes (autograd) keep every block's activations and are not covered by these workloads.
 *
 * @param command the command's name
 * @param weights float32 weight bytes
 * @param activations activation bytes of one batch
 * @param logits logit bytes of one batch
 * @param cache KV cache bytes
 * @param heap heap-resident bytes
 * @param runtime JVM and native runtime bytes
 */
public record MemoryEstimate(
        String command, long weights, long activations, long logits, long cache, long heap, long runtime) {
    /** The JVM, its classes and libtorch's own footprint, about 600 MiB. */
    public static final long RUNTIME_BYTES = 600L << 20;

    /**
     * Blocks' intermediates alive at once in a pass outside autograd: the running block's, and as much
     * again for the block outputs, hook copies and allocator slack (each block runs in its own manager,
     * closed after it; see {@code Transformer.forward}).
     */
    public static final int LIVE_BLOCKS = 2;

    /**
     * One pass shape of a command.
     *
     * @param command its name
     * @param batch rows per pass
     * @param tokens tokens per row in the pass
     * @param cachedTokens keys each row attends to beyond {@code tokens} (a KV cache), 0 without
     * @param logits whether the pass computes logits ({@code false}: stops before the head)
     * @param logitsToHost whether the logits are also copied to the host
     * @param heap heap-resident bytes the command keeps (statistics, masks)
     */
    public record Workload(
            String command, int batch, int tokens, int cachedTokens, boolean logits, boolean logitsToHost, long heap) {}

    /** Estimates a workload on a config. */
    public static MemoryEstimate of(ModelConfig c, Workload w) {
        long weights = c.parameterCount() * Float.BYTES;
        long n = (long) w.batch() * w.tokens();
        long tk = (long) w.tokens() + w.cachedTokens();
        long perLayer = perLayer(c, w.batch(), w.tokens(), tk);
        long activations = perLayer * LIVE_BLOCKS * Float.BYTES;
        long logits = w.logits() ? n * c.vocabSize() * Float.BYTES * (w.logitsToHost() ? 2 : 1) : 0;
        long cache = w.cachedTokens() > 0 || w.command().equals("generate")
                ? 2L * c.numLayers() * w.batch() * tk * c.kvDim() * Float.BYTES
                : 0;
        return new MemoryEstimate(w.command(), weights, activations, logits, cache, w.heap(), RUNTIME_BYTES);
    }

    /**
     * Training with autograd ({@code skillscope train}): the weights, their gradients and two optimizer
     * moments (AdamW's m and v; SGD's momentum is smaller), so {@code 4·P} floats as {@code weights}; every
     * layer's activations kept for the backward pass and counted twice (the activations and their
     * gradients), so {@code 2·L} blocks of {@link #of}'s per-layer formula; and the logits, their softmax
     * and gradient, {@code 3·B·T·V} floats.
     *
     * @param c the model trained
     * @param batch sequences per step
     * @param tokens tokens per sequence
     */
    public static MemoryEstimate training(ModelConfig c, int batch, int tokens) {
        long weights = Math.multiplyExact(c.parameterCount(), 4L * Float.BYTES);
        long n = (long) batch * tokens;
        long perLayer = n * (8L * c.hiddenSize() + 3L * c.qDim() + 4L * c.kvDim() + 4L * c.intermediateSize())
                + 3L * batch * c.numHeads() * tokens * tokens;
        long activations = Math.multiplyExact(perLayer, 2L * c.numLayers() * Float.BYTES);
        long logits = 3L * n * c.vocabSize() * Float.BYTES;
        return new MemoryEstimate("train", weights, activations, logits, 0, 0, RUNTIME_BYTES);
    }

    /**
     * {@code localize} on a region: one model (θ_ft is streamed through it tensor by tensor, never loaded
     * beside θ_pre), a training pass over {@code batch x tokens} that keeps every block's activations for
     * the backward pass ({@code L·perLayer} floats; each block's gradients live only while it runs
     * backward) and its logits (three
     * {@code [B, T, V]} arrays: logits, log-softmax, gradient), the gradient of the included weights in
     * native memory (4 bytes each), and on the heap θ_pre, θ_ft and S of every included weight (12 bytes),
     * γ_base (one bit) and one tensor's ∂L/∂S and staging (12 bytes per weight of the largest included
     * tensor). The bound: {@code weights + runtime + 16.125 B x included + 12 B x largest + activations}.
     *
     * @param c the config
     * @param included weights in the mask
     * @param largest elements of the largest included tensor
     * @param batch rows per training batch
     * @param tokens tokens per row
     */
    public static MemoryEstimate localize(ModelConfig c, long included, long largest, int batch, int tokens) {
        long weights = c.parameterCount() * Float.BYTES;
        long n = (long) batch * tokens;
        long perLayer = perLayer(c, batch, tokens, tokens);
        long activations = (perLayer * c.numLayers() + included) * Float.BYTES;
        long logits = 3L * n * c.vocabSize() * Float.BYTES;
        long heap = included * 12 + included / 8 + largest * 12;
        return new MemoryEstimate(
                "localize (" + included + " included weights)", weights, activations, logits, 0, heap, RUNTIME_BYTES);
    }

    /**
     * Elements of one tensor that a streamed weight-space operation ({@code merge}: task arithmetic, TIES,
     * DARE, graft, stitch, skill vectors) holds per input at a time: 2^23, 32 MiB of float32. Larger tensors
     * are read, merged and written in chunks of this many elements, so the heap a merge needs does not grow
     * with the largest tensor.
     */
    public static final int MERGE_CHUNK_ELEMENTS = 1 << 23;

    /** The I/O buffers of a streamed merge besides its chunks: reads, the output's encoding, 8 MiB each. */
    static final long MERGE_BUFFER_BYTES = 32L << 20;

    /**
     * {@code merge}: no model is loaded; tensors are merged one at a time, and a tensor larger than
     * {@link #MERGE_CHUNK_ELEMENTS} chunk by chunk (TIES finds each trim threshold by passes over the
     * chunks), so the peak is one chunk's working set: θ_pre's and every model's float32 chunk, one float64
     * accumulator or task-vector chunk and the float32 chunk being written, {@code c = min(largest,
     * chunk)} elements, then the before/after comparison of the report (two float32 chunks, less). Estimated
     * as {@code runtime + c x (16 + 4·models) + 32 MiB} bytes.
     *
     * @param c the config
     * @param models fine-tuned models merged
     */
    public static MemoryEstimate merge(ModelConfig c, int models) {
        long largest = (long) c.vocabSize() * c.hiddenSize();
        largest = Math.max(largest, (long) c.intermediateSize() * c.hiddenSize() * (c.gated() ? 2 : 1));
        long chunk = Math.min(largest, MERGE_CHUNK_ELEMENTS);
        long heap = chunk * (16 + 4L * Math.max(1, models)) + MERGE_BUFFER_BYTES;
        return new MemoryEstimate("merge", 0, 0, 0, 0, heap, RUNTIME_BYTES);
    }

    /** Floats one block keeps alive for {@code n = B·T} tokens attending to {@code tk} keys. */
    private static long perLayer(ModelConfig c, int batch, int tokens, long tk) {
        long n = (long) batch * tokens;
        return n * (8L * c.hiddenSize() + 3L * c.qDim() + 4L * c.kvDim() + 4L * c.intermediateSize())
                + 3L * batch * c.numHeads() * tokens * tk;
    }

    /**
     * The default workloads of the commands that load a model: {@code forward} (1 x 128 tokens, logits to
     * the host), {@code generate} (1 x 128 prompt + 32 new, KV cache), {@code probe} (32 x 64 tokens,
     * every layer's {@code d_mlp} statistics), {@code unlearn} (64 x 64 tokens, two sets of statistics),
     * {@code localize} on the MLPs of two layers (8 x 64 tokens), and {@code merge} (one model).
     */
    public static List<MemoryEstimate> commands(ModelConfig c) {
        long stats = (long) c.numLayers() * c.intermediateSize() * Double.BYTES * 6; // mean, M2, min, max, ...
        long mlp = (long) c.hiddenSize() * c.intermediateSize();
        int mats = c.gated() ? 3 : 2;
        return List.of(
                of(c, new Workload("forward", 1, 128, 0, true, true, 0)),
                of(c, new Workload("generate", 1, 160, 0, true, false, 0)),
                of(c, new Workload("probe", 32, 64, 0, false, false, 2 * stats)),
                of(c, new Workload("unlearn", 64, 64, 0, false, false, 4 * stats)),
                localize(c, 2L * mats * mlp, mlp, 8, 64),
                merge(c, 1));
    }

    /** Native bytes: weights, activations, logits and cache. */
    public long nativeBytes() {
        return weights + activations + logits + cache;
    }

    /** Everything: native, heap and runtime. */
    public long total() {
        return nativeBytes() + heap + runtime;
    }

    /** {@code 3.1 GB} style, in GiB with one decimal (MiB below 1 GiB). */
    public static String human(long bytes) {
        if (bytes < (1L << 30)) {
            return String.format(Locale.ROOT, "%.0f MiB", bytes / (double) (1L << 20));
        }
        return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
    }

    /** One line: total, then the parts. */
    public String describe() {
        return human(total()) + " (weights " + human(weights) + ", activations " + human(activations)
                + ", logits " + human(logits) + ", KV cache " + human(cache) + ", heap " + human(heap)
                + ", runtime " + human(runtime) + ")";
    }
}
