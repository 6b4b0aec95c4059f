package io.skillscope.unlearning;

import io.skillscope.datasets.Example;
import io.skillscope.datasets.SkillSuite;
import io.skillscope.datasets.SplitSizes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The data of one unlearning experiment: the forget set and the retain sets, each split into train,
 * dev and test ({@link EvalPart}).
 */
public record UnlearningData(EvalPart forget, List<EvalPart> retain) {
    public UnlearningData {
        if (forget == null || retain == null || retain.isEmpty()) {
            throw new IllegalArgumentException("UnlearningData needs a forget set and at least one retain set");
        }
        retain = List.copyOf(retain);
    }

    /**
     * From command-line words: {@code --forget SKILL|FILE}, {@code --retain SKILL,...|FILE,...} (a skill
     * word may join skills with {@code +}, e.g. {@code add+sub+mul}).
     */
    public static UnlearningData parse(String forget, String retain, SkillSuite suite, SplitSizes sizes, long seed) {
        List<EvalPart> r = new ArrayList<>();
        for (String w : retain.split(",")) {
            if (!w.isBlank()) {
                r.add(EvalPart.parse(w.trim(), suite, sizes, seed));
            }
        }
        return new UnlearningData(EvalPart.parse(forget.trim(), suite, sizes, seed), r);
    }

    /** Every retain set's training examples, pooled (Neuron Adjust and pruning probe one retain set). */
    public List<Example> retainTrain() {
        List<Example> out = new ArrayList<>();
        for (EvalPart p : retain) {
            out.addAll(p.train());
        }
        return out;
    }

    /** The dev prompts of every retain set, by set name, in order. */
    public Map<String, List<String>> retainDevPrompts() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (EvalPart p : retain) {
            out.put(p.name(), p.devPrompts());
        }
        return out;
    }

    /** The generation limit that fits every set's answers: the largest {@link EvalPart#maxNewTokens}. */
    public int maxNewTokens() {
        int n = forget.maxNewTokens();
        for (EvalPart p : retain) {
            n = Math.max(n, p.maxNewTokens());
        }
        return n;
    }

    @Override
    public String toString() {
        return "UnlearningData[forget " + forget.name() + ", retain "
                + retain.stream().map(EvalPart::name).toList() + "]";
    }
}
