package io.skillscope.unlearning;

import io.skillscope.core.PassProgress;
import io.skillscope.core.model.Transformer;
import io.skillscope.datasets.Example;
import io.skillscope.probes.ProbeDataset;
import io.skillscope.probes.TokenCodec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The few calls a command line or a notebook needs.
 *
 * <pre>{@code
 * TokenCodec codec = TokenCodec.of(CharTokenizer.standard());
 * UnlearningData data = UnlearningData.parse("add+sub+mul", "rev,sort,dup", SkillSuite.standard(),
 *         new SplitSizes(200, 100, 100), 0);
 * UnlearningReport r = Unlearning.run(model, codec, data, KsdOptions.defaults());
 * r.save(Path.of("out/ksd"));
 * String table = r.table().printAll(); // before and after accuracy and detection per set
 * }</pre>
 */
public final class Unlearning {
    private Unlearning() {}

    /** The methods. */
    public enum Method {
        /** Neuron Adjust. */
        NA,
        /** Key Space Detection. */
        KSD,
        /** Selective Pruning. */
        PRUNE;

        /** Parses {@code na}, {@code ksd}, {@code prune} (any case). */
        public static Method parse(String s) {
            try {
                return valueOf(s.trim().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown unlearning method '" + s + "'; use na, ksd or prune");
            }
        }
    }

    /**
     * The options of one method; their type picks the method: {@link NeuronAdjust.Settings},
     * {@link SelectivePruning.Settings} or {@link KsdOptions}.
     */
    public sealed interface Options permits NeuronAdjust.Settings, SelectivePruning.Settings, KsdOptions {
        /** Rows per probe pass and prompts per generation batch (fitting and evaluation). */
        int batchSize();
    }

    /** Neuron Adjust fitted on forget and retain examples (prompt + answer tokens). */
    public static NeuronAdjust neuronAdjust(
            Transformer model, TokenCodec codec, List<Example> forget, List<Example> retain, NeuronAdjust.Settings s) {
        return NeuronAdjust.fit(
                model,
                ProbeDataset.fromExamples("forget", forget, codec, s.withAnswers()),
                ProbeDataset.fromExamples("retain", retain, codec, s.withAnswers()),
                s);
    }

    /** Selective Pruning fitted on forget and retain examples (prompt + answer tokens). */
    public static SelectivePruning selectivePruning(
            Transformer model,
            TokenCodec codec,
            List<Example> forget,
            List<Example> retain,
            SelectivePruning.Settings s) {
        return SelectivePruning.fit(
                model,
                ProbeDataset.fromExamples("forget", forget, codec, true),
                ProbeDataset.fromExamples("retain", retain, codec, true),
                s);
    }

    /**
     * Key Space Detection: the cube from the forget set's training prompts, h calibrated on the dev
     * prompts of the forget set and of every retain set (with {@link LayerChoice.ChosenOnDev}: a cube per
     * block and check, all calibrated in one generation pass, the best objective kept).
     */
    public static KeySpaceDetector keySpaceDetection(
            Transformer model, TokenCodec codec, UnlearningData data, KeySpaceDetector.Settings s) {
        return keySpaceDetection(model, codec, data, s, KsdFitOn.PROMPT);
    }

    /** {@link #keySpaceDetection(Transformer, TokenCodec, UnlearningData, KeySpaceDetector.Settings)} fitted on other forget keys. */
    public static KeySpaceDetector keySpaceDetection(
            Transformer model, TokenCodec codec, UnlearningData data, KeySpaceDetector.Settings s, KsdFitOn fitOn) {
        ProbeDataset forget = fitOn.dataset(data.forget().name(), data.forget().train(), codec);
        List<KeySpaceDetector> candidates;
        try (PassProgress.Scope named = PassProgress.named("KSD fit")) {
            candidates = s.layer() instanceof LayerChoice.ChosenOnDev
                    ? KsdFit.fitLayers(model, forget, s, fitOn.positions())
                    : List.of(KsdFit.fit(model, forget, s, fitOn.positions()));
        }
        try (PassProgress.Scope named = PassProgress.named("KSD calibration of h on dev")) {
            return KsdCalibrator.best(
                    model, codec, candidates, data.forget().devPrompts(), data.retainDevPrompts(), data.maxNewTokens());
        }
    }

    /**
     * Key Space Detection with one cube per skill of the forget set's training examples ({@link Example#skill}),
     * h calibrated on the dev prompts of the forget set and of every retain set.
     */
    public static KeySpaceUnion keySpaceDetectionPerSkill(
            Transformer model, TokenCodec codec, UnlearningData data, KeySpaceDetector.Settings s) {
        return keySpaceDetectionPerSkill(model, codec, data, s, KsdFitOn.PROMPT);
    }

