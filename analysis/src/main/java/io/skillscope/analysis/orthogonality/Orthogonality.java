package io.skillscope.analysis.orthogonality;

import io.skillscope.analysis.ModuleType;
import io.skillscope.analysis.TensorLabel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Compares two weight updates tensor by tensor (docs/methods.md §3, PaST 2026): cos_ℓ = ⟨ΔA_ℓ, ΔB_ℓ⟩ /
 * (‖ΔA_ℓ‖ ‖ΔB_ℓ‖), principal angles of the top-r singular subspaces and top-support overlap, with an
 * optional control update (another SFT run) and a seeded random-direction baseline.
 *
 * <pre>{@code
 * OrthogonalityReport r = Orthogonality.between("SFT", sft, "RL", rl)
 *         .optControl("SFT (seed 2)", sft2)
 *         .optOptions(OrthogonalityOptions.defaults().withRank(4))
 *         .compute();
 * }</pre>
 *
 * <p>Tensors are A's; those missing from B or the control are listed in
 * {@link OrthogonalityReport#skipped()}. A shape mismatch is an error. Rows are grouped per module and
 * per layer by A's {@link WeightUpdate#label labels}; unlabelled tensors count in the overall summary
 * only (module {@code OTHER}, no layer).
 */
public final class Orthogonality {
    private final String labelA;
    private final WeightUpdate a;
    private final String labelB;
    private final WeightUpdate b;
    private String controlLabel;
    private WeightUpdate control;
    private OrthogonalityOptions options = OrthogonalityOptions.defaults();

    private Orthogonality(String labelA, WeightUpdate a, String labelB, WeightUpdate b) {
        this.labelA = Objects.requireNonNull(labelA, "labelA");
        this.a = Objects.requireNonNull(a, "a");
        this.labelB = Objects.requireNonNull(labelB, "labelB");
        this.b = Objects.requireNonNull(b, "b");
    }

    /** Starts a comparison of update A (e.g. SFT) with update B (e.g. RL). */
    public static Orthogonality between(String labelA, WeightUpdate a, String labelB, WeightUpdate b) {
        return new Orthogonality(labelA, a, labelB, b);
    }

    /** Adds a control update compared with A the same way (e.g. SFT with another seed or data). */
    public Orthogonality optControl(String label, WeightUpdate update) {
        this.controlLabel = Objects.requireNonNull(label, "label");
        this.control = Objects.requireNonNull(update, "update");
        return this;
    }

    /** Replaces the default settings. */
    public Orthogonality optOptions(OrthogonalityOptions opts) {
        this.options = Objects.requireNonNull(opts, "options");
        return this;
    }

    /** Runs the comparison. */
    public OrthogonalityReport compute() {
        WeightUpdate random = RandomBaseline.like(a, options.seed());
        List<TensorComparison> rows = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Map.Entry<String, ShapedArray> e : a.tensors().entrySet()) {
            String name = e.getKey();
            ShapedArray ta = e.getValue();
            ShapedArray tb = b.tensors().get(name);
            ShapedArray tc = control == null ? null : control.tensors().get(name);
            if (tb == null || (control != null && tc == null)) {
                skipped.add(name);
                continue;
            }
            checkShape(name, labelB, ta, tb);
            if (tc != null) {
                checkShape(name, controlLabel, ta, tc);
            }
            rows.add(compare(name, ta, tb, tc, random.get(name)));
        }
        return new OrthogonalityReport(
                labelA,
                labelB,
                Optional.ofNullable(controlLabel),
                options,
                rows,
                summariseByModule(rows),
                summariseByLayer(rows),
                GroupSummary.of("all", rows),
                skipped);
    }

    private TensorComparison compare(String name, ShapedArray ta, ShapedArray tb, ShapedArray tc, ShapedArray tr) {
        double cos = Cosine.of(ta, tb);
        double ctl = tc == null ? Double.NaN : Cosine.of(ta, tc);
        double rnd = Cosine.of(ta, tr);
        PrincipalAngles angles = angles(ta, tb);
        PrincipalAngles ctlAngles = tc == null ? PrincipalAngles.none() : angles(ta, tc);
        SupportOverlap sup = SupportOverlap.of(ta.values(), tb.values(), options.topFraction());
        SupportOverlap ctlSup = tc == null ? null : SupportOverlap.of(ta.values(), tc.values(), options.topFraction());
        TensorLabel label = a.label(name);
        return new TensorComparison(
                name, label.module(), label.layer(), ta.shape(), cos, ctl, rnd, angles, ctlAngles, sup, ctlSup);
    }

    private PrincipalAngles angles(ShapedArray x, ShapedArray y) {
        if (!x.isMatrix() || Math.min(x.shape()[0], x.shape()[1]) > options.maxSvdDim()) {
            return PrincipalAngles.none();
        }
        return PrincipalAngles.ofTopSingular(x, y, options.rank());
    }

    private static Map<ModuleType, GroupSummary> summariseByModule(List<TensorComparison> rows) {
        Map<ModuleType, List<TensorComparison>> groups = new EnumMap<>(ModuleType.class);
        for (TensorComparison r : rows) {
            groups.computeIfAbsent(r.module(), k -> new ArrayList<>()).add(r);
        }
        Map<ModuleType, GroupSummary> out = new EnumMap<>(ModuleType.class);
        groups.forEach((m, rs) -> out.put(m, GroupSummary.of(m.label(), rs)));
        return out;
    }

    private static SortedMap<Integer, GroupSummary> summariseByLayer(List<TensorComparison> rows) {
        SortedMap<Integer, List<TensorComparison>> groups = new TreeMap<>();
        for (TensorComparison r : rows) {
            r.layer()
                    .ifPresent(l ->
                            groups.computeIfAbsent(l, k -> new ArrayList<>()).add(r));
        }
        SortedMap<Integer, GroupSummary> out = new TreeMap<>();
        groups.forEach((l, rs) -> out.put(l, GroupSummary.of("layer " + l, rs)));
        return out;
    }

    private static void checkShape(String name, String label, ShapedArray x, ShapedArray y) {
        if (!Arrays.equals(x.shape(), y.shape())) {
            throw new IllegalArgumentException("tensor '" + name + "' has shape " + Arrays.toString(x.shape())
                    + " in A but " + Arrays.toString(y.shape()) + " in " + label);
        }
    }
}
