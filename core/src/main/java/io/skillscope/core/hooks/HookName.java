package io.skillscope.core.hooks;

import io.skillscope.core.SkillscopeException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A typed hook point: a {@link HookSite} and, for per-block sites, a layer. Prints as the TransformerLens
 * string, e.g. {@code blocks.3.mlp.hook_post} or {@code hook_embed}.
 *
 * @param site the site
 * @param layer the block index, or {@code -1} for global sites
 */
public record HookName(HookSite site, int layer) implements Comparable<HookName> {

    public HookName {
        if (site == null) {
            throw new IllegalArgumentException("hook site is null");
        }
        if (site.perLayer() && layer < 0) {
            throw new IllegalArgumentException("hook site " + site.suffix() + " needs a layer >= 0, got " + layer);
        }
        if (!site.perLayer() && layer != -1) {
            throw new IllegalArgumentException(
                    "hook site " + site.suffix() + " is global; layer must be -1, got " + layer);
        }
    }

    /** A per-block hook point, e.g. {@code block(3, MLP_POST)} for {@code blocks.3.mlp.hook_post}. */
    public static HookName block(int layer, HookSite site) {
        return new HookName(site, layer);
    }

    /** A global hook point such as {@code hook_embed}. */
    public static HookName global(HookSite site) {
        return new HookName(site, -1);
    }

    /** Every layer's hook point for one per-block site. */
    public static List<HookName> allLayers(HookSite site, int numLayers) {
        List<HookName> names = new ArrayList<>(numLayers);
        for (int l = 0; l < numLayers; l++) {
            names.add(block(l, site));
        }
        return names;
    }

    /**
     * Parses a TransformerLens name. The layer is not checked against a model here; see
     * {@link HookNames#resolve(String, int, boolean, boolean)} for that and for suggestions.
     *
     * @throws SkillscopeException if the text is not a hook name
     */
    public static HookName parse(String text) {
        if (text == null) {
            throw new SkillscopeException("hook name is null");
        }
        String t = text.trim();
        if (t.startsWith("blocks.")) {
            int dot = t.indexOf('.', 7);
            if (dot > 7) {
                String num = t.substring(7, dot);
                String suffix = t.substring(dot + 1);
                if (num.chars().allMatch(Character::isDigit) && num.length() < 6) {
                    var site = HookSite.bySuffix(suffix, true);
                    if (site.isPresent()) {
                        return new HookName(site.get(), Integer.parseInt(num));
                    }
                }
            }
        } else {
            var site = HookSite.bySuffix(t, false);
            if (site.isPresent()) {
                return new HookName(site.get(), -1);
            }
        }
        throw new SkillscopeException("unknown hook name '" + text + "'");
    }

    @Override
    public String toString() {
        return site.perLayer() ? "blocks." + layer + "." + site.suffix() : site.suffix();
    }

    @Override
    public int compareTo(HookName o) {
        return Comparator.comparingInt(HookName::layer)
                .thenComparing(HookName::site)
                .compare(this, o);
    }
}
