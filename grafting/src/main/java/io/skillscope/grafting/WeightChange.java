package io.skillscope.grafting;

import io.skillscope.core.checkpoint.TensorSource;
import java.util.ArrayList;
import java.util.List;

/**
 * How far one checkpoint moved from another, per tensor: ‖θ − θ_ref‖₂ / ‖θ_ref‖₂ and the number of
 * entries that differ. Streams one tensor of each at a time, a large one in chunks; the summary of a merge or a graft
 * against its base.
 *
 * @param name the tensor
 * @param numel its number of entries
 * @param changed entries where θ ≠ θ_ref
 * @param relativeChange ‖θ − θ_ref‖₂ / ‖θ_ref‖₂ (‖θ − θ_ref‖₂ when θ_ref is all zeros)
 */
public record WeightChange(String name, long numel, long changed, double relativeChange) {
    /**
     * Every floating-point tensor that both checkpoints hold with the same shape, in name order.
     *
     * @param reference θ_ref, e.g. the base of a merge
     * @param changed θ, e.g. the merged model
     * @return one row per tensor
     */
    public static List<WeightChange> between(TensorSource reference, TensorSource changed) {
        List<WeightChange> out = new ArrayList<>();
        for (String name : reference.names()) {
            if (!reference.info(name).dtype().isFloating() || !changed.contains(name)) {
                continue;
            }
            Outputs.sameShape(name, reference, changed);
            TensorChunks ra = new TensorChunks(reference, name, TensorChunks.DEFAULT_SIZE);
            TensorChunks rb = new TensorChunks(changed, name, TensorChunks.DEFAULT_SIZE);
            double diff = 0;
            double norm = 0;
            long n = 0;
            for (int c = 0; c < ra.chunks(); c++) {
                float[] a = ra.read(c); // [chunk]
                float[] b = rb.read(c); // [chunk]
                for (int i = 0; i < ra.length(c); i++) {
                    double d = (double) b[i] - a[i];
                    diff += d * d;
                    norm += (double) a[i] * a[i];
                    if (b[i] != a[i]) {
                        n++;
                    }
                }
            }
            out.add(new WeightChange(name, ra.numel(), n, norm > 0 ? Math.sqrt(diff / norm) : Math.sqrt(diff)));
        }
        return out;
    }
}
