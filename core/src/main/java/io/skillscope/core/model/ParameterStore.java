package io.skillscope.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.skillscope.core.Finite;
import io.skillscope.core.SkillscopeException;
import io.skillscope.core.checkpoint.Hashing;
import io.skillscope.core.checkpoint.HostTensor;
import io.skillscope.core.checkpoint.TensorSource;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The named float32 weights of a model, in the architecture's canonical (Hugging Face) names and
 * layouts, owned by the model's manager. Model components hold the same arrays, so an in-place update
 * here (training, grafting) is what the next forward pass uses.
 */
public final class ParameterStore {
    private final NDManager manager;
    private final Map<String, NDArray> params = new LinkedHashMap<>();
    private final Map<String, ParamSpec> specs = new LinkedHashMap<>();
    private ByteBuffer writeStaging; // write's reused direct staging buffer, allocated on first use

    ParameterStore(NDManager manager) {
        this.manager = manager;
    }

    void put(ParamSpec spec, float[] data) {
        long[] shape = spec.shape();
        if (data.length != spec.numel()) {
            throw new SkillscopeException("parameter " + spec.name() + " expects " + spec.numel() + " values for shape "
                    + Arrays.toString(shape) + ", got " + data.length);
        }
        NDArray a = owned(manager, data, new Shape(shape));
        a.setName(spec.name());
        NDArray old = params.put(spec.name(), a);
        if (old != null) {
            old.close();
        }
        specs.put(spec.name(), spec);
    }

    /** Float32 values staged per copy into a loaded parameter (16 MiB, reused across tensors). */
    static final int STAGING_FLOATS = 4 << 20;

    /** A direct, native-order staging buffer of {@link #STAGING_FLOATS} floats for {@link #load}. */
    static ByteBuffer newStaging() {
        return ByteBuffer.allocateDirect(STAGING_FLOATS * Float.BYTES).order(ByteOrder.nativeOrder());
    }

    /**
     * Receives one chunk of a checkpoint tensor streamed by {@link #streamRows}: rows
     * {@code [row, row + chunk.getShape().get(0))} of the parameter as float32, {@code chunk} [k, ...] on
     * the model's device, valid only during the call.
     */
    @FunctionalInterface
    public interface RowSink {
        /**
         * @param row the first row of the chunk
         * @param chunk the rows' values, [k, ...] (a scalar's single value for a rank-0 tensor)
         */
        void accept(long row, NDArray chunk);
    }

    /**
     * Loads a parameter from a checkpoint without a heap or direct copy of the whole tensor: the float32
     * tensor is allocated by PyTorch, and the stored values are widened in chunks of whole rows (at most
     * {@link #STAGING_FLOATS} values, or one row when a row is longer) through one direct staging buffer
     * that is copied into the tensor's rows. Peak memory beyond the weights is the staging buffer.
     */
    void load(ParamSpec spec, TensorSource src, String name, ByteBuffer stagingBytes) {
        load(spec, src, name, stagingBytes, false);
    }

    /**
     * {@link #load(ParamSpec, TensorSource, String, ByteBuffer)}, and with {@code checkFinite} every value
     * is checked as it streams past.
     *
     * @throws Finite.NonFiniteException naming the file, the tensor and the first non-finite index
     */
    void load(ParamSpec spec, TensorSource src, String name, ByteBuffer stagingBytes, boolean checkFinite) {
        long[] shape = spec.shape();
        NDArray a = manager.zeros(new Shape(shape), DataType.FLOAT32);
        try {
            streamRows(spec, src, name, stagingBytes, checkFinite, (row, chunk) -> setRows(a, shape, row, chunk));
        } catch (RuntimeException e) {
            a.close();
            throw e;
        }
        a.setName(spec.name());
        NDArray old = params.put(spec.name(), a);
        if (old != null) {
            old.close();
        }
        specs.put(spec.name(), spec);
    }

