package io.skillscope.core.testing;

import io.skillscope.core.checkpoint.HostTensor;
import io.skillscope.core.checkpoint.SafetensorsWriter;
import io.skillscope.core.checkpoint.TensorSource;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/** Small safetensors checkpoints of 1-D float32 tensors, and the random vectors that fill them. */
public final class TinyCheckpoints {
    private TinyCheckpoints() {}

    /** Writes 1-D float32 tensors, in the map's order, as {@code folder/model.safetensors}; returns {@code folder}. */
    public static Path write(Path folder, Map<String, float[]> tensors) {
        Map<String, HostTensor> t = new LinkedHashMap<>();
        tensors.forEach((k, v) -> t.put(k, HostTensor.ofFloats(v, v.length)));
        SafetensorsWriter.write(folder.resolve("model.safetensors"), t);
        return folder;
    }

    /** The tensor {@code name} of the checkpoint in {@code folder}, as floats. */
    public static float[] read(Path folder, String name) {
        try (TensorSource s = TensorSource.open(folder)) {
            return s.readFloats(name);
        }
    }

    /** {@code n} floats uniform in [-scale/2, scale/2), drawn from {@code rng}. */
    public static float[] random(SplittableRandom rng, int n, double scale) {
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
            f[i] = (float) ((rng.nextDouble() - 0.5) * scale);
        }
        return f;
    }

    /** The element-wise sum {@code a + noise}, as a new array. */
    public static float[] plus(float[] a, float[] noise) {
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] + noise[i];
        }
        return out;
    }
}
