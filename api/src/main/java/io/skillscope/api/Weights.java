package io.skillscope.api;

import io.skillscope.analysis.ModuleType;
import io.skillscope.analysis.TensorLabel;
import io.skillscope.analysis.orthogonality.ShapedArray;
import io.skillscope.analysis.orthogonality.WeightUpdate;
import io.skillscope.analysis.overlap.ParameterMask;
import io.skillscope.core.SkillscopeException;
import io.skillscope.core.checkpoint.TensorSource;
import io.skillscope.core.model.Architectures;
import io.skillscope.grafting.Mask;
import io.skillscope.grafting.SkillVector;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Weight updates from checkpoints on disk, for the analysis module (which reads no files): Δ = θ_after −
 * θ_before of two Hugging Face folders, or a saved {@link SkillVector}. Tensors are read one at a time and
 * kept as float arrays on the host, each {@link #label labelled} with its block and module.
 *
 * <pre>{@code
 * WeightUpdate sft = Weights.difference(sftFolder, baseFolder);
 * WeightUpdate rl = Weights.difference(rlFolder, baseFolder);
 * OrthogonalityReport r = Orthogonality.between("SFT", sft, "RL", rl).compute();
 * }</pre>
 */
public final class Weights {
    private Weights() {}

    /**
     * Δ = θ_after − θ_before for every tensor of {@code after} (computed in double, stored as float).
     *
     * @param after a model folder (or safetensors file)
     * @param before a model folder with the same tensor names and shapes
     * @throws SkillscopeException naming the tensor when {@code before} lacks it or its shape differs
     */
    public static WeightUpdate difference(Path after, Path before) {
        Map<String, ShapedArray> out = new TreeMap<>();
        try (TensorSource a = TensorSource.open(after);
                TensorSource b = TensorSource.open(before)) {
            for (String name : a.names()) {
                if (!b.names().contains(name)) {
                    throw new SkillscopeException("tensor " + name + " of " + after + " is missing from " + before);
                }
                int[] shape = shape(a.info(name).shape());
                if (!Arrays.equals(shape, shape(b.info(name).shape()))) {
                    throw new SkillscopeException("tensor " + name + " has shape " + Arrays.toString(shape) + " in "
                            + after + " but " + Arrays.toString(b.info(name).shape()) + " in " + before);
                }
                float[] va = a.readFloats(name);
                float[] vb = b.readFloats(name);
                for (int i = 0; i < va.length; i++) {
                    va[i] = (float) ((double) va[i] - vb[i]);
                }
                out.put(name, new ShapedArray(va, shape));
            }
        }
        return WeightUpdate.of(out).labelled(Weights::label);
    }

    /** The tensors of a skill vector v = θ_a − θ_b as an update. */
    public static WeightUpdate of(SkillVector vector) {
        Map<String, ShapedArray> out = new TreeMap<>();
        try (TensorSource v = vector.open()) {
            for (String name : v.names()) {
                out.put(
                        name,
                        new ShapedArray(v.readFloats(name), shape(v.info(name).shape())));
            }
        }
        return WeightUpdate.of(out).labelled(Weights::label);
    }

    /**
     * The analysis label of a tensor from what the architecture adapters declare: its block, and the
     * module kind of a declared parameter ({@link ModuleType} has the adapters' {@code ModuleKind}
     * constants plus {@code OTHER} for buffers and unknown tensors).
     *
     * @param name a checkpoint tensor name
     * @return its label
     */
    public static TensorLabel label(String name) {
        return new TensorLabel(
                Architectures.layerOf(name),
                Architectures.role(name)
                        .map(r -> ModuleType.valueOf(r.kind().name()))
                        .orElse(ModuleType.OTHER));
    }

    private static int[] shape(long[] shape) {
        int[] s = new int[shape.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = Math.toIntExact(shape[i]);
        }
        return s;
    }

    /**
     * A grafting mask as the set of weights it selects, for the overlap analysis
     * ({@link io.skillscope.analysis.overlap.OverlapMatrix#ofMasks}).
     *
     * @param folder a mask folder ({@code mask.safetensors}), as {@code skillscope localize} or
     *     {@link io.skillscope.localization.LocalizationResult#save} writes it
     * @throws io.skillscope.grafting.GraftingException naming the folder when it holds no mask
     */
    public static ParameterMask mask(Path folder) {
        return mask(Mask.load(folder));
    }

    /** {@link #mask(Path)} of a mask in memory (say a {@link io.skillscope.localization.LocalizationResult}'s). */
    public static ParameterMask mask(Mask mask) {
        ParameterMask.Builder b = ParameterMask.builder();
        for (String t : mask.names()) {
            b.put(t, mask.selected(t), mask.numel(t));
        }
        return b.build();
    }
}
