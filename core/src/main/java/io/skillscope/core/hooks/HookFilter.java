package io.skillscope.core.hooks;

import io.skillscope.core.SkillscopeException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/**
 * A selection of hook points, written as text in one of five forms:
 *
 * <table>
 * <caption>Forms of a hook filter</caption>
 * <tr><th>text</th><th>selects</th><th>factory</th></tr>
 * <tr><td>{@code blocks.3.mlp.hook_post}, {@code hook_embed}</td><td>one hook point</td>
 *     <td>{@link #of(HookName)}</td></tr>
 * <tr><td>{@code blocks.*.mlp.hook_pre}</td><td>a per-block site in every layer</td>
 *     <td>{@link #allLayers(HookSite)}</td></tr>
 * <tr><td>{@code blocks.{0,3}.mlp.hook_post}</td><td>a per-block site in the listed layers</td>
 *     <td>{@link #layers(HookSite, int...)}</td></tr>
 * <tr><td>{@code re:blocks\.[0-3]\.mlp\..*}</td><td>every hook point whose whole name matches the Java
 *     regular expression after {@code re:}</td><td>{@link #regex(String)}</td></tr>
 * <tr><td>{@code blocks.0.*}, {@code *hook_resid_post}</td><td>a glob: any other text with {@code *},
 *     which stands for any run of characters</td><td>{@link #parse(String)}</td></tr>
 * </table>
 *
 * <p>A filter is checked against a model only when it is {@linkplain #resolve(int, boolean, boolean)
 * resolved}; a filter that selects nothing there is an error, as is a named layer the model lacks.
 * A filter's {@code toString()} gives back the text {@link #parse(String)} reads, so filters saved as
 * strings (a probe's {@code result.json}) load unchanged.
 *
 * <pre>{@code
 * HookFilter pre = HookFilter.parse("blocks.*.mlp.hook_pre");
 * pre.equals(HookFilter.allLayers(HookSite.MLP_PRE));                    // true
 * pre.matches(HookName.block(2, HookSite.MLP_PRE));                      // true
 * List<HookName> names = model.hookNames(pre);                            // blocks.0.mlp.hook_pre, ...
 * HookFilter.layers(HookSite.MLP_POST, 0, 3).toString();                 // "blocks.{0,3}.mlp.hook_post"
 * }</pre>
 */
