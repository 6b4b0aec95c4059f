package io.skillscope.core.hooks;

import io.skillscope.core.SkillscopeException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The hook points a model of a given shape offers, and name resolution with suggestions. */
public final class HookNames {
    private HookNames() {}

    /**
     * Every hook point of a model, in execution order.
     *
     * @param numLayers number of blocks
     * @param gated whether the MLP is gated (Llama family)
     * @param learnedPositions whether the model has learned positional embeddings (GPT-2)
     */
    public static List<HookName> all(int numLayers, boolean gated, boolean learnedPositions) {
        return all(numLayers, gated, learnedPositions, false);
    }

    /**
     * Every hook point of a model, in execution order.
     *
     * @param numLayers number of blocks
     * @param gated whether the MLP is gated (Llama family)
     * @param learnedPositions whether the model has learned positional embeddings (GPT-2)
     * @param parallel whether the blocks are parallel-residual (GPT-NeoX): no {@code hook_resid_mid}
     */
    public static List<HookName> all(int numLayers, boolean gated, boolean learnedPositions, boolean parallel) {
        List<HookName> out = new ArrayList<>();
        for (HookSite s : HookSite.values()) {
            if (!s.perLayer() && s != HookSite.LN_FINAL && available(s, gated, learnedPositions, parallel)) {
                out.add(HookName.global(s));
            }
        }
        for (int l = 0; l < numLayers; l++) {
            for (HookSite s : HookSite.values()) {
                if (s.perLayer() && available(s, gated, learnedPositions, parallel)) {
                    out.add(HookName.block(l, s));
                }
            }
        }
        out.add(HookName.global(HookSite.LN_FINAL));
        return out;
    }

    static boolean available(HookSite s, boolean gated, boolean learnedPositions, boolean parallel) {
        return switch (s.applies()) {
            case ALL -> true;
            case GATED -> gated;
            case LEARNED_POSITIONS -> learnedPositions;
            case SEQUENTIAL -> !parallel;
        };
    }

    /**
     * Resolves a name for a model, failing with the nearest valid names when it does not exist there.
     *
     * @throws SkillscopeException naming the bad name and up to five suggestions
     */
    public static HookName resolve(String text, int numLayers, boolean gated, boolean learnedPositions) {
        return resolve(text, numLayers, gated, learnedPositions, false);
    }

    /** {@link #resolve(String, int, boolean, boolean)} for a model that may have parallel-residual blocks. */
    public static HookName resolve(
            String text, int numLayers, boolean gated, boolean learnedPositions, boolean parallel) {
        List<HookName> valid = all(numLayers, gated, learnedPositions, parallel);
        try {
            HookName n = HookName.parse(text);
            if (valid.contains(n)) {
                return n;
            }
        } catch (SkillscopeException ignored) {
            // fall through to the suggestion
        }
        List<String> nearest = valid.stream()
                .map(HookName::toString)
                .sorted(Comparator.comparingInt((String v) -> editDistance(text, v))
                        .thenComparing(v -> v))
                .limit(5)
                .toList();
        throw new SkillscopeException("unknown hook name '" + text + "' for a model with " + numLayers
                + " layers; nearest valid names: " + String.join(", ", nearest));
    }

    /** Checks a typed name against a model shape. */
    public static void check(HookName name, int numLayers, boolean gated, boolean learnedPositions) {
        check(name, numLayers, gated, learnedPositions, false);
    }

    /** Checks a typed name against a model shape that may have parallel-residual blocks. */
    public static void check(HookName name, int numLayers, boolean gated, boolean learnedPositions, boolean parallel) {
        if (!all(numLayers, gated, learnedPositions, parallel).contains(name)) {
            resolve(name.toString(), numLayers, gated, learnedPositions, parallel);
        }
    }

    static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
