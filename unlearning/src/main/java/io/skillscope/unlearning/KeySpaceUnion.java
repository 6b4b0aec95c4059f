package io.skillscope.unlearning;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.skillscope.core.SkillscopeException;
import io.skillscope.core.model.Transformer;
import io.skillscope.probes.ProbeDataset;
import io.skillscope.probes.TokenCodec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Key Space Detection with one hypercube per forget skill: a query is detected when its key lies inside
 * any of the cubes. An extension of Li, Sun and Weng (NAACL 2025), whose forget sets are
 * single tasks, for forget sets made of several skills (say {@code add+sub+mul}).
 *
 * <p>Each cube c is fitted as {@link KsdFit#fit} fits one, on the prompts of its own skill:
 * μ_c, σ_c, k_max,c. A key x scores s(x) = min_c max_i |x_i − μ_c,i| / (σ_c,i · k_max,c), and the query
 * is detected when s ≤ h at the checked positions, with one tolerance h for every cube, calibrated on
 * held-out forget and retain queries exactly as for a single cube ({@link KsdCalibration#choose}).
 *
 * <p>Why: a single box over a mixture of skills spans the space between their clusters (σ includes the
 * between-skill spread), and other skills' keys fall into that space. On the skill lab, forgetting
 * arithmetic, the single last-layer box holds 59% of the arithmetic dev queries before two string
 * skills pass 3%; per-skill boxes hold about 75% at the same bound (unlearning/BENCHMARK.md).
 */
public final class KeySpaceUnion implements Unlearner {
    private final List<String> names;
    private final List<KeySpaceDetector> cubes;
    private final double h;
    private final KsdCalibration calibration;

    private KeySpaceUnion(List<String> names, List<KeySpaceDetector> cubes, double h, KsdCalibration calibration) {
        if (names.size() != cubes.size() || cubes.isEmpty()) {
            throw new SkillscopeException("a key-space union needs one name per cube and at least one cube, got "
                    + names.size() + " names and " + cubes.size() + " cubes");
        }
        this.names = List.copyOf(names);
        List<KeySpaceDetector> at = new ArrayList<>();
        for (KeySpaceDetector c : cubes) {
            at.add(c.withH(h));
        }
        this.cubes = List.copyOf(at);
        this.h = h;
        this.calibration = calibration;
    }

    /**
     * One cube per named forget set, each fitted on its prompts at the layer of {@code s} (a fixed block
     * or the last; not {@link LayerChoice.ChosenOnDev}), h = 1 until {@link #calibrate}d.
     */
    public static KeySpaceUnion fit(
            Transformer model, Map<String, ProbeDataset> forgetBySkill, KeySpaceDetector.Settings s) {
        return fit(model, forgetBySkill, s, io.skillscope.probes.PositionMode.LAST_PROMPT_TOKEN);
    }

    /** {@link #fit(Transformer, Map, KeySpaceDetector.Settings)} on the keys at the given positions ({@link KsdFitOn}). */
    public static KeySpaceUnion fit(
            Transformer model,
            Map<String, ProbeDataset> forgetBySkill,
            KeySpaceDetector.Settings s,
            io.skillscope.probes.PositionMode positions) {
        if (s.layer() instanceof LayerChoice.ChosenOnDev) {
            throw new SkillscopeException(
                    "per-skill Key Space Detection reads one layer; give a block index or -1, not auto");
        }
        if (forgetBySkill.isEmpty()) {
            throw new SkillscopeException("per-skill Key Space Detection needs at least one forget skill");
        }
        List<String> names = new ArrayList<>();
        List<KeySpaceDetector> cubes = new ArrayList<>();
        forgetBySkill.forEach((name, data) -> {
            names.add(name);
            cubes.add(KsdFit.fit(model, data, s, positions));
        });
        return new KeySpaceUnion(names, cubes, 1.0, null);
    }

    /**
     * Calibrates the shared h on held-out prompts: each prompt's score is the smallest over the cubes
     * (one generation pass reads every cube), then {@link KsdCalibration#choose} with the cubes' bound on
     * retain detection.
     */
    public KeySpaceUnion calibrate(
            Transformer model,
            TokenCodec codec,
            List<String> forgetPrompts,
            Map<String, List<String>> retainPrompts,
            int maxNewTokens) {
        List<String> all = new ArrayList<>(forgetPrompts);
        retainPrompts.values().forEach(all::addAll);
        double[] score = minScores(DetectionPass.run(
                model, codec, cubes, all, maxNewTokens, settings().batchSize()));
        KsdCalibration c = KsdCalibration.choose(
                score, forgetPrompts.size(), retainPrompts, settings().maxRetainDetection());
        return new KeySpaceUnion(names, cubes, c.h(), c);
    }

    private static double[] minScores(List<KeySpaceDetector.Detections> dets) {
        double[] out = dets.get(0).scores().clone();
        for (KeySpaceDetector.Detections d : dets) {
            for (int i = 0; i < out.length; i++) {
                out[i] = Math.min(out[i], d.scores()[i]);
            }
        }
        return out;
    }

    /** The same cubes with another tolerance. */
    public KeySpaceUnion withH(double newH) {
        return new KeySpaceUnion(names, cubes, newH, calibration);
    }

    /**
     * Greedy generation with every cube reading the key; a query detected by any cube (at prefill, or
     * at a generated token when the settings check decoding) is answered with the refusal.
     */
    public KeySpaceDetector.Detections detect(
            Transformer model, TokenCodec codec, List<String> prompts, int maxNewTokens, int batchSize) {
        List<KeySpaceDetector.Detections> dets =
                DetectionPass.run(model, codec, cubes, prompts, maxNewTokens, batchSize);
        int n = prompts.size();
        List<Answer> answers = new ArrayList<>(n);
        int[] first = new int[n];
        for (int i = 0; i < n; i++) {
            first[i] = -1;
            Answer a = dets.get(0).answers().get(i);
            for (KeySpaceDetector.Detections d : dets) {
                int at = d.detectedAt()[i];
                if (at >= 0) {
                    first[i] = first[i] < 0 ? at : Math.min(first[i], at);
                    a = d.answers().get(i); // the refusal
                }
            }
            answers.add(a);
        }
        return new KeySpaceDetector.Detections(answers, minScores(dets), first);
    }

    @Override
    public List<Answer> answer(
            Transformer model, TokenCodec codec, List<String> prompts, int maxNewTokens, int batchSize) {
        return detect(model, codec, prompts, maxNewTokens, batchSize).answers();
    }

    @Override
    public String method() {
        return "ksd-per-skill";
    }

    /** The forget skills, one per cube, in order. */
    public List<String> names() {
        return names;
    }

    /** The cubes, each at the shared tolerance. */
    public List<KeySpaceDetector> cubes() {
        return cubes;
    }

    public double h() {
        return h;
    }

    /** The calibration that set h, or null. */
    public KsdCalibration calibration() {
        return calibration;
    }

    private KeySpaceDetector.Settings settings() {
        return cubes.get(0).settings();
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("hook", cubes.get(0).hook());
        d.put("h", h);
        d.put("check_decode", settings().checkDecode());
        d.put("max_retain_detection", settings().maxRetainDetection());
        List<Map<String, Object>> list = new ArrayList<>();
        for (int i = 0; i < cubes.size(); i++) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("skill", names.get(i));
            c.put("k_max", cubes.get(i).kMax());
            c.put("folder", folder(i));
            list.add(c);
        }
        d.put("cubes", list);
        if (calibration != null) {
            d.put("calibration", calibration);
        }
        return d;
    }

    private String folder(int i) {
        return String.format("cube-%02d", i);
    }

    /** Writes {@code result.json} and one {@link KeySpaceDetector} folder per cube ({@code cube-00}, ...). */
    @Override
    public void save(Path dir) {
        for (int i = 0; i < cubes.size(); i++) {
            cubes.get(i).save(dir.resolve(folder(i)));
        }
        JsonObject o = new JsonObject();
        o.addProperty("method", method());
        o.add("summary", Artifacts.GSON.toJsonTree(describe()));
        Artifacts.write(dir, o, null, Map.of());
    }

    /** Reads a folder written by {@link #save}. */
    public static KeySpaceUnion load(Path dir) {
        JsonObject o = Artifacts.read(dir, "ksd-per-skill");
        JsonObject sum = Artifacts.field(o, "summary", dir).getAsJsonObject();
        JsonArray list = Artifacts.field(sum, "cubes", dir).getAsJsonArray();
        List<String> names = new ArrayList<>();
        List<KeySpaceDetector> cubes = new ArrayList<>();
        for (JsonElement e : list) {
            JsonObject c = e.getAsJsonObject();
            names.add(c.get("skill").getAsString());
            cubes.add(KeySpaceDetector.load(dir.resolve(c.get("folder").getAsString())));
        }
        KsdCalibration cal = sum.has("calibration") && !sum.get("calibration").isJsonNull()
                ? Artifacts.GSON.fromJson(sum.get("calibration"), KsdCalibration.class)
                : null;
        return new KeySpaceUnion(names, cubes, Artifacts.field(sum, "h", dir).getAsDouble(), cal);
    }

    @Override
    public String toString() {
        return String.format(
                "KeySpaceUnion[%d cubes %s at %s, h=%.4g%s]",
                cubes.size(),
                names,
                cubes.get(0).label(),
                h,
                calibration == null
                        ? ", uncalibrated"
                        : ", forget detected " + String.format("%.2f", calibration.forgetDetection()));
    }
}
