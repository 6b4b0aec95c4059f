package io.skillscope.grafting;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.skillscope.core.checkpoint.Hashing;
import io.skillscope.core.checkpoint.TensorSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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
                (name, sink) -> {
                    // θ_pre, then the fine-tunes whose masks hold this tensor, read chunk by chunk together
                    List<TensorSource> in = new ArrayList<>(List.of(pre));
                    List<BitSet> sel = new ArrayList<>();
                    for (int i = 0; i < masks.size(); i++) {
                        if (masks.get(i).contains(name)) {
                            in.add(finetuned.get(i));
                            sel.add(masks.get(i).selected(name));
                        }
                    }
                    int width = (int) Math.min(
                            TensorChunks.DEFAULT_SIZE,
                            Math.max(1, pre.info(name).numel()));
                    double[] sum = new double[width]; // [chunk]
                    int[] count = new int[width]; // [chunk]
                    Outputs.elementwise(
                            name,
                            in,
                            TensorChunks.DEFAULT_SIZE,
                            (v, first, length) -> {
                                float[] base = v[0]; // [chunk] θ_pre, becomes the stitch
                                Arrays.fill(sum, 0, length, 0);
                                Arrays.fill(count, 0, length, 0);
                                long end = first + length;
                                for (int j = 0; j < sel.size(); j++) {
                                    float[] ft = v[j + 1]; // [chunk] θ_ft,j
                                    BitSet s = sel.get(j);
                                    for (int e = s.nextSetBit((int) first);
                                            e >= 0 && e < end;
                                            e = s.nextSetBit(e + 1)) {
                                        int at = (int) (e - first);
                                        sum[at] += (double) ft[at] - base[at];
                                        count[at]++;
                                    }
                                }
                                for (int at = 0; at < length; at++) {
                                    if (count[at] > 0) {
                                        base[at] = (float) (base[at] + sum[at] / count[at]);
                                    }
                                }
                                return base;
                            },
                            sink);
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
