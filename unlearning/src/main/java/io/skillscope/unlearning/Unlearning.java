package io.skillscope.unlearning;

import io.skillscope.core.hooks.HookSite;
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
 * UnlearningReport r = Unlearning.run(Unlearning.Method.KSD, model, codec, data, Unlearning.Options.defaults());
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
     * Settings of {@link #run}.
     *
     * @param percent NA / pruning: share of feed-forward neurons, in percent
     * @param seed NA: seed of the per-element uniforms
     * @param paperCodeCompat NA: reproduce the published code
     * @param ksdLayer KSD: block to read, −1 for the last, −2 to choose the block (and whether to check
     *     generated tokens) on the dev queries
     * @param ksdCheckDecode KSD: check every generated token as well as the prompt (METHODS.md)
     * @param refusal KSD: the answer to a detected query
     * @param maxRetainDetection KSD: calibration bound on each retain set's detection rate
     * @param batchSize rows per probe pass and prompts per generation batch
     * @param ksdPerSkill KSD: one cube per skill of the forget set ({@link KeySpaceUnion}) instead of one
     *     cube over all of it
     * @param ksdSite KSD: the per-block activation read, the feed-forward key {@code mlp.hook_post} by
     *     default (null means that too)
     */
    public record Options(double percent, long seed, boolean paperCodeCompat, int ksdLayer, boolean ksdCheckDecode,
                          String refusal, double maxRetainDetection, int batchSize, boolean ksdPerSkill,
                          HookSite ksdSite) {
        public Options {
            ksdSite = ksdSite == null ? HookSite.MLP_POST : ksdSite;
        }

        /**
         * 1.5%, seed 0, intended NA, KSD at the last layer checking prefill and every generated token,
         * the original refusal, ≤ 5% retain detection, 64 per batch.
         */
        public static Options defaults() {
            return new Options(1.5, 0, false, -1, true, KeySpaceDetector.DEFAULT_REFUSAL, 0.05, 64, false,
                    HookSite.MLP_POST);
        }

        public Options withKsdCheckDecode(boolean on) {
            return new Options(percent, seed, paperCodeCompat, ksdLayer, on, refusal, maxRetainDetection,
                    batchSize, ksdPerSkill, ksdSite);
        }

        public Options withPercent(double p) {
            return new Options(p, seed, paperCodeCompat, ksdLayer, ksdCheckDecode, refusal, maxRetainDetection,
                    batchSize, ksdPerSkill, ksdSite);
        }

        public Options withKsdLayer(int l) {
            return new Options(percent, seed, paperCodeCompat, l, ksdCheckDecode, refusal, maxRetainDetection,
                    batchSize, ksdPerSkill, ksdSite);
        }

        public Options withKsdPerSkill(boolean on) {
            return new Options(percent, seed, paperCodeCompat, ksdLayer, ksdCheckDecode, refusal, maxRetainDetection,
                    batchSize, on, ksdSite);
        }

        public Options withKsdSite(HookSite site) {
            return new Options(percent, seed, paperCodeCompat, ksdLayer, ksdCheckDecode, refusal, maxRetainDetection,
                    batchSize, ksdPerSkill, site);
        }

        public Options withBatchSize(int b) {
            return new Options(percent, seed, paperCodeCompat, ksdLayer, ksdCheckDecode, refusal, maxRetainDetection,
                    b, ksdPerSkill, ksdSite);
        }
    }

    /** Neuron Adjust fitted on forget and retain examples (prompt + answer tokens). */
    public static NeuronAdjust neuronAdjust(Transformer model, TokenCodec codec, List<Example> forget,
                                            List<Example> retain, NeuronAdjust.Settings s) {
        return NeuronAdjust.fit(model, ProbeDataset.fromExamples("forget", forget, codec, s.withAnswers()),
                ProbeDataset.fromExamples("retain", retain, codec, s.withAnswers()), s);
    }

    /** Selective Pruning fitted on forget and retain examples (prompt + answer tokens). */
    public static SelectivePruning selectivePruning(Transformer model, TokenCodec codec, List<Example> forget,
                                                    List<Example> retain, SelectivePruning.Settings s) {
        return SelectivePruning.fit(model, ProbeDataset.fromExamples("forget", forget, codec, true),
                ProbeDataset.fromExamples("retain", retain, codec, true), s);
    }

    /**
     * Key Space Detection: the cube from the forget set's training prompts, h calibrated on the dev
     * prompts of the forget set and of every retain set (with {@code layer = AUTO_LAYER}: a cube per
     * block, all calibrated in one generation pass, the best objective kept).
     */
    public static KeySpaceDetector keySpaceDetection(Transformer model, TokenCodec codec, UnlearningData data,
                                                     KeySpaceDetector.Settings s) {
        ProbeDataset forget = ProbeDataset.fromExamples(data.forget().name(), data.forget().train(), codec, false);
        List<KeySpaceDetector> candidates = s.layer() == KeySpaceDetector.AUTO_LAYER
                ? KeySpaceDetector.fitLayers(model, forget, s) : List.of(KeySpaceDetector.fit(model, forget, s));
        return KeySpaceDetector.calibrateBest(model, codec, candidates, data.forget().devPrompts(),
                data.retainDevPrompts(), data.maxNewTokens());
    }

    /**
     * Key Space Detection with one cube per skill of the forget set's training examples ({@link Example#skill}),
     * h calibrated on the dev prompts of the forget set and of every retain set.
     */
    public static KeySpaceUnion keySpaceDetectionPerSkill(Transformer model, TokenCodec codec, UnlearningData data,
                                                          KeySpaceDetector.Settings s) {
        Map<String, List<Example>> bySkill = new LinkedHashMap<>();
        for (Example e : data.forget().train()) {
            bySkill.computeIfAbsent(e.skill(), k -> new java.util.ArrayList<>()).add(e);
        }
        Map<String, ProbeDataset> parts = new LinkedHashMap<>();
        bySkill.forEach((k, v) -> parts.put(k, ProbeDataset.fromExamples(data.forget().name() + "/" + k, v, codec, false)));
        return KeySpaceUnion.fit(model, parts, s).calibrate(model, codec, data.forget().devPrompts(),
                data.retainDevPrompts(), data.maxNewTokens());
    }

    /** Fits a method on {@code data}'s train (and, for KSD, dev) splits. */
    public static Unlearner fit(Method method, Transformer model, TokenCodec codec, UnlearningData data, Options o) {
        return switch (method) {
            case NA -> neuronAdjust(model, codec, data.forget().train(), data.retainTrain(),
                    new NeuronAdjust.Settings(o.percent(), o.seed(), o.paperCodeCompat(), true, o.batchSize()));
            case PRUNE -> selectivePruning(model, codec, data.forget().train(), data.retainTrain(),
                    new SelectivePruning.Settings(o.percent(), o.batchSize()));
            case KSD -> {
                KeySpaceDetector.Settings s = new KeySpaceDetector.Settings(o.ksdLayer(), o.refusal(),
                        o.maxRetainDetection(), o.batchSize(), o.ksdCheckDecode(), o.ksdSite());
                yield o.ksdPerSkill() ? keySpaceDetectionPerSkill(model, codec, data, s)
                        : keySpaceDetection(model, codec, data, s);
            }
        };
    }

    /** Fits a method and evaluates it on the test splits. */
    public static UnlearningReport run(Method method, Transformer model, TokenCodec codec, UnlearningData data, Options o) {
        return UnlearningEvaluation.run(model, codec, fit(method, model, codec, data, o), data, o.batchSize());
    }

    /** As {@link #run(Method, Transformer, TokenCodec, UnlearningData, Options)} with known "before" accuracies. */
    public static UnlearningReport run(Method method, Transformer model, TokenCodec codec, UnlearningData data, Options o,
                                       Map<String, Double> before) {
        return UnlearningEvaluation.run(model, codec, fit(method, model, codec, data, o), data, o.batchSize(), before);
    }
}
