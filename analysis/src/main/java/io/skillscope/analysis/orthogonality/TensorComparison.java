package io.skillscope.analysis.orthogonality;

import io.skillscope.analysis.ModuleType;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * One row of an {@link OrthogonalityReport}: how update A relates to update B on one tensor, with the
 * controls beside it.
 *
 * @param name            tensor name
 * @param module          module type parsed from the name
 * @param layer           block index, empty outside the blocks
 * @param shape           tensor shape
 * @param cosine          cos(ΔA, ΔB); NaN if either is zero
 * @param controlCosine   cos(ΔA, Δcontrol); NaN without a control
 * @param randomCosine    cos(ΔA, random direction)
 * @param angles          principal angles between the top-r left singular subspaces of ΔA and ΔB
 *                        (empty for vectors or matrices past the SVD limit)
 * @param controlAngles   the same for ΔA and Δcontrol (empty without a control)
 * @param support         top-magnitude support overlap of ΔA and ΔB
 * @param controlSupport  the same for ΔA and Δcontrol, or null without a control
 */
public record TensorComparison(
        String name,
        ModuleType module,
        OptionalInt layer,
        int[] shape,
        double cosine,
        double controlCosine,
        double randomCosine,
        PrincipalAngles angles,
        PrincipalAngles controlAngles,
        SupportOverlap support,
        SupportOverlap controlSupport) {
    /** Validates the required parts. */
    public TensorComparison {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(layer, "layer");
        shape = Objects.requireNonNull(shape, "shape").clone();
        Objects.requireNonNull(angles, "angles");
        Objects.requireNonNull(controlAngles, "controlAngles");
        Objects.requireNonNull(support, "support");
    }

    /** A copy of the shape. */
    @Override
    public int[] shape() {
        return shape.clone();
    }

    /** Number of elements. */
    public long size() {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    /** Expected |cos| of a random direction at this size, √(2/(π n)). */
    public double expectedRandomAbsCosine() {
        return RandomBaseline.expectedAbsCosine(size());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorComparison t
                && t.name.equals(name)
                && Arrays.equals(t.shape, shape)
                && Double.compare(t.cosine, cosine) == 0
                && Double.compare(t.controlCosine, controlCosine) == 0
                && Double.compare(t.randomCosine, randomCosine) == 0
                && t.angles.equals(angles)
                && t.controlAngles.equals(controlAngles)
                && t.support.equals(support)
                && Objects.equals(t.controlSupport, controlSupport);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, Arrays.hashCode(shape), cosine, controlCosine, randomCosine);
    }

    /** {@code model.layers.0.mlp.up_proj.weight [512x128] up: cos 0.0123 (control 0.310, random 0.0004)}. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(name).append(" [");
        for (int i = 0; i < shape.length; i++) {
            s.append(i == 0 ? "" : "x").append(shape[i]);
        }
        return s.append(String.format(
                        Locale.ROOT,
                        "] %s: cos %.4f (control %.4f, random %.4f)",
                        module.label(),
                        cosine,
                        controlCosine,
                        randomCosine))
                .toString();
    }
}
