package io.skillscope.unlearning;

import io.skillscope.core.SkillscopeException;
import io.skillscope.core.hooks.HookFilter;
import io.skillscope.core.hooks.HookName;
import io.skillscope.core.hooks.HookSite;
import io.skillscope.core.model.Transformer;
import io.skillscope.probes.NeuronStats;
import io.skillscope.probes.PositionMode;
import io.skillscope.probes.Probe;
import io.skillscope.probes.ProbeDataset;
import io.skillscope.probes.ProbeSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fitting Key Space Detection cubes (Li, Sun and Weng, NAACL 2025): probe the forget set's prompts at
 * the last prompt token (answers are ignored; {@link KsdFitOn} gives the other fits), streaming per dimension the mean μ, the sample standard
 * deviation σ (ddof 1), the minimum and the maximum, and build the {@link KeySpaceCube} from them
 * (k_max = max_i max(max_i − μ_i, μ_i − min_i)/σ_i over the dimensions with σ_i &gt; 0). The detectors
 * returned have h = 1 until calibrated ({@link KsdCalibrator}).
 */
public final class KsdFit {
    private KsdFit() {}

    /**
     * The hook a model's settings point at (a fixed block or the last; not {@link LayerChoice.ChosenOnDev}).
     *
     * @throws SkillscopeException naming the layer or site when the model lacks it
     */
    public static HookName hookFor(Transformer model, KeySpaceDetector.Settings s) {
        int layers = model.config().numLayers();
        if (s.layer() instanceof LayerChoice.ChosenOnDev) {
            throw new SkillscopeException("layer AUTO needs KsdFit.fitLayers + KsdCalibrator.best"
                    + " (Unlearning.keySpaceDetection does both)");
        }
        int l = s.layer() instanceof LayerChoice.Fixed f ? f.layer() : layers - 1;
        if (l >= layers) {
            throw new SkillscopeException("KeySpaceDetector layer " + l + " but the model has " + layers + " layers");
        }
        return HookName.block(l, checkedSite(model, s));
    }

    /** The settings' site, if the model has it. */
    private static HookSite checkedSite(Transformer model, KeySpaceDetector.Settings s) {
        if (s.site().applies() == HookSite.Applies.GATED && !model.config().gated()) {
            throw new SkillscopeException("KeySpaceDetector site " + s.site().suffix() + " exists only in gated MLPs"
                    + " (the Llama family); this model's MLP is not gated");
        }
        if (s.site().applies() == HookSite.Applies.SEQUENTIAL
                && model.config().familyOptions().parallelResidual()) {
            throw new SkillscopeException("KeySpaceDetector site " + s.site().suffix() + " does not exist in this"
                    + " model's parallel-residual blocks (attention and MLP read the same input)");
        }
        if (s.site().applies() == HookSite.Applies.LEARNED_POSITIONS) {
            throw new SkillscopeException(
                    "KeySpaceDetector site " + s.site().suffix() + " is not a per-block activation");
        }
        return s.site();
    }

    /**
     * The hooks {@link #fitLayers} probes: the settings' site in every block.
     *
     * @throws SkillscopeException naming the site when the model's blocks lack it
     */
    public static HookFilter layersFilter(Transformer model, KeySpaceDetector.Settings s) {
        return HookFilter.allLayers(checkedSite(model, s));
    }

    /** The inputs recorded in a detector's artifact. */
    static Map<String, String> inputs(ProbeDataset forget, String modelHash) {
        Map<String, String> inputs = new LinkedHashMap<>();
        inputs.put("forget", forget.name());
        inputs.put("forget_sha256", forget.sha256());
        inputs.put("model_sha256", modelHash);
        return inputs;
    }