public sealed interface HookFilter
        permits HookFilter.Exact, HookFilter.AllLayers, HookFilter.LayerSet, HookFilter.Regex, HookFilter.Glob {

    /** The prefix that marks the regular-expression form. */
    String REGEX_PREFIX = "re:";

    /** Whether the filter selects this hook point. */
    boolean matches(HookName name);

    /**
     * The hook points of a model of this shape the filter selects, in the model's hook order
     * ({@link HookNames#all}).
     *
     * @param numLayers number of blocks
     * @param gated whether the MLP is gated (Llama family)
     * @param learnedPositions whether the model has learned positional embeddings (GPT-2)
     * @throws SkillscopeException naming the filter when it selects nothing there, or names a missing layer
     */
    default List<HookName> resolve(int numLayers, boolean gated, boolean learnedPositions) {
        return resolve(numLayers, gated, learnedPositions, false);
    }

    /**
     * {@link #resolve(int, boolean, boolean)} for a model that may have parallel-residual blocks.
     *
     * @param parallel whether the blocks are parallel-residual (no {@code hook_resid_mid})
     */
    default List<HookName> resolve(int numLayers, boolean gated, boolean learnedPositions, boolean parallel) {
        List<HookName> valid = HookNames.all(numLayers, gated, learnedPositions, parallel);
        List<HookName> hits = valid.stream().filter(this::matches).toList();
        if (hits.isEmpty()) {
            String text = toString();
            List<String> nearest = valid.stream()
                    .map(HookName::toString)
                    .sorted(Comparator.comparingInt((String v) -> HookNames.editDistance(text, v))
                            .thenComparing(v -> v))
                    .limit(5)
                    .toList();
            throw new SkillscopeException("hook filter '" + text + "' matches none of the " + valid.size()
                    + " hook points of a model with " + numLayers + " layers (" + valid.get(0) + ", "
                    + valid.get(1) + ", ...); nearest valid names: " + String.join(", ", nearest));
        }
        return hits;
    }

    /**
     * Every hook point any of {@code filters} selects, filter by filter in the order given and each in the
     * model's hook order, without repeats.
     *
     * @throws SkillscopeException naming the first filter that selects nothing on the model
     */
    static List<HookName> resolveAll(List<HookFilter> filters, int numLayers, boolean gated, boolean learnedPositions) {
        return resolveAll(filters, numLayers, gated, learnedPositions, false);
    }

    /** {@link #resolveAll(List, int, boolean, boolean)} for a model that may have parallel-residual blocks. */
    static List<HookName> resolveAll(
            List<HookFilter> filters, int numLayers, boolean gated, boolean learnedPositions, boolean parallel) {
        Set<HookName> out = new LinkedHashSet<>();
        for (HookFilter f : filters) {
            out.addAll(f.resolve(numLayers, gated, learnedPositions, parallel));
        }
        return List.copyOf(out);
    }

    /** Exactly one hook point, e.g. {@code blocks.3.mlp.hook_post} or {@code ln_final.hook_normalized}. */
    static HookFilter of(HookName name) {
        return new Exact(name);
    }

    /** One per-block site in every layer, e.g. {@code blocks.*.mlp.hook_pre}. */
    static HookFilter allLayers(HookSite site) {
        return new AllLayers(site);
    }

    /** One per-block site in the listed layers, e.g. {@code layers(MLP_POST, 0, 3)} for {@code blocks.{0,3}.mlp.hook_post}. */
    static HookFilter layers(HookSite site, int... layers) {
        return new LayerSet(site, Arrays.stream(layers).boxed().toList());
    }

    /** Every hook point whose whole TransformerLens name matches a Java regular expression. */
    static HookFilter regex(String regex) {
        return new Regex(regex);
    }

    /**
     * Reads a filter in one of the forms of the table above; surrounding blanks are ignored.
     *
     * @throws SkillscopeException naming the text and the nearest valid names when it is none of them
     */
    static HookFilter parse(String text) {
        if (text == null) {
            throw new SkillscopeException("hook filter is null");
        }
        String t = text.trim();
        if (t.startsWith(REGEX_PREFIX)) {
            return new Regex(t.substring(REGEX_PREFIX.length()));
        }
        if (t.startsWith("blocks.")) {
            int dot = t.indexOf('.', 7);
            String layers = dot > 7 ? t.substring(7, dot) : "";
            String suffix = dot > 7 ? t.substring(dot + 1) : "";
            boolean layerForm = layers.equals("*")
                    || layers.matches("\\{\\s*\\d{1,5}(\\s*,\\s*\\d{1,5})*\\s*}")
                    || layers.matches("\\d{1,5}");
            if (layerForm && !suffix.contains("*")) {
                HookSite site =
                        HookSite.bySuffix(suffix, true).orElseThrow(() -> unknown(text, "blocks." + layers + "."));
                if (layers.equals("*")) {
                    return new AllLayers(site);
                }
                if (layers.startsWith("{")) {
                    return new LayerSet(
                            site,
                            Arrays.stream(layers.substring(1, layers.length() - 1)
                                            .split(","))
                                    .map(s -> Integer.parseInt(s.trim()))
                                    .toList());
                }
                return new Exact(HookName.block(Integer.parseInt(layers), site));
            }
        }
        if (t.contains("*")) {
            return new Glob(t);
        }
        var global = HookSite.bySuffix(t, false);
        if (global.isPresent()) {
            return new Exact(HookName.global(global.get()));
        }
        String prefix = t.matches("blocks\\.\\d{1,5}\\..*") ? t.substring(0, t.indexOf('.', 7) + 1) : "blocks.*.";
        throw unknown(text, prefix);
    }

    private static SkillscopeException unknown(String text, String blockPrefix) {
        String t = text.trim();
        List<String> candidates = new ArrayList<>();
        for (HookSite s : HookSite.values()) {
            candidates.add(s.perLayer() ? blockPrefix + s.suffix() : s.suffix());
        }
        List<String> nearest = candidates.stream()
                .sorted(Comparator.comparingInt((String v) -> HookNames.editDistance(t, v))
                        .thenComparing(v -> v))
                .limit(5)
                .toList();
        String globals = Arrays.stream(HookSite.values())
                .filter(s -> !s.perLayer())
                .map(HookSite::suffix)
                .collect(Collectors.joining(", "));
        return new SkillscopeException("unknown hook name or filter '" + text + "'; nearest valid names: "
                + String.join(", ", nearest) + " (global hooks: " + globals + "; forms: blocks.3.<site>, "
                + "blocks.*.<site>, blocks.{0,3}.<site>, re:<regex>, globs with *)");
    }

    /**
     * One hook point.
     *
     * @param name the hook point
     */
    record Exact(HookName name) implements HookFilter {
        public Exact {
            if (name == null) {
                throw new IllegalArgumentException("HookFilter.Exact.name is null");
            }
        }

        @Override
        public boolean matches(HookName n) {
            return name.equals(n);
        }

        /** The name itself, checked against the model with {@link HookNames#check} (nearest names on error). */
        @Override
        public List<HookName> resolve(int numLayers, boolean gated, boolean learnedPositions, boolean parallel) {
            HookNames.check(name, numLayers, gated, learnedPositions, parallel);
            return List.of(name);
        }

        @Override
        public String toString() {
            return name.toString();
        }
    }

    /**
     * A per-block site in every layer of the model.
     *
     * @param site the per-block site
     */
    record AllLayers(HookSite site) implements HookFilter {
        public AllLayers {
            if (site == null || !site.perLayer()) {
                throw new IllegalArgumentException("HookFilter.AllLayers.site must be a per-block site, got "
                        + (site == null ? "null" : site.suffix()));
            }
        }

        @Override
        public boolean matches(HookName n) {
            return n.site() == site;
        }

        @Override
        public String toString() {
            return "blocks.*." + site.suffix();
        }
    }

    /**
     * A per-block site in some layers; every listed layer must exist in the model it is resolved against.
     *
     * @param site the per-block site
     * @param layers the layers, at least one, each {@code >= 0}; kept sorted and without repeats
     */
    record LayerSet(HookSite site, List<Integer> layers) implements HookFilter {
        public LayerSet {
            if (site == null || !site.perLayer()) {
                throw new IllegalArgumentException("HookFilter.LayerSet.site must be a per-block site, got "
                        + (site == null ? "null" : site.suffix()));
            }
            if (layers == null || layers.isEmpty()) {
                throw new IllegalArgumentException("HookFilter.LayerSet.layers must name at least one layer");
            }
            for (Integer l : layers) {
                if (l == null || l < 0) {
                    throw new IllegalArgumentException("HookFilter.LayerSet.layers must be >= 0, got " + layers);
                }
            }
            layers = layers.stream().distinct().sorted().toList();
        }

        @Override
        public boolean matches(HookName n) {
            return n.site() == site && layers.contains(n.layer());
        }

        @Override
        public List<HookName> resolve(int numLayers, boolean gated, boolean learnedPositions, boolean parallel) {
            int last = layers.get(layers.size() - 1);
            if (last >= numLayers) {
                throw new SkillscopeException("hook filter '" + this + "' names layer " + last + " but the model has "
                        + numLayers + " layers (0 to " + (numLayers - 1) + ")");
            }
            return HookFilter.super.resolve(numLayers, gated, learnedPositions, parallel);
        }

        @Override
        public String toString() {
            return "blocks.{" + layers.stream().map(String::valueOf).collect(Collectors.joining(",")) + "}."
                    + site.suffix();
        }
    }

    /**
     * Every hook point whose whole TransformerLens name matches a Java regular expression, written
     * {@code re:<regex>}, e.g. {@code re:blocks\.[0-3]\.mlp\..*}.
     *
     * @param regex the expression, without the {@code re:} prefix
     */
    record Regex(String regex) implements HookFilter {
        public Regex {
            if (regex == null || regex.isEmpty()) {
                throw new SkillscopeException(
                        "hook filter '" + REGEX_PREFIX + "' needs a regular expression after " + REGEX_PREFIX);
            }
            try {
                Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                throw new SkillscopeException(
                        "hook filter '" + REGEX_PREFIX + regex + "' is not a regular expression: " + e.getDescription(),
                        e);
            }
        }

        @Override
        public boolean matches(HookName n) {
            return Pattern.compile(regex).matcher(n.toString()).matches();
        }

        @Override
        public String toString() {
            return REGEX_PREFIX + regex;
        }
    }

    /**
     * Every hook point whose whole TransformerLens name matches a glob, where {@code *} stands for any run
     * of characters (including dots), e.g. {@code blocks.0.*}.
     *
     * @param glob the pattern, with at least one {@code *}
     */
    record Glob(String glob) implements HookFilter {
        public Glob {
            if (glob == null || !glob.contains("*")) {
                throw new IllegalArgumentException("HookFilter.Glob.glob must contain '*', got " + glob);
            }
        }

        @Override
        public boolean matches(HookName n) {
            return Pattern.compile(Pattern.quote(glob).replace("*", "\\E.*\\Q"))
                    .matcher(n.toString())
                    .matches();
        }

        @Override
        public String toString() {
            return glob;
        }
    }
}
