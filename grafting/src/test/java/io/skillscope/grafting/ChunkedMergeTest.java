package io.skillscope.grafting;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skillscope.core.checkpoint.DType;
import io.skillscope.core.checkpoint.HostTensor;
import io.skillscope.core.checkpoint.SafetensorsWriter;
import io.skillscope.core.checkpoint.TensorInfo;
import io.skillscope.core.checkpoint.TensorSource;
import io.skillscope.core.testing.TinyCheckpoints;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Merges of tensors larger than a chunk: the same bytes as the merge of whole tensors for every method,
 * chunk size and stored dtype (TIES's per-tensor threshold and DARE's drops included), and reads of at
 * most one chunk at a time.
 */
class ChunkedMergeTest {
    @TempDir
    Path tmp;

    private static final int N = 20_011;

    /** θ_pre and three fine-tunes with many equal |τ| at the trim threshold and exact zeros. */
    private static List<float[]> models(SplittableRandom rng, float[] pre) {
        List<float[]> models = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            float[] ft = TinyCheckpoints.plus(pre, TinyCheckpoints.random(rng, pre.length, 0.05));
            for (int i = t; i < pre.length; i += 7) {
                ft[i] = pre[i] + 0.25f;
            }
            for (int i = t + 3; i < pre.length; i += 5) {
                ft[i] = pre[i];
            }
            models.add(ft);
        }
        return models;
    }

    /** A checkpoint with "w" (float32, N entries), "e" (BF16, 61 x 97) and "h" (F16, 33). */
    private static Path write(Path folder, float[] w, float[] e, float[] h) {
        Map<String, HostTensor> t = new LinkedHashMap<>();
        t.put("w", HostTensor.ofFloats(w, w.length));
        t.put("e", HostTensor.ofFloats(e, 61, 97).asType(DType.BF16));
        t.put("h", HostTensor.ofFloats(h, h.length).asType(DType.F16));
        SafetensorsWriter.write(folder.resolve("model.safetensors"), t);
        return folder;
    }

    private static final List<MergeConfig> CONFIGS = List.of(
            MergeConfig.taskArithmetic(1.0),
            MergeConfig.taskArithmetic(0.7, 1.0, 0.5, 2.0),
            MergeConfig.ties(0.2, 1.0),
            MergeConfig.ties(0.9, 0.5).withWeights(1.0, -0.5, 2.0),
            MergeConfig.dare(0.3, 5, 1.0),
            MergeConfig.dareTies(0.5, 0.1, 9, 1.0));

    @Test
    void everyMethodWritesTheSameBytesInChunksAsWhole() throws IOException {
        SplittableRandom rng = new SplittableRandom(12);
        float[] pre = TinyCheckpoints.random(rng, N, 1.0);
        float[] preE = TinyCheckpoints.random(rng, 61 * 97, 1.0);
        float[] preH = TinyCheckpoints.random(rng, 33, 1.0);
        List<float[]> w = models(rng, pre);
        List<float[]> e = models(rng, preE);
        List<float[]> h = models(rng, preH);
        Path base = write(tmp.resolve("pre"), pre, preE, preH);
        List<Path> fts = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            fts.add(write(tmp.resolve("ft" + t), w.get(t), e.get(t), h.get(t)));
        }
        for (int c = 0; c < CONFIGS.size(); c++) {
            MergeConfig cfg = CONFIGS.get(c);
            int models =
                    cfg.method() == MergeMethod.TASK_ARITHMETIC && cfg.weights().isEmpty() ? 1 : 3;
            Path whole = merge(base, fts.subList(0, models), cfg, tmp.resolve("c" + c + "-whole"), Integer.MAX_VALUE);
            byte[] want = Files.readAllBytes(whole.resolve("model.safetensors"));
            for (int chunk : new int[] {1, 7, 333, 4096}) {
                Path out = merge(base, fts.subList(0, models), cfg, tmp.resolve("c" + c + "-" + chunk), chunk);
                byte[] got = Files.readAllBytes(out.resolve("model.safetensors"));
                assertArrayEquals(want, got, cfg + " in chunks of " + chunk);
            }
            // and the whole-tensor merge is the array reference of MergeTest on the float32 tensor
            if (models == 3) {
                float[] ref = MergeTest.reference(pre, w, cfg, "w");
                float[] got = TinyCheckpoints.read(whole, "w");
                for (int i = 0; i < N; i++) {
                    assertEquals(Float.floatToIntBits(ref[i]), Float.floatToIntBits(got[i]), cfg + " entry " + i);
                }
            }
        }
    }

    @Test
    void aTiesMergeChangesAboutTheDensityOfEachTensorAcrossChunks() {
        SplittableRandom rng = new SplittableRandom(5);
        float[] pre = TinyCheckpoints.random(rng, N, 1.0);
        float[] ft = TinyCheckpoints.plus(pre, TinyCheckpoints.random(rng, N, 0.1));
        Path base = TinyCheckpoints.write(tmp.resolve("p"), Map.of("w", pre));
        Path f = TinyCheckpoints.write(tmp.resolve("f"), Map.of("w", ft));
        Path out = merge(base, List.of(f), MergeConfig.ties(0.25, 1.0), tmp.resolve("o"), 1000);
        float[] got = TinyCheckpoints.read(out, "w");
        int changed = 0;
        for (int i = 0; i < N; i++) {
            if (got[i] != pre[i]) {
                changed++;
                assertEquals(ft[i], got[i], 1e-6f, "a kept entry is θ_ft, entry " + i);
            }
        }
        // k = ⌈0.25 · 20,011⌉ = 5,003 entries of the whole tensor, not 250 per chunk of 1,000 each
        assertEquals(5003, changed);
    }

    @Test
    void aMergeReadsAtMostOneChunkAtATime() {
        SplittableRandom rng = new SplittableRandom(8);
        float[] pre = TinyCheckpoints.random(rng, N, 1.0);
        List<float[]> w = models(rng, pre);
        Path base = TinyCheckpoints.write(tmp.resolve("p"), Map.of("w", pre, "b", new float[] {1, 2, 3}));
        List<Path> fts = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            fts.add(TinyCheckpoints.write(tmp.resolve("f" + t), Map.of("w", w.get(t), "b", new float[] {3, 2, 1})));
        }
        for (MergeConfig cfg : CONFIGS) {
            List<Recording> in = new ArrayList<>();
            try {
                Recording p = new Recording(TensorSource.open(base));
                for (Path f : fts) {
                    in.add(new Recording(TensorSource.open(f)));
                }
                Merger.merge(p, List.copyOf(in), cfg, tmp.resolve("out-" + cfg.method() + cfg.weights()), 500);
                in.add(p);
            } finally {
                in.forEach(Recording::close);
            }
            for (Recording r : in) {
                assertTrue(r.largest > 0 && r.largest <= 500, cfg + ": read " + r.largest + " floats at once");
            }
        }
    }

    @Test
    void gatheringTheLastCandidatesFindsTheRadixThresholdAndCount() {
        SplittableRandom rng = new SplittableRandom(3);
        double[] v = new double[5001];
        for (int i = 0; i < v.length; i++) {
            v[i] = i % 11 == 0
                    ? 0.125
                    : i % 13 == 0 ? -0.0 : (rng.nextDouble() - 0.5) * Math.pow(10, rng.nextInt(-8, 8));
        }
        for (int k : new int[] {1, 2, 17, 455, 500, 2500, 4999, 5000, 5001}) {
            double want = MergeMath.kthLargestAbs(i -> v[i], v.length, k);
            long above = 0;
            for (double x : v) {
                above += Math.abs(x) > want ? 1 : 0;
            }
            for (int gather : new int[] {0, 1, 10, 300, 5001}) {
                for (int chunk : new int[] {1, 64, 5001}) {
                    MergeMath.Threshold t = MergeMath.kthLargestAbs(chunked(v, chunk), v.length, k, gather);
                    assertEquals(want, t.value(), "k=" + k + " gather=" + gather + " chunk=" + chunk);
                    assertEquals(above, t.above(), "k=" + k + " gather=" + gather + " chunk=" + chunk);
                }
            }
        }
    }

    @Test
    void dareDrawsInChunksAreTheWholeTensorsPattern() {
        // the pattern dareKeep drew before it was built on DareDraws
        java.util.SplittableRandom rng =
                new java.util.SplittableRandom(7 * 0x9E3779B97F4A7C15L + 2 * 0xBF58476D1CE4E5B9L + "w".hashCode());
        BitSet before = new BitSet();
        for (int i = 0; i < 10_000; i++) {
            if (rng.nextDouble() < 0.3) {
                before.set(i);
            }
        }
        assertEquals(before, MergeMath.dareKeep(7, 2, "w", 10_000, 0.3));
        MergeMath.DareDraws draws = new MergeMath.DareDraws(7, 2, "w", 0.3);
        boolean[] chunk = new boolean[333];
        for (int pass = 0; pass < 2; pass++) {
            draws.restart();
            for (int from = 0; from < 10_000; from += 333) {
                int n = Math.min(333, 10_000 - from);
                draws.next(chunk, n);
                for (int i = 0; i < n; i++) {
                    assertEquals(before.get(from + i), chunk[i], "pass " + pass + " entry " + (from + i));
                }
            }
        }
    }

    private static MergeMath.Entries chunked(double[] v, int chunk) {
        return sink -> {
            double[] buf = new double[chunk];
            for (int from = 0; from < v.length; from += chunk) {
                int n = Math.min(chunk, v.length - from);
                System.arraycopy(v, from, buf, 0, n);
                sink.accept(buf, n);
            }
        };
    }

    private static Path merge(Path base, List<Path> models, MergeConfig cfg, Path out, int chunk) {
        List<TensorSource> in = new ArrayList<>();
        try (TensorSource p = TensorSource.open(base)) {
            for (Path m : models) {
                in.add(TensorSource.open(m));
            }
            return Merger.merge(p, in, cfg, out, chunk);
        } finally {
            in.forEach(TensorSource::close);
        }
    }

    /** A source that records the most float32 values read in one call (a whole-tensor read counts its size). */
    private static final class Recording implements TensorSource {
        private final TensorSource inner;
        long largest;

        Recording(TensorSource inner) {
            this.inner = inner;
        }

        @Override
        public SortedSet<String> names() {
            return inner.names();
        }

        @Override
        public TensorInfo info(String name) {
            return inner.info(name);
        }

        @Override
        public void streamBytes(String name, long first, long count, Consumer<ByteBuffer> sink) {
            inner.streamBytes(name, first, count, sink);
        }

        @Override
        public float[] readFloats(String name) {
            largest = Math.max(largest, info(name).numel());
            return inner.readFloats(name);
        }

        @Override
        public void readFloats(String name, long first, float[] dst, int count) {
            largest = Math.max(largest, count);
            inner.readFloats(name, first, dst, count);
        }

        @Override
        public HostTensor read(String name) {
            largest = Math.max(largest, info(name).numel());
            return inner.read(name);
        }

        @Override
        public Map<String, String> metadata() {
            return inner.metadata();
        }

        @Override
        public Path path() {
            return inner.path();
        }

        @Override
        public void close() {
            inner.close();
        }
    }
}
