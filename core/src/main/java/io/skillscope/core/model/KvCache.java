package io.skillscope.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Arrays;

/**
 * Keys and values of the tokens seen so far, per layer ({@code [B, K, T_past, D]}, after rotary
 * embedding), so that each generated token costs one position instead of the whole sequence. Owns its
 * own manager; close it when generation ends.
 */
public final class KvCache implements AutoCloseable {
    private final NDManager manager;
    private final NDArray[] keys;
    private final NDArray[] values;
    private final int batch;
    private boolean[][] keyValid; // [B][T_past]
    private int pastLength;
    private final int[] validCounts;

    KvCache(NDManager parent, int numLayers, int batch) {
        this.manager = parent.newSubManager();
        this.keys = new NDArray[numLayers];
        this.values = new NDArray[numLayers];
        this.batch = batch;
        this.keyValid = new boolean[batch][0];
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

    int[] validCounts() {
        return validCounts.clone();
    }

    boolean keyValid(int b, int j) {
        return keyValid[b][j];
    }

    /** Appends this pass's keys and values {@code [B, K, T, D]}; returns the full {@code [B, K, T_past+T, D]}. */
    NDArray[] append(int layer, NDArray k, NDArray v) {
        if (keys[layer] == null) {
            k.attach(manager);
            v.attach(manager);
            keys[layer] = k;
            values[layer] = v;
        } else {
            NDArray nk = keys[layer].concat(k, 2); // [B, K, Tp+T, D], owned by the cache
            NDArray nv = values[layer].concat(v, 2);
            keys[layer].close();
            values[layer].close();
            keys[layer] = nk;
            values[layer] = nv;
        }
        return new NDArray[] {keys[layer], values[layer]};
    }

    /** Records the mask of the pass that was just appended. */
    void commit(TokenBatch tokens) {
        if (tokens.batchSize() != batch) {
            throw new IllegalArgumentException("cache holds " + batch + " rows, pass has " + tokens.batchSize());
        }
        int t = tokens.length();
        for (int b = 0; b < batch; b++) {
            boolean[] grown = Arrays.copyOf(keyValid[b], pastLength + t);
            for (int j = 0; j < t; j++) {
                grown[pastLength + j] = tokens.valid(b, j);
                validCounts[b] += tokens.valid(b, j) ? 1 : 0;
            }
            keyValid[b] = grown;
        }
        pastLength += t;
    }

    @Override
    public void close() {
        manager.close();
    }
}