    /**
     * Streams a checkpoint tensor, stored under {@code stored} in {@code src}, as float32 chunks of whole
     * rows of parameter {@code name}'s shape (widened as {@link #load} does, so the values are the ones a
     * load of that checkpoint holds), through one {@link #STAGING_FLOATS}-value staging buffer: the way to
     * compare a checkpoint with the weights, or to overwrite them, without a copy of the whole tensor.
     *
     * @param name the parameter whose shape the tensor must have
     * @param src the checkpoint
     * @param stored the tensor's name in {@code src}
     * @param sink receives each chunk, in row order
     * @throws SkillscopeException if the stored tensor has another shape or too few values
     */
    public void streamRows(String name, TensorSource src, String stored, RowSink sink) {
        ParamSpec spec = spec(name);
        long[] want = spec.shape();
        long[] got = src.info(stored).shape();
        if (!Arrays.equals(want, got)) {
            throw new SkillscopeException(src.path() + ": tensor '" + stored + "' has shape " + Arrays.toString(got)
                    + " but parameter " + name + " has " + Arrays.toString(want));
        }
        streamRows(spec, src, stored, newStaging(), false, sink);
    }

    /**
     * Overwrites parameter {@code name} in place (the components keep the same array) with a checkpoint
     * tensor, streamed by {@link #streamRows}: no copy of the whole tensor on the heap or in native memory.
     */
    public void overwrite(String name, TensorSource src, String stored) {
        NDArray a = get(name);
        long[] shape = spec(name).shape();
        boolean tracked = a.hasGradient();
        if (tracked) {
            a.setRequiresGradient(false); // an in-place copy into a leaf that requires gradients is refused
        }
        try {
            streamRows(name, src, stored, (row, chunk) -> setRows(a, shape, row, chunk));
        } finally {
            if (tracked) {
                a.setRequiresGradient(true);
            }
        }
    }

    private static void setRows(NDArray a, long[] shape, long row, NDArray chunk) {
        if (shape.length == 0 || chunk.getShape().get(0) == shape[0]) {
            a.set(new NDIndex("..."), chunk);
        } else {
            a.set(new NDIndex(row + ":" + (row + chunk.getShape().get(0))), chunk);
        }
    }

    private void streamRows(
            ParamSpec spec, TensorSource src, String name, ByteBuffer stagingBytes, boolean checkFinite, RowSink sink) {
        FloatBuffer staging =
                stagingBytes.duplicate().order(ByteOrder.nativeOrder()).asFloatBuffer();
        long[] shape = spec.shape();
        long rows = shape.length == 0 ? 1 : shape[0];
        long rowLen = rows == 0 ? 0 : spec.numel() / rows;
        int rowsPerChunk = (int) Math.max(1, Math.min(rows, staging.capacity() / Math.max(1, rowLen)));
        if (rowLen * rowsPerChunk > staging.capacity()) {
            throw new SkillscopeException("parameter " + spec.name() + " has rows of " + rowLen
                    + " values, more than the " + staging.capacity() + "-value staging buffer");
        }
        long[] row = {0};
        staging.clear();
        long[] seen = {0};
        src.streamFloats(name, (values, count) -> {
            if (checkFinite) {
                int bad = Finite.firstNonFinite(values, 0, count);
                if (bad >= 0) {
                    throw new Finite.NonFiniteException(
                            Finite.describe(src.path() + ": tensor '" + name + "'", seen[0] + bad, values[bad], shape));
                }
                seen[0] += count;
            }
            int at = 0;
            while (at < count) {
                int room = (int) (rowsPerChunk * rowLen) - staging.position();
                int take = Math.min(room, count - at);
                staging.put(values, at, take);
                at += take;
                if (staging.position() == rowsPerChunk * rowLen) {
                    row[0] = flush(sink, stagingBytes, staging, row[0], rowLen, shape);
                }
            }
        });
        if (staging.position() > 0) {
            row[0] = flush(sink, stagingBytes, staging, row[0], rowLen, shape);
        }
        if (row[0] != rows) {
            throw new SkillscopeException(src.path() + ": tensor '" + name + "' gave " + row[0] * rowLen
                    + " values, expected " + spec.numel());
        }
    }

