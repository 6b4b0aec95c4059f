package io.skillscope.unlearning;

import com.google.gson.JsonObject;
import io.skillscope.core.checkpoint.HostTensor;
import io.skillscope.core.checkpoint.TensorSource;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Key Space Detection artifact folder: {@code result.json} ({@code method} "ksd", {@code settings}
 * with the layer as one integer, see {@link LayerChoice#code()}, and {@code summary}, the detector's
 * {@link KeySpaceDetector#describe}) and {@code ksd.safetensors} (μ and σ, float64).
 *
 * <p>Folders written before a setting existed still load: without {@code site} the cube is the
 * feed-forward key {@code mlp.hook_post}; without {@code calibration} or {@code layer_search} the
 * detector has none.
 */
final class KsdArtifact {
    static final String TENSORS = "ksd.safetensors";

    private KsdArtifact() {}

    /** Writes {@code result.json} and {@code ksd.safetensors}. */
    static void save(KeySpaceDetector k, Path dir) {
        double[] mu = k.mu();
        double[] sigma = k.sigma();
        Map<String, HostTensor> t = new LinkedHashMap<>();
        t.put("mu", HostTensor.ofDoubles(mu, mu.length));
        t.put("sigma", HostTensor.ofDoubles(sigma, sigma.length));
        JsonObject o = new JsonObject();
        o.addProperty("method", k.method());
        o.add("settings", Artifacts.GSON.toJsonTree(k.settings()));
        o.add("summary", Artifacts.GSON.toJsonTree(k.describe()));
        Artifacts.write(dir, o, TENSORS, t);
    }

    /** Reads a folder written by {@link #save}. */
    static KeySpaceDetector load(Path dir) {
        JsonObject o = Artifacts.read(dir, "ksd");
        KeySpaceDetector.Settings s =
                Artifacts.GSON.fromJson(Artifacts.field(o, "settings", dir), KeySpaceDetector.Settings.class);
        JsonObject sum = Artifacts.field(o, "summary", dir).getAsJsonObject();
        KsdCalibration cal =
                sum.has("calibration") ? Artifacts.GSON.fromJson(sum.get("calibration"), KsdCalibration.class) : null;
        Map<String, String> inputs = new LinkedHashMap<>();
        sum.getAsJsonObject("inputs")
                .entrySet()
                .forEach(e -> inputs.put(e.getKey(), e.getValue().getAsString()));
        Map<String, Double> search = new LinkedHashMap<>();
        if (sum.has("layer_search")) {
            sum.getAsJsonObject("layer_search")
                    .entrySet()
                    .forEach(e -> search.put(e.getKey(), e.getValue().getAsDouble()));
        }
        try (TensorSource src = TensorSource.open(dir.resolve(TENSORS))) {
            KeySpaceCube cube = new KeySpaceCube(
                    sum.get("hook").getAsString(),
                    src.read("mu").toDoubles(),
                    src.read("sigma").toDoubles(),
                    sum.get("k_max").getAsDouble(),
                    sum.get("forget_vectors").getAsLong());
            return new KeySpaceDetector(cube, sum.get("h").getAsDouble(), s, cal, inputs, search);
        }
    }
}
