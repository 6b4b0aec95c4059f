package io.skillscope.unlearning;

import io.skillscope.datasets.Example;
import io.skillscope.datasets.SkillSuite;
import io.skillscope.datasets.SplitSizes;
import java.util.ArrayList;
import java.util.List;

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

    @Override
    public String toString() {
        return "UnlearningData[forget " + forget.name() + ", retain " + retain.stream().map(EvalPart::name).toList() + "]";
    }
}
