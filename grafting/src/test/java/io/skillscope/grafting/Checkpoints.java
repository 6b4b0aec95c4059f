package io.skillscope.grafting;

import io.skillscope.core.checkpoint.HostTensor;
import io.skillscope.core.checkpoint.SafetensorsWriter;
import io.skillscope.core.checkpoint.TensorSource;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/** Small checkpoints for tests. */
final class Checkpoints {
    private Checkpoints() {}

    /** Writes 1-D float32 tensors as {@code folder/model.safetensors}. */
    static Path write(Path folder, Map<String, float[]> tensors) {
        Map<String, HostTensor> t = new LinkedHashMap<>();
        tensors.forEach((k, v) -> t.put(k, HostTensor.ofFloats(v, v.length)));
        SafetensorsWriter.write(folder.resolve("model.safetensors"), t);
        return folder;
    }

    static float[] read(Path folder, String name) {
        try (TensorSource s = TensorSource.open(folder)) {
            return s.readFloats(name);
        }
    }

    static float[] random(SplittableRandom rng, int n, double scale) {
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
            f[i] = (float) ((rng.nextDouble() - 0.5) * scale);
        }
        return f;
    }

    static float[] plus(float[] a, float[] noise) {
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] + noise[i];
        }
        return out;
    }
}