    /** Hands the staged whole rows to {@code sink} as rows {@code row..}; returns the next row. */
    private long flush(RowSink sink, ByteBuffer bytes, FloatBuffer staging, long row, long rowLen, long[] shape) {
        int n = staging.position();
        long k = rowLen == 0 ? 0 : n / rowLen;
        ByteBuffer view = bytes.duplicate();
        view.position(0).limit(n * Float.BYTES);
        view = view.slice().order(ByteOrder.nativeOrder());
        long[] part = shape.clone();
        if (part.length > 0) {
            part[0] = k;
        }
        try (NDArray chunk = manager.create(view, new Shape(part), DataType.FLOAT32)) { // [k, ...]
            sink.accept(row, chunk);
        }
        staging.clear();
        return row + Math.max(k, shape.length == 0 ? 1 : 0);
    }

    /** Fills a fresh parameter from a seeded generator according to its {@link ParamSpec.Init}. */
    static float[] init(ParamSpec spec, Random rng, int numLayers) {
        float[] d = new float[Math.toIntExact(spec.numel())];
        switch (spec.init()) {
            case ONES -> Arrays.fill(d, 1f);
            case ZEROS -> {}
            case NORMAL, NORMAL_RESIDUAL -> {
                double std = spec.init() == ParamSpec.Init.NORMAL ? 0.02 : 0.02 / Math.sqrt(2.0 * numLayers);
                for (int i = 0; i < d.length; i++) {
                    d[i] = (float) (rng.nextGaussian() * std);
                }
            }
            default -> throw new IllegalStateException();
        }
        return d;
    }

    /** The parameter's array (shared with the model: modify with care). */
    public NDArray get(String name) {
        NDArray a = params.get(name);
        if (a == null) {
            throw new SkillscopeException("no parameter named '" + name + "'; the model has " + params.size()
                    + " parameters, e.g. " + names().subList(0, Math.min(5, params.size())));
        }
        return a;
    }

    /** The parameter's spec (name, shape, init, and its layer, module kind and region). */
    public ParamSpec spec(String name) {
        get(name);
        return specs.get(name);
    }

    /** Whether a parameter exists. */
    public boolean contains(String name) {
        return params.containsKey(name);
    }

    /** Parameter names in the architecture's order. */
    public List<String> names() {
        return List.copyOf(params.keySet());
    }

    /** The specs in order. */
    public List<ParamSpec> specs() {
        return List.copyOf(specs.values());
    }

    /** Total number of weights. */
    public long numel() {
        long n = 0;
        for (ParamSpec s : specs.values()) {
            n += s.numel();
        }
        return n;
    }

    /** A copy of one parameter on the host. */
    public HostTensor read(String name) {
        NDArray a = get(name);
        return HostTensor.ofFloats(a.toFloatArray(), a.getShape().getShape());
    }

    /**
     * A content hash of the weights as they are now, so weights edited in place after loading are
     * reflected (unlike a hash of the folder): {@link Hashing#sha256(java.util.Collection,
     * java.util.function.Function)} over every parameter, the layout of {@link Hashing#sha256(
     * io.skillscope.core.checkpoint.TensorSource)} (sorted names, dtype {@code F32}, rank and dimensions,
     * little-endian bytes). Recorded as {@code model_sha256} in probe and unlearning results.
     *
     * @return 64 lowercase hex digits
     */
    public String sha256() {
        return Hashing.sha256Streamed(
                params.keySet(),
                n -> io.skillscope.core.checkpoint.DType.F32,
                n -> get(n).getShape().getShape(),
                this::streamBytes);
    }

