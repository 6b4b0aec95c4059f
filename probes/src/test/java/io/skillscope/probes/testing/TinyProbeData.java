package io.skillscope.probes.testing;

import io.skillscope.probes.ProbeDataset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Random token rows for tests, as probe datasets over the ids of the standard character tokenizer (so
 * they are valid for {@code TinyModels.charLlama}). Each is a pure function of its arguments.
 */
public final class TinyProbeData {
    private TinyProbeData() {}

    /** {@code n} rows of random ids 4..98, of lengths 3..{@code maxLen}, each with a prompt length in [1, len). */
    public static ProbeDataset rows(String name, int n, int maxLen, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<ProbeDataset.Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int len = 3 + rng.nextInt(maxLen - 2);
            int[] t = new int[len];
            for (int j = 0; j < len; j++) {
                t[j] = 4 + rng.nextInt(95);
            }
            rows.add(new ProbeDataset.Row(t, 1 + rng.nextInt(len - 1)));
        }
        return ProbeDataset.of(name, rows);
    }

    /**
     * {@code n} rows of lengths 4..8: bos (id 1), then random ids in [{@code lo}, {@code hi}); the prompt
     * is all but the last two ids, the answer those two.
     */
    public static ProbeDataset bosRows(String name, int n, int lo, int hi, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<ProbeDataset.Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int len = 4 + rng.nextInt(5);
            int[] t = new int[len];
            t[0] = 1; // bos
            for (int j = 1; j < len; j++) {
                t[j] = lo + rng.nextInt(hi - lo);
            }
            rows.add(new ProbeDataset.Row(t, len - 2));
        }
        return ProbeDataset.of(name, rows);
    }
}
