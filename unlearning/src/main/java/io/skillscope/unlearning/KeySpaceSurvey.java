package io.skillscope.unlearning;

import io.skillscope.core.SkillscopeException;
import io.skillscope.core.hooks.HookName;
import io.skillscope.core.hooks.HookSite;
import io.skillscope.core.model.Transformer;
import io.skillscope.probes.NeuronStats;
import io.skillscope.probes.PositionMode;
import io.skillscope.probes.Probe;
import io.skillscope.probes.ProbeDataset;
import io.skillscope.probes.ProbeSettings;
import io.skillscope.probes.TokenCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which activation space, if any, lets a Key Space Detection cube separate a forget set from the retain
 * sets: the cube of Li, Sun and Weng (NAACL 2025; {@link KeySpaceCube}) fitted at every hook asked for,
 * each checked at the prompt only and at the prompt and every generated token, all scored in one
 * generation pass.
 *
 * <p>For each hook and check, {@link Entry#best} picks h with {@link KsdCalibration#choose} on the very
 * queries it then reports, so its forget detection is an upper bound on what a calibrated detector at
 * that hook can reach on those queries, not an estimate of held-out performance.
 *
 * <p>{@link Entry#originH()} is the h at which the zero vector enters the cube,
 * max_i |μ_i| / σ_i / k_max. Where it lies below the h the forget set needs, keys near the origin are
 * detected as well; whether the generated characters' keys that enter the skill lab's arithmetic cube
 * are such keys has not been measured (see unlearning/BENCHMARK.md).
 */
public final class KeySpaceSurvey {
    private KeySpaceSurvey() {}

    /**
     * One hook's cube and the scores of the held-out queries under it.
     *
     * @param cube the fitted cube (h = 1, prompt-only settings naming the hook's layer and site)
     * @param prefill the forget and each retain set's scores at the last prompt token
     * @param everyToken their scores at the prompt and every generated token (the minimum)
     */
    public record Entry(KeySpaceDetector cube, KsdCalibration.SetScores prefill, KsdCalibration.SetScores everyToken) {

        /** The activation the cube lives in. */
        public String hook() {
            return cube.hook();
        }

        /** The h at which the zero vector is inside the cube ({@link KeySpaceDetector#originH}). */
        public double originH() {
            return cube.originH();
        }

        /** The best h when every retain set's detection may reach {@code maxRetainDetection}, scored on these queries. */
        public KsdCalibration best(boolean everyToken, double maxRetainDetection) {
            return KsdCalibration.choose(everyToken ? this.everyToken : prefill, maxRetainDetection);
        }

        /** The cube checking the prompt only or every token, with h from {@link #best}: ready to evaluate on other queries. */
        public KeySpaceDetector calibrated(boolean everyToken, double maxRetainDetection) {
            return cube.withSettings(cube.settings().withCheckDecode(everyToken))
                    .withCalibration(best(everyToken, maxRetainDetection));
        }
    }

    /**
     * The hooks worth surveying in every block: the key ({@code mlp.hook_post}), the gate pre-activation
     * ({@code mlp.hook_pre}), for gated MLPs the up projection ({@code mlp.hook_pre_linear}), and the
     * residual stream before and after the MLP.
     */
    public static List<String> defaultHooks(Transformer model) {
        List<HookSite> sites = new ArrayList<>(List.of(HookSite.MLP_POST, HookSite.MLP_PRE));
        if (model.config().gated()) {
            sites.add(HookSite.MLP_PRE_LINEAR);
        }
        sites.add(HookSite.RESID_MID);
        sites.add(HookSite.RESID_POST);
        List<String> out = new ArrayList<>();
        for (int l = 0; l < model.config().numLayers(); l++) {
            for (HookSite s : sites) {
                out.add(HookName.block(l, s).toString());
            }
        }
        return out;
    }

    /**
     * Fits one cube per hook on {@code forgetProbe}'s last prompt tokens (one probe pass), then scores the
     * held-out forget prompts and every retain set's prompts in one greedy generation pass.
     *
     * @param maxNewTokens generation limit, as for the methods (see {@link UnlearningData#maxNewTokens})
     */
    public static List<Entry> run(
            Transformer model,
            TokenCodec codec,
            ProbeDataset forgetProbe,
            List<String> forgetPrompts,
            Map<String, List<String>> retainPrompts,
            List<String> hooks,
            int maxNewTokens,
            int batchSize) {
        if (hooks.isEmpty()) {
            throw new SkillscopeException("KeySpaceSurvey needs at least one hook");
        }
        if (forgetPrompts.isEmpty() || retainPrompts.isEmpty()) {
            throw new SkillscopeException("KeySpaceSurvey needs held-out forget prompts and at least one retain set");
        }
        String hash = model.parameters().sha256();
        Map<String, NeuronStats> stats = Probe.run(
                        model,
                        forgetProbe,
                        ProbeSettings.of(PositionMode.LAST_PROMPT_TOKEN, hooks.toArray(String[]::new))
                                .withBatchSize(batchSize),
                        hash)
                .stats();
        Map<String, String> inputs = KsdFit.inputs(forgetProbe, hash);
        List<KeySpaceDetector> detectors = new ArrayList<>();
        for (String hook : hooks) {
            NeuronStats st = stats.get(hook);
            HookName name = st == null ? null : HookName.parse(hook);
            if (name == null || !name.site().perLayer()) {
                throw new SkillscopeException("KeySpaceSurvey: '" + hook + "' is not one block's activation; give exact"
                        + " names such as blocks.0.mlp.hook_post");
            }
            KeySpaceDetector.Settings s = KeySpaceDetector.Settings.defaults()
                    .withCheckDecode(false)
                    .withLayer(LayerChoice.block(name.layer()))
                    .withSite(name.site());
            KeySpaceDetector k = KsdFit.fromStats(hook, st, s, inputs);
            detectors.add(k);
            detectors.add(k.withSettings(s.withCheckDecode(true)));
        }
        List<String> all = new ArrayList<>(forgetPrompts);
        retainPrompts.values().forEach(all::addAll);
        List<KeySpaceDetector.Detections> dets =
                DetectionPass.run(model, codec, detectors, all, maxNewTokens, batchSize);
        List<Entry> out = new ArrayList<>();
        for (int i = 0; i < hooks.size(); i++) {
            out.add(new Entry(
                    detectors.get(2 * i),
                    KsdCalibration.SetScores.split(dets.get(2 * i).scores(), forgetPrompts.size(), retainPrompts),
                    KsdCalibration.SetScores.split(dets.get(2 * i + 1).scores(), forgetPrompts.size(), retainPrompts)));
        }
        return out;
    }

    /**
     * A table, one hook a line: k_max, the origin's h, then for the prompt-only check and for the check
     * at every token the best forget detection under each retain limit, with its worst retain set.
     */
    public static String table(List<Entry> entries, double... retainLimits) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-28s %7s %8s", "hook", "k_max", "origin_h"));
        for (String check : new String[] {"prefill", "every token"}) {
            for (double lim : retainLimits) {
                sb.append(String.format(
                        Locale.ROOT, " | %-24s", String.format(Locale.ROOT, "%s, retain<=%.0f%%", check, 100 * lim)));
            }
        }
        sb.append('\n');
        for (Entry e : entries) {
            sb.append(String.format(
                    Locale.ROOT, "%-28s %7.2f %8.3f", e.hook(), e.cube().kMax(), e.originH()));
            for (boolean every : new boolean[] {false, true}) {
                for (double lim : retainLimits) {
                    KsdCalibration c = e.best(every, lim);
                    Map.Entry<String, Double> worst = c.retainDetection().entrySet().stream()
                            .max(Map.Entry.comparingByValue())
                            .orElseThrow();
                    sb.append(String.format(
                            Locale.ROOT,
                            " | %4.2f h %5.3f %-4s %4.2f",
                            c.forgetDetection(),
                            c.h(),
                            worst.getKey().length() > 4 ? worst.getKey().substring(0, 4) : worst.getKey(),
                            worst.getValue()));
                }
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
