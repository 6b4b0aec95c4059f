package io.skillscope.grafting;

import com.google.gson.JsonObject;
import io.skillscope.core.checkpoint.Hashing;
import io.skillscope.core.checkpoint.TensorSource;
import io.skillscope.core.model.ParameterStore;
import io.skillscope.core.model.Transformer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The grafted model θ̄(γ) = θ_pre + γ ⊙ (θ_ft − θ_pre) (Panigrahi, Saunshi, Zhao, Arora, ICML 2023):
 * inside the mask the fine-tuned values, outside it the pre-trained ones (not zero).
 *
 * <p>For a binary γ this is a selection, so an all-ones mask gives θ_ft and an all-zeros mask θ_pre
 * bit for bit (the sum θ_pre + (θ_ft − θ_pre) in float32 would not). Use {@link #apply(TensorSource,
 * TensorSource, Mask, Path)} to write a new checkpoint, streaming one tensor at a time (a large one in
 * chunks), and
 * {@link #apply(Transformer, TensorSource, TensorSource, Mask)} to graft into a loaded model.
 */
public final class Graft {
    private Graft() {}

    /**
     * θ_pre + γ ⊙ Δ for a binary γ, written into {@code pre}.
     *
     * @param pre θ_pre, overwritten with the graft
     * @param ft θ_ft
     * @param gamma selected indices
     * @return {@code pre}
     */
    public static float[] select(float[] pre, float[] ft, BitSet gamma) {
        if (pre.length != ft.length) {
            throw new GraftingException("θ_pre has " + pre.length + " elements but θ_ft " + ft.length);
        }
        for (int i = gamma.nextSetBit(0); i >= 0 && i < pre.length; i = gamma.nextSetBit(i + 1)) {
            pre[i] = ft[i];
        }
        return pre;
    }

    /**
     * θ_pre + γ ⊙ Δ for a real-valued γ (a soft mask), computed in double per element.
     *
     * @param pre θ_pre
     * @param delta Δ = θ_ft − θ_pre
     * @param gamma γ, one value per element
     * @return a new array
     */
    public static float[] soft(float[] pre, float[] delta, float[] gamma) {
        if (pre.length != delta.length || pre.length != gamma.length) {
            throw new GraftingException(
                    "θ_pre, Δ and γ have " + pre.length + ", " + delta.length + " and " + gamma.length + " elements");
        }
        float[] out = new float[pre.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (pre[i] + (double) gamma[i] * delta[i]);
        }
        return out;
    }

    /**
     * Writes θ_pre + γ ⊙ Δ as a new Hugging Face folder: {@code model.safetensors} with every tensor of
     * θ_pre (masked tensors grafted, the rest copied byte for byte), {@code config.json} and tokenizer
     * files copied from θ_pre's folder, provenance in the safetensors metadata and {@code result.json}.
     *
     * @param pre θ_pre
     * @param ft θ_ft (same names and shapes for every masked tensor)
     * @param mask γ
     * @param out the folder to create; never one of the inputs' folders
     * @return {@code out}
     */
    public static Path apply(TensorSource pre, TensorSource ft, Mask mask, Path out) {
        Outputs.checkNotInput(out, pre, ft);
        for (String name : mask.names()) {
            long[] shape = Outputs.sameShape(name, pre, ft);
            if (!Arrays.equals(shape, mask.shape(name))) {
                throw new GraftingException("mask tensor " + name + " has shape " + Arrays.toString(mask.shape(name))
                        + " but the checkpoints hold " + Arrays.toString(shape));
            }
        }
        String preHash = Hashing.sha256(pre);
        String ftHash = Hashing.sha256(ft);
        Outputs.createFolder(out);
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "pt");
        meta.put("skillscope.operation", "graft");
        meta.put("skillscope.pre_sha256", preHash);
        meta.put("skillscope.ft_sha256", ftHash);
        meta.put("skillscope.mask_selected", Long.toString(mask.cardinality()));
        meta.put("skillscope.mask_included", Long.toString(mask.included()));
        Outputs.writeTensors(
                out.resolve("model.safetensors"),
                pre,
                mask.names(),
                (name, sink) -> {
                    BitSet gamma = mask.selected(name);
                    Outputs.elementwise(
                            name,
                            List.of(pre, ft),
                            TensorChunks.DEFAULT_SIZE,
                            (v, first, length) -> {
                                float[] p = v[0]; // [chunk] θ_pre, becomes the graft
                                float[] f = v[1]; // [chunk] θ_ft
                                long end = first + length;
                                for (int i = gamma.nextSetBit((int) first);
                                        i >= 0 && i < end;
                                        i = gamma.nextSetBit(i + 1)) {
                                    p[(int) (i - first)] = f[(int) (i - first)];
                                }
                                return p;
                            },
                            sink);
                },
                meta);
        Outputs.copyCompanions(Outputs.folderOf(pre), out);
        JsonObject result = new JsonObject();
        result.addProperty("operation", "graft");
        result.addProperty("formula", "theta_pre + gamma * (theta_ft - theta_pre)");
        result.addProperty("pre", pre.path().toString());
        result.addProperty("pre_sha256", preHash);
        result.addProperty("ft", ft.path().toString());
        result.addProperty("ft_sha256", ftHash);
        JsonObject m = new JsonObject();
        m.addProperty("sparsity", mask.sparsity());
        m.addProperty("n_selected", mask.cardinality());
        m.addProperty("n_included", mask.included());
        JsonObject attrs = new JsonObject();
        mask.attributes().forEach(attrs::addProperty);
        m.add("attributes", attrs);
        result.add("mask", m);
        Outputs.writeResult(out, result);
        return out;
    }

    /**
     * Grafts into a loaded model: every parameter named in the mask is set to θ_pre + γ ⊙ Δ; the other
     * parameters are left as they are (load the model from θ_pre). Reads one tensor pair at a time.
     *
     * @param model the model, usually loaded from θ_pre
     * @param pre θ_pre
     * @param ft θ_ft
     * @param mask γ; its tensor names must be the model's parameter names
     */
    public static void apply(Transformer model, TensorSource pre, TensorSource ft, Mask mask) {
        ParameterStore params = model.parameters();
        for (String name : mask.names()) {
            if (!params.contains(name)) {
                throw new GraftingException("mask tensor " + name + " is not a parameter of " + model);
            }
            Outputs.sameShape(name, pre, ft);
            params.write(name, select(pre.readFloats(name), ft.readFloats(name), mask.selected(name)));
        }
    }
}
