package io.skillscope.unlearning;

import ai.djl.ndarray.NDArray;
import io.skillscope.core.generate.Generation;
import io.skillscope.core.hooks.HookContext;
import io.skillscope.core.hooks.HookSession;
import io.skillscope.core.hooks.Phase;
import io.skillscope.core.model.TokenBatch;
import io.skillscope.core.model.Transformer;
import io.skillscope.probes.TokenCodec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One greedy generation pass read by several Key Space Detection cubes at once: each cube scores the
 * last prompt token at prefill and, when its settings check decoding, every generated token; per
 * prompt it keeps the smallest score and the first step whose score is at most its h.
 */
public final class DetectionPass {
    private DetectionPass() {}

    /** {@link KeySpaceDetector#detect} of every detector, in prompt order, from a single generation. */
    public static List<KeySpaceDetector.Detections> run(Transformer model, TokenCodec codec, List<KeySpaceDetector> detectors,
                                                 List<String> prompts, int maxNewTokens, int batchSize) {
        int n = prompts.size();
        double[][] best = new double[detectors.size()][n];
        int[][] first = new int[detectors.size()][n];
        int[] offset = new int[1];
        List<Generation> gens;
        try (HookSession s = model.hooks()) {
            for (int d = 0; d < detectors.size(); d++) {
                Arrays.fill(best[d], Double.POSITIVE_INFINITY);
                Arrays.fill(first[d], -1);
                KeySpaceDetector det = detectors.get(d);
                double[] b = best[d];
                int[] f = first[d];
                s.read(det.hook(), (x, ctx) -> observe(det, x, ctx, offset[0], b, f));
            }
            gens = Generations.generate(model, codec, prompts, maxNewTokens, batchSize, o -> offset[0] = o);
        }
        List<KeySpaceDetector.Detections> out = new ArrayList<>();
        for (int d = 0; d < detectors.size(); d++) {
            List<Answer> answers = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                Generation g = gens.get(i);
                answers.add(first[d][i] >= 0 ? new Answer(detectors.get(d).settings().refusal(), false, true)
                        : new Answer(codec.decode(g.tokens()), g.stopped(), false));
            }
            out.add(new KeySpaceDetector.Detections(answers, best[d], first[d]));
        }
        return out;
    }

    /** Scores one hook call's rows: the last valid prompt token at prefill, the new token at a decode step. */
    private static void observe(KeySpaceDetector det, NDArray x, HookContext ctx, int offset, double[] best,
                                int[] first) {
        if (ctx.phase() == Phase.DECODE && !det.settings().checkDecode()) {
            return;
        }
        double[] sc = det.scores(x, ctx.manager()); // [B·T]
        TokenBatch batch = ctx.batch();
        int t = batch.length();
        for (int r = 0; r < batch.batchSize(); r++) {
            int col = ctx.phase() == Phase.DECODE ? (batch.valid(r, 0) ? 0 : -1) : batch.lastValid(r);
            if (col < 0) {
                continue;
            }
            double v = sc[r * t + col];
            int row = offset + r;
            best[row] = Math.min(best[row], v);
            if (v <= det.h() && first[row] < 0) {
                first[row] = ctx.phase() == Phase.DECODE ? ctx.step() : 0;
            }
        }
    }
}
