package io.skillscope.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/**
 * Keys and values of the tokens seen so far, per layer ({@code [B, K, T_past, D]}, after rotary
 * embedding), so that each generated token costs one position instead of the whole sequence. Owns its
 * own manager; close it when generation ends.
 *
 * <p>Each layer's keys and values live in one buffer {@code [B, K, C, D]} of capacity C, written in place
 * at positions {@code [T_past, T_past + T)}; a pass reads a view of the first {@code T_past + T}
 * positions. The capacity is the length the caller declares ({@link Transformer#newCache(NDManager, int,
 * int)}: prompt plus new tokens) and doubles when a pass would pass it, so a sequence of n tokens
 * allocates O(n) bytes in O(log n) buffers. (Concatenating a new {@code [B, K, T_past + 1, D]} array at
 * every token allocated Θ(n²) bytes over a generation, and the allocator's fragments of those
 * ever-growing blocks made the resident set grow quadratically: 3.2 GB after 1,200 tokens of a 6.5 MB
 * model.) The padding mask of the cached keys is kept the same way.
 */
public final class KvCache implements AutoCloseable {
    /** Capacity of a cache created without a declared length. */
    static final int DEFAULT_CAPACITY = 64;

    private final NDManager manager;
    private final NDArray[] keys; // [B, K, C, D] per layer, null until the first pass
    private final NDArray[] values; // [B, K, C, D]
    private final int batch;
    private int capacity;
    private boolean[][] keyValid; // [B][C]
    private int pastLength;
    private final int[] validCounts;

    KvCache(NDManager parent, int numLayers, int batch, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("cache capacity must be >= 1, got " + capacity);
        }
        this.manager = parent.newSubManager();
        this.keys = new NDArray[numLayers];
        this.values = new NDArray[numLayers];
        this.batch = batch;
        this.capacity = capacity;
        this.keyValid = new boolean[batch][capacity];
        this.validCounts = new int[batch];
    }

    /** Number of positions cached. */
    public int length() {
        return pastLength;
    }

    /** Rows in the batch. */
    public int batchSize() {
        return batch;
    }

    /** Positions the buffers hold before they next grow. */
    public int capacity() {
        return capacity;
    }

    /** Native bytes of the key and value buffers (0 before the first pass). */
    public long nativeBytes() {
        long n = 0;
        for (int l = 0; l < keys.length; l++) {
            if (keys[l] != null) {
                n += (keys[l].size() + values[l].size()) * keys[l].getDataType().getNumOfBytes();
            }
        }
        return n;
    }

    int[] validCounts() {
        return validCounts.clone();
    }

    boolean keyValid(int b, int j) {
        return keyValid[b][j];
    }

    /**
     * Writes this pass's keys and values {@code [B, K, T, D]} after the cached ones; returns views of the
     * full {@code [B, K, T_past+T, D]}, owned by {@code k}'s manager (the pass's), so they close with it.
     */
    NDArray[] append(int layer, NDArray k, NDArray v) {
        long t = k.getShape().get(2);
        int needed = Math.toIntExact(pastLength + t);
        if (needed > capacity) {
            grow(needed);
        }
        if (keys[layer] == null) {
            Shape s = k.getShape();
            Shape full = new Shape(s.get(0), s.get(1), capacity, s.get(3)); // [B, K, C, D]
            keys[layer] = manager.zeros(full, k.getDataType(), k.getDevice());
            values[layer] = manager.zeros(full, v.getDataType(), v.getDevice());
        }
        NDIndex fresh = new NDIndex(":, :, {}:{}", pastLength, needed);
        keys[layer].set(fresh, k); // in place: [B, K, Tp:Tp+T, D]
        values[layer].set(fresh, v);
        NDIndex seen = new NDIndex(":, :, :{}", needed);
        NDArray kv = keys[layer].get(seen); // [B, K, Tp+T, D]
        NDArray vv = values[layer].get(seen); // [B, K, Tp+T, D]
        kv.attach(k.getManager());
        vv.attach(k.getManager());
        return new NDArray[] {kv, vv};
    }

    /** Grows every layer's buffers to at least {@code needed} positions (doubling), keeping what is cached. */
    private void grow(int needed) {
        int grown = (int) Math.min(Integer.MAX_VALUE - 8, Math.max((long) needed, 2L * capacity));
        NDIndex kept = new NDIndex(":, :, :{}", pastLength);
        for (int l = 0; l < keys.length; l++) {
            if (keys[l] == null) {
                continue;
            }
            keys[l] = regrown(keys[l], grown, kept);
            values[l] = regrown(values[l], grown, kept);
        }
        for (int b = 0; b < batch; b++) {
            keyValid[b] = Arrays.copyOf(keyValid[b], grown);
        }
        capacity = grown;
    }

    private NDArray regrown(NDArray old, int grown, NDIndex kept) {
        Shape s = old.getShape();
        NDArray bigger = manager.zeros(
                new Shape(s.get(0), s.get(1), grown, s.get(3)), old.getDataType(), old.getDevice()); // [B, K, C', D]
        if (pastLength > 0) {
            NDArray cached = old.get(kept); // [B, K, Tp, D]
            bigger.set(kept, cached);
            cached.close();
        }
        old.close();
        return bigger;
    }

    /** Records the mask of the pass that was just appended. */
    void commit(TokenBatch tokens) {
        if (tokens.batchSize() != batch) {
            throw new IllegalArgumentException("cache holds " + batch + " rows, pass has " + tokens.batchSize());
        }
        int t = tokens.length();
        if (pastLength + t > capacity) {
            grow(pastLength + t); // a pass that appended nothing (no layers) still records its mask
        }
        for (int b = 0; b < batch; b++) {
            for (int j = 0; j < t; j++) {
                keyValid[b][pastLength + j] = tokens.valid(b, j);
                validCounts[b] += tokens.valid(b, j) ? 1 : 0;
            }
        }
        pastLength += t;
    }

    @Override
    public void close() {
        manager.close();
    }
}
