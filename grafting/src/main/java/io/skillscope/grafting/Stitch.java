package io.skillscope.grafting;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.skillscope.core.checkpoint.Hashing;
import io.skillscope.core.checkpoint.TensorSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Localize-and-Stitch (He et al. 2024): several task grafts on one θ_pre, overlapping entries
 * averaged: θ = θ_pre + Σ_i w_i ⊙ Δ_i with w_i = m_i / (1 + Σ_{j≠i} m_i ∧ m_j). Where c masks select an
 * entry each of those tasks gets weight 1/c. Streams one tensor at a time.
 */
public final class Stitch {
    private Stitch() {}

    /**
     * The stitching weights of one tensor: w_i[e] = m_i[e] / (1 + Σ_{j≠i} m_i[e] ∧ m_j[e]).
     *
     * @param masks m_i of one tensor, one per task
     * @param n the number of elements
     * @return w_i per task
     */
    public static float[][] weights(List<BitSet> masks, int n) {
        float[][] w = new float[masks.size()][n];
        for (int e = 0; e < n; e++) {
            int c = 0;
            for (BitSet m : masks) {
                if (m.get(e)) {
                    c++;
                }
            }
            for (int i = 0; i < masks.size(); i++) {
                if (masks.get(i).get(e)) {
                    w[i][e] = 1f / c;
                }
            }
        }
        return w;
    }

    /**
     * Writes the stitched model as a Hugging Face folder (config and tokenizer from θ_pre's folder).
     *
     * @param pre θ_pre
     * @param finetuned θ_ft,i per task
     * @param masks m_i per task (same order)
     * @param out the folder to create
     * @return {@code out}
     */
    public static Path apply(TensorSource pre, List<TensorSource> finetuned, List<Mask> masks, Path out) {
        if (finetuned.size() != masks.size() || masks.isEmpty()) {
            throw new GraftingException("stitching needs one mask per fine-tuned model, got " + finetuned.size()
                    + " models and " + masks.size() + " masks");
        }
        List<TensorSource> inputs = new ArrayList<>(finetuned);
        inputs.add(pre);
        Outputs.checkNotInput(out, inputs.toArray(new TensorSource[0]));
        TreeSet<String> names = new TreeSet<>();
        for (int i = 0; i < masks.size(); i++) {
            for (String name : masks.get(i).names()) {
                Outputs.sameShape(name, pre, finetuned.get(i));
                names.add(name);
            }
        }
        Outputs.createFolder(out);
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "pt");
        meta.put("skillscope.operation", "stitch");
        Outputs.writeTensors(
                out.resolve("model.safetensors"),
                pre,
                names,
                name -> {
                    float[] base = pre.readFloats(name);
                    double[] sum = new double[base.length];
                    int[] count = new int[base.length];
                    for (int i = 0; i < masks.size(); i++) {
                        Mask m = masks.get(i);
                        if (!m.contains(name)) {
                            continue;
                        }
                        float[] ft = finetuned.get(i).readFloats(name);
                        BitSet sel = m.selected(name);
                        for (int e = sel.nextSetBit(0); e >= 0; e = sel.nextSetBit(e + 1)) {
                            sum[e] += (double) ft[e] - base[e];
                            count[e]++;
                        }
                    }
                    for (int e = 0; e < base.length; e++) {
                        if (count[e] > 0) {
                            base[e] = (float) (base[e] + sum[e] / count[e]);
                        }
                    }
                    return base;
                },
                meta);
        Outputs.copyCompanions(Outputs.folderOf(pre), out);
        JsonObject result = new JsonObject();
        result.addProperty("operation", "stitch");
        result.addProperty("formula", "theta_pre + sum_i w_i * delta_i, w_i = m_i / (1 + sum_{j!=i} m_i & m_j)");
        result.addProperty("pre_sha256", Hashing.sha256(pre));
        JsonArray parts = new JsonArray();
        for (int i = 0; i < masks.size(); i++) {
            JsonObject p = new JsonObject();
            p.addProperty("finetuned", finetuned.get(i).path().toString());
            p.addProperty("finetuned_sha256", Hashing.sha256(finetuned.get(i)));
            p.addProperty("mask_selected", masks.get(i).cardinality());
            parts.add(p);
        }
        result.add("parts", parts);
        Outputs.writeResult(out, result);
        return out;
    }
}