    /** {@link #keySpaceDetectionPerSkill(Transformer, TokenCodec, UnlearningData, KeySpaceDetector.Settings)} fitted on other forget keys. */
    public static KeySpaceUnion keySpaceDetectionPerSkill(
            Transformer model, TokenCodec codec, UnlearningData data, KeySpaceDetector.Settings s, KsdFitOn fitOn) {
        Map<String, List<Example>> bySkill = new LinkedHashMap<>();
        for (Example e : data.forget().train()) {
            bySkill.computeIfAbsent(e.skill(), k -> new java.util.ArrayList<>()).add(e);
        }
        Map<String, ProbeDataset> parts = new LinkedHashMap<>();
        bySkill.forEach((k, v) -> parts.put(k, fitOn.dataset(data.forget().name() + "/" + k, v, codec)));
        KeySpaceUnion union;
        try (PassProgress.Scope named = PassProgress.named("KSD fit, one box per skill")) {
            union = KeySpaceUnion.fit(model, parts, s, fitOn.positions());
        }
        try (PassProgress.Scope named = PassProgress.named("KSD calibration of h on dev")) {
            return union.calibrate(
                    model, codec, data.forget().devPrompts(), data.retainDevPrompts(), data.maxNewTokens());
        }
    }

    /** Fits the method of {@code o} on {@code data}'s train (and, for KSD, dev) splits. */
    public static Unlearner fit(Transformer model, TokenCodec codec, UnlearningData data, Options o) {
        codec.requireFits(model.config().vocabSize(), model.toString()); // at the start, not after minutes
        if (o instanceof NeuronAdjust.Settings na) {
            try (PassProgress.Scope s = PassProgress.named("Neuron Adjust fit")) {
                return neuronAdjust(model, codec, data.forget().train(), data.retainTrain(), na);
            }
        }
        if (o instanceof SelectivePruning.Settings sp) {
            try (PassProgress.Scope s = PassProgress.named("Selective Pruning fit")) {
                return selectivePruning(model, codec, data.forget().train(), data.retainTrain(), sp);
            }
        }
        KsdOptions k = (KsdOptions) o;
        return k.perSkill()
                ? keySpaceDetectionPerSkill(model, codec, data, k.settings(), k.fitOn())
                : keySpaceDetection(model, codec, data, k.settings(), k.fitOn());
    }

    /**
     * Loads any method's artifact folder (what {@code skillscope unlearn} writes to {@code OUT/artifact}), by
     * the {@code method} its {@code result.json} names: {@code na}, {@code prune}, {@code ksd} or
     * {@code ksd-per-skill}.
     *
     * @throws io.skillscope.core.SkillscopeException naming the folder and the value when it is not an artifact
     */
    public static Unlearner load(java.nio.file.Path dir) {
        java.nio.file.Path file = dir.resolve("result.json");
        if (!java.nio.file.Files.isRegularFile(file)) {
            throw new io.skillscope.core.SkillscopeException(
                    "unlearning artifact " + dir + " has no result.json; give the artifact folder of an unlearn run");
        }
        com.google.gson.JsonElement m = io.skillscope.core.Json.read(file).get("method");
        String method = m == null || !m.isJsonPrimitive() ? null : m.getAsString();
        return switch (method == null ? "" : method) {
            case "na" -> NeuronAdjust.load(dir);
            case "prune" -> SelectivePruning.load(dir);
            case "ksd" -> KeySpaceDetector.load(dir);
            case "ksd-per-skill" -> KeySpaceUnion.load(dir);
            default ->
                throw new io.skillscope.core.SkillscopeException(file + ": field 'method' is " + m
                        + "; an unlearning artifact has na, prune, ksd or ksd-per-skill");
        };
    }

    /** Fits the method of {@code o} and evaluates it on the test splits. */
    public static UnlearningReport run(Transformer model, TokenCodec codec, UnlearningData data, Options o) {
        return UnlearningEvaluation.run(model, codec, fit(model, codec, data, o), data, o.batchSize());
    }

    /** As {@link #run(Transformer, TokenCodec, UnlearningData, Options)} with known "before" accuracies. */
    public static UnlearningReport run(
            Transformer model, TokenCodec codec, UnlearningData data, Options o, Map<String, Double> before) {
        return UnlearningEvaluation.run(model, codec, fit(model, codec, data, o), data, o.batchSize(), before);
    }
}