    /**
     * Streams a parameter's float32 values as little-endian bytes, {@link #STAGING_FLOATS} values (whole
     * rows) at a time, so that hashing never copies a whole tensor to the host.
     */
    private void streamBytes(String name, java.util.function.Consumer<ByteBuffer> sink) {
        NDArray a = get(name);
        long[] shape = a.getShape().getShape();
        if (shape.length == 0 || a.size() <= STAGING_FLOATS) {
            sink.accept(a.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN));
            return;
        }
        long rowLen = a.size() / shape[0];
        long step = Math.max(1, STAGING_FLOATS / rowLen);
        for (long r = 0; r < shape[0]; r += step) {
            try (NDArray part = a.get(new NDIndex(r + ":" + Math.min(shape[0], r + step)))) { // [k, ...]
                sink.accept(part.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN));
            }
        }
    }

    /** Copies of every parameter on the host, in order. */
    public Map<String, HostTensor> readAll() {
        Map<String, HostTensor> out = new LinkedHashMap<>();
        for (String n : params.keySet()) {
            out.put(n, read(n));
        }
        return Collections.unmodifiableMap(out);
    }

    /**
     * Overwrites a parameter's values in place (same shape); components see the change at once. The values
     * go through one reused {@link #STAGING_FLOATS}-value direct buffer, whole rows at a time, into the
     * parameter's own storage: a {@code create(float[])} per call would leave a direct buffer of the whole
     * tensor to the garbage collector each time (a mask optimizer writes every included tensor several
     * times per step, and those buffers stayed resident until a collection).
     */
    public void write(String name, float[] values) {
        NDArray a = get(name);
        if (values.length != a.size()) {
            throw new SkillscopeException(
                    "parameter " + name + " has " + a.size() + " values " + a.getShape() + ", got " + values.length);
        }
        boolean tracked = a.hasGradient();
        if (tracked) {
            a.setRequiresGradient(false); // an in-place copy into a leaf that requires gradients is refused
        }
        try {
            long[] shape = a.getShape().getShape();
            long rows = shape.length == 0 ? 1 : shape[0];
            long rowLen = rows == 0 ? 0 : values.length / rows;
            if (rowLen > STAGING_FLOATS) {
                try (NDArray staged = manager.create(values, a.getShape())) { // rows longer than the staging buffer
                    a.set(new NDIndex("..."), staged);
                }
                return;
            }
            if (writeStaging == null) {
                writeStaging = newStaging();
            }
            int rowsPerChunk = (int) Math.max(1, Math.min(rows, STAGING_FLOATS / Math.max(1, rowLen)));
            for (long row = 0; row < rows; row += rowsPerChunk) {
                long k = Math.min(rowsPerChunk, rows - row);
                int from = (int) (row * rowLen);
                int count = (int) (k * rowLen);
                ByteBuffer bytes = writeStaging.duplicate().order(ByteOrder.nativeOrder());
                bytes.clear();
                bytes.asFloatBuffer().put(values, from, count);
                bytes.limit(count * Float.BYTES);
                long[] part = shape.clone();
                if (part.length > 0) {
                    part[0] = k;
                }
                try (NDArray chunk = manager.create(
                        bytes.slice().order(ByteOrder.nativeOrder()),
                        new Shape(part),
                        DataType.FLOAT32)) { // [k, ...], over the reused staging buffer
                    setRows(a, shape, row, chunk);
                }
            }
        } finally {
            if (tracked) {
                a.setRequiresGradient(true);
            }
        }
    }

    /**
     * The values in memory that PyTorch allocated and owns. DJL's {@code create(float[])} and
     * {@code set(float[])} hand PyTorch a Java direct buffer without copying, kept alive only by the DJL
     * wrapper and aligned however the Java allocator placed it; a clone lives exactly as long as the tensor
     * and sits in PyTorch's 64-byte aligned allocation, and {@link #write} copies into it.
     */
    private static NDArray owned(NDManager manager, float[] data, Shape shape) {
        try (NDArray staged = manager.create(data, shape)) {
            return staged.duplicate();
        }
    }

    NDManager manager() {
        return manager;
    }

    @Override
    public String toString() {
        return "ParameterStore[" + params.size() + " tensors, " + numel() + " weights]";
    }
}
