package io.skillscope.unlearning;

import ai.djl.ndarray.NDArray;
import io.skillscope.core.generate.Generation;
import io.skillscope.core.hooks.HookSession;
import io.skillscope.core.hooks.Phase;
import io.skillscope.core.model.TokenBatch;
import io.skillscope.core.model.Transformer;
import io.skillscope.probes.TokenCodec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a Key Space Detection cube sees during greedy generation: at the positions the detector checks
 * (the prompt's last token at prefill, then each generated token at its decode step), the L2 norm of the
 * activation at the cube's hook, ‖k‖ = (Σ_i k_i²)^½, and its score max_i |k_i − μ_i| / σ_i / k_max
 * ({@link KeySpaceCube#scores}). Nothing is refused: the answers are the model's own.
 */
public final class KeyTracePass {
    private KeyTracePass() {}

    /**
     * One prompt's keys.
     *
     * @param promptNorm ‖k‖ at the prompt's last token
     * @param promptScore its score against the cube
     * @param decodeNorms ‖k‖ at each generated token fed back (decode steps 1, 2, ...)
     * @param decodeScores their scores
     */
    public record Trace(double promptNorm, double promptScore, double[] decodeNorms, double[] decodeScores) {
        /** The smallest score over the prompt and every decode step: the query is detected at h iff this ≤ h. */
        public double minScore() {
            return Math.min(promptScore, Arrays.stream(decodeScores).min().orElse(Double.POSITIVE_INFINITY));
        }
    }

    /** The traces of every prompt, in order, from one greedy generation pass with {@code batchSize} prompts per batch. */
    public static List<Trace> run(
            Transformer model,
            TokenCodec codec,
            KeySpaceCube cube,
            List<String> prompts,
            int maxNewTokens,
            int batchSize) {
        int n = prompts.size();
        double[] promptNorm = new double[n];
        double[] promptScore = new double[n];
        List<List<double[]>> decode = new ArrayList<>(n); // per prompt: {norm, score} per step
        for (int i = 0; i < n; i++) {
            decode.add(new ArrayList<>());
        }
        int[] offset = new int[1];
        try (HookSession s = model.hooks()) {
            s.read(cube.hook(), (x, ctx) -> {
                double[] sc = cube.scores(x, ctx.manager()); // [B·T]
                double[] norms = norms(x, ctx.manager()); // [B·T]
                TokenBatch batch = ctx.batch();
                int t = batch.length();
                for (int r = 0; r < batch.batchSize(); r++) {
                    int row = offset[0] + r;
                    if (ctx.phase() == Phase.DECODE) {
                        if (batch.valid(r, 0)) {
                            decode.get(row).add(new double[] {norms[r * t], sc[r * t]});
                        }
                    } else {
                        int col = batch.lastValid(r);
                        promptNorm[row] = norms[r * t + col];
                        promptScore[row] = sc[r * t + col];
                    }
                }
            });
            List<Generation> gens =
                    Generations.generate(model, codec, prompts, maxNewTokens, batchSize, o -> offset[0] = o);
            if (gens.size() != n) {
                throw new IllegalStateException(gens.size() + " generations for " + n + " prompts");
            }
        }
        List<Trace> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            List<double[]> d = decode.get(i);
            out.add(new Trace(
                    promptNorm[i],
                    promptScore[i],
                    d.stream().mapToDouble(a -> a[0]).toArray(),
                    d.stream().mapToDouble(a -> a[1]).toArray()));
        }
        return out;
    }

    /** ‖x‖ over the last axis of {@code [B, T, F]}, as {@code [B·T]} host doubles, in float64. */
    private static double[] norms(NDArray x, ai.djl.ndarray.NDManager m) {
        try (ai.djl.ndarray.NDManager sub = m.newSubManager()) {
            NDArray xd = x.toType(ai.djl.ndarray.types.DataType.FLOAT64, true); // [B, T, F]
            xd.attach(sub);
            return xd.square().sum(new int[] {-1}).sqrt().toDoubleArray(); // [B·T]
        }
    }
}
