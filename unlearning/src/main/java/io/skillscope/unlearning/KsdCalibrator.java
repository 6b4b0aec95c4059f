package io.skillscope.unlearning;

import io.skillscope.core.model.Transformer;
import io.skillscope.probes.TokenCodec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Calibrating Key Space Detection on held-out (dev) queries: one greedy generation pass over the
 * forget prompts and every retain set's prompts scores them under each candidate detector
 * ({@link DetectionPass}), then {@link KsdCalibration#choose} picks each candidate's h, the largest
 * gap between forget and mean retain detection with every retain set at most
 * {@code maxRetainDetection}.
 */
public final class KsdCalibrator {
    private KsdCalibrator() {}

    /** The detector with h chosen on the given prompts ({@link KsdCalibration#choose}). */
    public static KeySpaceDetector calibrate(
            Transformer model,
            TokenCodec codec,
            KeySpaceDetector detector,
            List<String> forgetPrompts,
            Map<String, List<String>> retainPrompts,
            int maxNewTokens) {
        return best(model, codec, List.of(detector), forgetPrompts, retainPrompts, maxNewTokens);
    }

    /**
     * Calibrates several detectors (one per layer, or two per layer for {@link LayerChoice.ChosenOnDev})
     * in one generation pass and returns the one with the best calibration objective (ties: the later in
     * the list). With more than one candidate the detector returned records every candidate's objective,
     * by {@link KeySpaceDetector#label}, as its {@link KeySpaceDetector#layerSearch}.
     */
    public static KeySpaceDetector best(
            Transformer model,
            TokenCodec codec,
            List<KeySpaceDetector> detectors,
            List<String> forgetPrompts,
            Map<String, List<String>> retainPrompts,
            int maxNewTokens) {
        List<String> all = new ArrayList<>(forgetPrompts);
        retainPrompts.values().forEach(all::addAll);
        List<KeySpaceDetector.Detections> dets = DetectionPass.run(
                model,
                codec,
                detectors,
                all,
                maxNewTokens,
                detectors.get(0).settings().batchSize()); // one stream of batches
        KeySpaceDetector best = null;
        Map<String, Double> search = new LinkedHashMap<>();
        for (int d = 0; d < detectors.size(); d++) {
            KeySpaceDetector k = detectors.get(d);
            KsdCalibration c = KsdCalibration.choose(
                    dets.get(d).scores(),
                    forgetPrompts.size(),
                    retainPrompts,
                    k.settings().maxRetainDetection());
            search.put(k.label(), c.objective());
            if (best == null || c.objective() >= best.calibration().objective()) {
                best = k.withCalibration(c);
            }
        }
        return detectors.size() > 1 ? best.withLayerSearch(search) : best;
    }
}