    /**
     * The inputs recorded in a detector's artifact, from a forget set's name and hash that were computed
     * elsewhere (a distributed probe hashes its rows as {@link ProbeDataset#sha256()} does).
     *
     * @param forgetName the probed rows' name ({@link KsdFitOn#dataset}'s)
     * @param forgetSha256 their {@link ProbeDataset#sha256()}
     * @param modelHash the weights' hash
     * @param positions where the keys were read; recorded unless it is the last prompt token
     */
    public static Map<String, String> inputs(
            String forgetName, String forgetSha256, String modelHash, PositionMode positions) {
        Map<String, String> inputs = new LinkedHashMap<>();
        inputs.put("forget", forgetName);
        inputs.put("forget_sha256", forgetSha256);
        inputs.put("model_sha256", modelHash);
        if (positions != PositionMode.LAST_PROMPT_TOKEN) {
            inputs.put("positions", positions.name().toLowerCase(java.util.Locale.ROOT));
        }
        return inputs;
    }

    /**
     * Probes the forget prompts (rows' prompt parts; answers are ignored) at the last prompt token and
     * builds the hypercube at the settings' layer and site, with h = 1.
     */
    public static KeySpaceDetector fit(Transformer model, ProbeDataset forget, KeySpaceDetector.Settings s) {
        return fit(model, forget, s, PositionMode.LAST_PROMPT_TOKEN);
    }

    /**
     * The hypercube of the keys at the given positions of the rows ({@link KsdFitOn#positions()} of a
     * {@link KsdFitOn#dataset}), at the settings' layer and site, with h = 1.
     */
    public static KeySpaceDetector fit(
            Transformer model, ProbeDataset forget, KeySpaceDetector.Settings s, PositionMode positions) {
        HookName hookName = hookFor(model, s);
        String hash = model.parameters().sha256();
        NeuronStats st = Probe.run(
                        model,
                        forget,
                        ProbeSettings.of(positions, HookFilter.of(hookName)).withBatchSize(s.batchSize()),
                        hash)
                .get(hookName);
        return fromStats(hookName.toString(), st, s, inputs(forget.name(), forget.sha256(), hash, positions));
    }

    /**
     * One detector per block, from a single probe of every layer's site; with
     * {@link LayerChoice.ChosenOnDev} two per block, checking the prompt only and checking every token
     * (in that order, so that ties in {@link KsdCalibrator#best} go to the fuller check).
     */
    public static List<KeySpaceDetector> fitLayers(
            Transformer model, ProbeDataset forget, KeySpaceDetector.Settings s) {
        return fitLayers(model, forget, s, PositionMode.LAST_PROMPT_TOKEN);
    }

    /** {@link #fitLayers(Transformer, ProbeDataset, KeySpaceDetector.Settings)} on the keys at the given positions. */
    public static List<KeySpaceDetector> fitLayers(
            Transformer model, ProbeDataset forget, KeySpaceDetector.Settings s, PositionMode positions) {
        String hash = model.parameters().sha256();
        var stats = Probe.run(
                        model,
                        forget,
                        ProbeSettings.of(positions, layersFilter(model, s)).withBatchSize(s.batchSize()),
                        hash)
                .stats();
        return fromLayerStats(stats, s, inputs(forget.name(), forget.sha256(), hash, positions));
    }

    /**
     * The candidates of {@link #fitLayers} from per-block statistics already computed (in block order): one
     * detector per block, or with {@link LayerChoice.ChosenOnDev} two (prompt only, then every token).
     */
    public static List<KeySpaceDetector> fromLayerStats(
            Map<String, NeuronStats> stats, KeySpaceDetector.Settings s, Map<String, String> inputs) {
        List<KeySpaceDetector> out = new ArrayList<>();
        stats.forEach((hookName, st) -> {
            KeySpaceDetector k = fromStats(hookName, st, s, inputs);
            if (s.layer()
                    instanceof LayerChoice.ChosenOnDev) { // prefill only first: ties go to the later, fuller check
                out.add(k.withSettings(s.withCheckDecode(false)));
                out.add(k.withSettings(s.withCheckDecode(true)));
            } else {
                out.add(k);
            }
        });
        return out;
    }

    /** A detector (h = 1) on the hypercube of statistics already computed (at least two vectors). */
    public static KeySpaceDetector fromStats(
            String hook, NeuronStats st, KeySpaceDetector.Settings s, Map<String, String> inputs) {
        return new KeySpaceDetector(KeySpaceCube.fromStats(hook, st), 1.0, s, null, inputs, Map.of());
    }
}
