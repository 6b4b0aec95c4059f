package io.skillscope.localization;

import io.skillscope.core.model.ModuleKind;
import io.skillscope.core.model.ParamSpec;
import io.skillscope.grafting.ParamRegion;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which tensors a localization includes, within {@link LocalizationSettings#regions()}: only some layers,
 * only the MLPs, a regular expression over parameter names, and a budget in parameters. A mask over all
 * 1.5 B weights of a real model is rarely what one wants and does not fit in the heap (12 bytes per
 * included weight); the MLPs of two layers of Qwen2.5-0.5B are 26 M weights.
 *
 * <p>With a budget, the candidate tensors are ranked by their mean |θ_ft − θ_pre| (the most changed
 * first) and kept while their sizes sum to at most the budget.
 *
 * @param layers block indices to keep; empty keeps every layer
 * @param mlpOnly keep only MLP tensors (gate, up, down; fused gate_up and fc in/out included)
 * @param pattern a regular expression a kept name must contain a match of ({@link java.util.regex.Matcher#find}),
 *     or null
 * @param budget at most this many included weights; 0 for no budget
 */
public record TensorSelection(Set<Integer> layers, boolean mlpOnly, Pattern pattern, long budget) {
    private static final Set<ModuleKind> MLP = EnumSet.of(ModuleKind.GATE, ModuleKind.UP, ModuleKind.DOWN);

    public TensorSelection {
        layers = Set.copyOf(layers);
        if (budget < 0) {
            throw new LocalizationException("the parameter budget must be >= 0, got " + budget);
        }
        for (int l : layers) {
            if (l < 0) {
                throw new LocalizationException("layer indices must be >= 0, got " + l);
            }
        }
    }

    /** Every tensor of the regions. */
    public static TensorSelection all() {
        return new TensorSelection(Set.of(), false, null, 0);
    }

    /** Whether this selection narrows nothing. */
    public boolean isAll() {
        return layers.isEmpty() && !mlpOnly && pattern == null && budget == 0;
    }

    /**
     * Whether a tensor passes the layer, MLP and pattern filters (the budget is applied by {@link #rank}).
     *
     * @param spec the parameter's spec
     * @param regions the settings' regions
     * @return true if it may be included
     */
    public boolean admits(ParamSpec spec, Set<ParamRegion> regions) {
        if (!regions.contains(ParamRegion.of(spec))) {
            return false;
        }
        if (!layers.isEmpty()) {
            var layer = ParamRegion.layerOf(spec.name());
            if (layer.isEmpty() || !layers.contains(layer.getAsInt())) {
                return false;
            }
        }
        if (mlpOnly && !MLP.contains(spec.kind())) {
            return false;
        }
        return pattern == null || pattern.matcher(spec.name()).find();
    }

    /**
     * Applies the budget: the admitted tensors, most changed (mean |Δ|) first, kept while their sizes sum
     * to at most {@link #budget()}; in the model's order. Without a budget, all of them.
     *
     * @param sizes admitted tensor name to element count, in model order
     * @param meanAbsDelta admitted tensor name to its mean |θ_ft − θ_pre|
     * @return the kept names, in model order
     * @throws LocalizationException when no tensor fits the budget
     */
    public List<String> rank(Map<String, Long> sizes, Map<String, Double> meanAbsDelta) {
        if (budget == 0) {
            return new ArrayList<>(sizes.keySet());
        }
        List<String> order = new ArrayList<>(sizes.keySet());
        order.sort(Comparator.comparingDouble((String n) -> -meanAbsDelta.getOrDefault(n, 0.0)));
        Set<String> kept = new LinkedHashSet<>();
        long used = 0;
        for (String n : order) {
            long size = sizes.get(n);
            if (used + size <= budget) {
                kept.add(n);
                used += size;
            }
        }
        if (kept.isEmpty()) {
            long smallest =
                    sizes.values().stream().mapToLong(Long::longValue).min().orElse(0);
            throw new LocalizationException("no included tensor fits the budget of " + budget
                    + " parameters (the smallest has " + smallest + ")");
        }
        List<String> out = new ArrayList<>();
        for (String n : sizes.keySet()) {
            if (kept.contains(n)) {
                out.add(n);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        if (isAll()) {
            return "all";
        }
        List<String> parts = new ArrayList<>();
        if (!layers.isEmpty()) {
            parts.add("layers " + layers.stream().sorted().toList());
        }
        if (mlpOnly) {
            parts.add("MLPs");
        }
        if (pattern != null) {
            parts.add("names ~ /" + pattern + "/");
        }
        if (budget > 0) {
            parts.add("budget " + budget);
        }
        return String.join(", ", parts);
    }
}
