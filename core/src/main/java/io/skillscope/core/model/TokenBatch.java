package io.skillscope.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.List;

/**
 * A padded batch of token ids with its mask, on the host: {@code ids[B][T]}, {@code mask[B][T]} (true for
 * a real token). Right padding keeps each row's positions at 0..len-1 and suits forward passes and
 * training; left padding lines up the last prompt token of every row and suits generation. Positions
 * are counted over real tokens only, so both paddings give identical results per row.
 */
public final class TokenBatch {
    private final int batch;
    private final int length;
    private final int[] ids; // [B*T]
    private final boolean[] mask; // [B*T]

    private TokenBatch(int batch, int length, int[] ids, boolean[] mask) {
        this.batch = batch;
        this.length = length;
        this.ids = ids;
        this.mask = mask;
    }

    /** One unpadded sequence. */
    public static TokenBatch of(int... ids) {
        return rightPadded(List.of(ids), 0);
    }

    /** Sequences padded on the right with {@code padId}. */
    public static TokenBatch rightPadded(List<int[]> seqs, int padId) {
        return padded(seqs, padId, false);
    }

    /** Sequences padded on the left with {@code padId}, so every row ends at the last column. */
    public static TokenBatch leftPadded(List<int[]> seqs, int padId) {
        return padded(seqs, padId, true);
    }

    /**
     * A batch from explicit ids and mask, both {@code [B][T]}.
     *
     * @throws IllegalArgumentException if rows differ in length
     */
    public static TokenBatch of(int[][] ids, boolean[][] mask) {
        int b = ids.length;
        int t = b == 0 ? 0 : ids[0].length;
        int[] flat = new int[b * t];
        boolean[] m = new boolean[b * t];
        for (int i = 0; i < b; i++) {
            if (ids[i].length != t || mask[i].length != t) {
                throw new IllegalArgumentException("row " + i + " has length " + ids[i].length + ", expected " + t);
            }
            System.arraycopy(ids[i], 0, flat, i * t, t);
            System.arraycopy(mask[i], 0, m, i * t, t);
        }
        return new TokenBatch(b, t, flat, m);
    }

    private static TokenBatch padded(List<int[]> seqs, int padId, boolean left) {
        if (seqs.isEmpty()) {
            throw new IllegalArgumentException("empty batch");
        }
        int t = 0;
        for (int[] s : seqs) {
            if (s.length == 0) {
                throw new IllegalArgumentException("empty sequence in batch");
            }
            t = Math.max(t, s.length);
        }
        int b = seqs.size();
        int[] flat = new int[b * t];
        boolean[] m = new boolean[b * t];
        Arrays.fill(flat, padId);
        for (int i = 0; i < b; i++) {
            int[] s = seqs.get(i);
            int off = left ? t - s.length : 0;
            for (int j = 0; j < s.length; j++) {
                flat[i * t + off + j] = s[j];
                m[i * t + off + j] = true;
            }
        }
        return new TokenBatch(b, t, flat, m);
    }

    public int batchSize() {
        return batch;
    }

    public int length() {
        return length;
    }

    /** Token id at row {@code b}, column {@code t}. */
    public int id(int b, int t) {
        return ids[b * length + t];
    }

    /** Whether row {@code b}, column {@code t} is a real token. */
    public boolean valid(int b, int t) {
        return mask[b * length + t];
    }

    /** Number of real tokens in row {@code b}. */
    public int validCount(int b) {
        int n = 0;
        for (int t = 0; t < length; t++) {
            n += mask[b * length + t] ? 1 : 0;
        }
        return n;
    }

    /** Column of the last real token of row {@code b}, or -1 for an all-padding row. */
    public int lastValid(int b) {
        for (int t = length - 1; t >= 0; t--) {
            if (mask[b * length + t]) {
                return t;
            }
        }
        return -1;
    }

    /** The real tokens of row {@code b}, without padding. */
    public int[] row(int b) {
        int[] out = new int[validCount(b)];
        int k = 0;
        for (int t = 0; t < length; t++) {
            if (mask[b * length + t]) {
                out[k++] = ids[b * length + t];
            }
        }
        return out;
    }

    /** The ids as an int64 array {@code [B, T]}. */
    public NDArray idsArray(NDManager manager) {
        long[] l = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            l[i] = ids[i];
        }
        return manager.create(l, new Shape(batch, length));
    }

    /**
     * Position of every column, counting real tokens only, starting at {@code offsets[b]}; padding gets
     * position 0.
     */
    public int[] positions(int[] offsets) {
        int[] pos = new int[ids.length];
        for (int b = 0; b < batch; b++) {
            int p = offsets == null ? 0 : offsets[b];
            for (int t = 0; t < length; t++) {
                if (mask[b * length + t]) {
                    pos[b * length + t] = p++;
                }
            }
        }
        return pos;
    }

    @Override
    public String toString() {
        return "TokenBatch[B=" + batch + ", T=" + length + "]";
    }
}
