package io.skillscope.localization;

import io.skillscope.core.PassProgress;
import io.skillscope.core.checkpoint.TensorSource;
import io.skillscope.core.config.ModelConfig;
import io.skillscope.core.model.CheckpointMatch;
import io.skillscope.core.model.ParameterStore;
import io.skillscope.core.model.Transformer;
import io.skillscope.grafting.Mask;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the overlap of two skills' regions carries: for skills i and j whose masks m_i, m_j were learned
 * against the same θ_pre, skill i's exact-match accuracy on its own test items under
 *
 * <pre>
 *   θ_pre,   θ_ft_i,   θ_pre + m_i ⊙ Δ_i,   θ_pre + (m_i ∩ m_j) ⊙ Δ_i,   θ_pre + (m_i ∪ m_j) ⊙ Δ_i
 * </pre>
 *
 * with Δ_i = θ_ft_i − θ_pre. If the intersection alone keeps most of the mask's accuracy, the weights the
 * two skills share carry skill i; if the union adds to it, skill j's weights help skill i too (Panigrahi,
 * Saunshi, Zhao, Arora, ICML 2023, who compare the regions of different tasks; docs/methods.md §1).
 *
 * <p>The graft of a mask is the selection {@link Mask#graft} (θ_ft inside, θ_pre outside), the same one
 * {@link Localizer} scores, and the test items are scored by {@link TaskEval#predict} with the same batch,
 * so the m_i row equals {@code localize}'s own graft accuracy for that mask. Memory: one model in native
 * memory, holding θ_pre; each graft writes the tensors its mask touches in place, read from the two
 * checkpoints one tensor at a time, and restores them from θ_pre's checkpoint after scoring.
 *
 * <pre>{@code
 * List<PairGrafts.Row> rows = PairGrafts.evaluate(baseDir,
 *         List.of(new PairGrafts.Skill("mul", mulMask, mulFt, mulTask), new PairGrafts.Skill("add", ...)), 64);
 * }</pre>
 */
public final class PairGrafts {
    private PairGrafts() {}

    /**
     * One skill: its mask, its fine-tuned model and its task.
     *
     * @param name the skill's name in the rows
     * @param mask m_i, over θ_pre's parameter names
     * @param finetuned θ_ft_i's folder
     * @param data the task whose test items are scored
     */
    public record Skill(String name, Mask mask, Path finetuned, TaskData data) {}

    /** Which model a row scores. */
    public enum Kind {
        /** θ_pre. */
        PRE,
        /** θ_ft_i. */
        FT,
        /** θ_pre + m_i ⊙ Δ_i. */
        MASK,
        /** θ_pre + (m_i ∩ m_j) ⊙ Δ_i. */
        INTERSECTION,
        /** θ_pre + (m_i ∪ m_j) ⊙ Δ_i. */
        UNION;

        /** The word in {@code result.json}: {@code pre}, {@code ft}, {@code mask}, {@code intersection}, {@code union}. */
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One scored model.
     *
     * @param skill i, whose Δ is grafted and whose test items are scored
     * @param partner j for {@link Kind#INTERSECTION} and {@link Kind#UNION}, else null
     * @param kind the model
     * @param selected |mask| of the graft (0 for θ_pre, every weight for θ_ft)
     * @param accuracy exact match on skill i's test items, in [0, 1]
     * @param n the number of test items
     */
    public record Row(String skill, String partner, Kind kind, long selected, double accuracy, int n) {}

    /**
     * Scores every skill's θ_pre, θ_ft, mask graft, and for every other skill j the intersection and union
     * grafts.
     *
     * @param base θ_pre's folder, the base every mask was learned against
     * @param skills two or more skills
     * @param evalBatch items per generation batch ({@code localize}'s {@code settings.eval_batch})
     * @return for each skill i in order: pre, ft, mask, then intersection and union for each j ≠ i
     * @throws LocalizationException when a fine-tuned model's architecture differs from θ_pre's, or a mask
     *     names a tensor that θ_pre lacks or gives it another shape
     */
    public static List<Row> evaluate(Path base, List<Skill> skills, int evalBatch) {
        List<Row> rows = new ArrayList<>();
        try (TensorSource pre = TensorSource.open(base);
                Transformer model = Transformer.load(base)) {
            ModelConfig config = model.config();
            Map<String, String> preNames = CheckpointMatch.check(config, pre);
            ParameterStore params = model.parameters();
            for (Skill s : skills) {
                checkMask(s, params);
            }
            int total = skills.size() * (3 + 2 * (skills.size() - 1));
            try (PassProgress progress = PassProgress.start("overlap grafts", total)) {
                for (Skill i : skills) {
                    ModelConfig ftConfig = ModelConfig.load(i.finetuned().resolve("config.json"));
                    if (!ftConfig.equals(config)) {
                        throw new LocalizationException("skill " + i.name() + ": fine-tuned model " + i.finetuned()
                                + " has another architecture than θ_pre " + base + ": " + ftConfig + " vs " + config);
                    }
                    try (TensorSource ft = TensorSource.open(i.finetuned())) {
                        Grafter g = new Grafter(model, pre, preNames, ft, CheckpointMatch.check(config, ft));
                        rows.add(row(i, null, Kind.PRE, 0, predict(model, i, evalBatch)));
                        progress.advance(1);
                        rows.add(g.scoreFt(i, evalBatch));
                        progress.advance(1);
                        rows.add(g.score(i, null, Kind.MASK, i.mask(), evalBatch));
                        progress.advance(1);
                        for (Skill j : skills) {
                            if (j == i) {
                                continue;
                            }
                            rows.add(g.score(
                                    i, j.name(), Kind.INTERSECTION, i.mask().and(j.mask()), evalBatch));
                            progress.advance(1);
                            rows.add(g.score(i, j.name(), Kind.UNION, i.mask().or(j.mask()), evalBatch));
                            progress.advance(1);
                        }
                    }
                }
            }
        }
        return rows;
    }

    /** Grafts into the working model from two checkpoints and restores θ_pre after each score. */
    private record Grafter(
            Transformer model,
            TensorSource pre,
            Map<String, String> preNames,
            TensorSource ft,
            Map<String, String> ftNames) {

        /** Skill i's accuracy under θ_pre + mask ⊙ Δ_i; θ_pre again afterwards. */
        Row score(Skill i, String partner, Kind kind, Mask mask, int evalBatch) {
            ParameterStore params = model.parameters();
            List<String> touched = new ArrayList<>();
            try {
                for (String name : mask.names()) {
                    if (mask.cardinality(name) == 0) {
                        continue; // θ_pre there already
                    }
                    touched.add(name);
                    float[] p = pre.readFloats(preNames.get(name));
                    float[] f = ft.readFloats(ftNames.get(name));
                    params.write(name, mask.graft(name, p, f));
                }
                return row(i, partner, kind, mask.cardinality(), predict(model, i, evalBatch));
            } finally {
                restore(touched);
            }
        }

        /** Skill i's accuracy under θ_ft_i: every parameter from its checkpoint; θ_pre again afterwards. */
        Row scoreFt(Skill i, int evalBatch) {
            ParameterStore params = model.parameters();
            List<String> touched = new ArrayList<>();
            try {
                for (String name : params.names()) {
                    touched.add(name);
                    params.write(name, ft.readFloats(ftNames.get(name)));
                }
                return row(i, null, Kind.FT, params.numel(), predict(model, i, evalBatch));
            } finally {
                restore(touched);
            }
        }

        private void restore(List<String> names) {
            for (String name : names) {
                model.parameters().write(name, pre.readFloats(preNames.get(name)));
            }
        }
    }

    private static void checkMask(Skill s, ParameterStore params) {
        for (String name : s.mask().names()) {
            if (!params.contains(name)) {
                throw new LocalizationException(
                        "skill " + s.name() + ": mask tensor " + name + " is not a parameter of θ_pre");
            }
            long[] shape = params.spec(name).shape();
            if (!Arrays.equals(shape, s.mask().shape(name))) {
                throw new LocalizationException("skill " + s.name() + ": mask tensor " + name + " has shape "
                        + Arrays.toString(s.mask().shape(name)) + " but θ_pre's is " + Arrays.toString(shape));
            }
        }
    }

    private static Predictions predict(Transformer model, Skill s, int evalBatch) {
        return TaskEval.predict(model, s.data(), s.data().test(), evalBatch, Confidence.SEQUENCE);
    }

    private static Row row(Skill s, String partner, Kind kind, long selected, Predictions p) {
        return new Row(s.name(), partner, kind, selected, p.accuracy(), p.size());
    }
}
