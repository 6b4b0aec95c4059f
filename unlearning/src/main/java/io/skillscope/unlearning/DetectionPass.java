package io.skillscope.unlearning;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.skillscope.core.generate.Generation;
import io.skillscope.core.hooks.HookContext;
import io.skillscope.core.hooks.HookSession;
import io.skillscope.core.hooks.Phase;
import io.skillscope.core.model.RunUntil;
import io.skillscope.core.model.TokenBatch;
import io.skillscope.core.model.Transformer;
import io.skillscope.probes.PositionMode;
import io.skillscope.probes.ProbeDataset;
import io.skillscope.probes.TokenCodec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The passes that score keys against Key Space Detection cubes ({@link KeySpaceCube#scores}: max_i
 * |k_i − μ_i| / σ_i / k_max). {@link #run}: one greedy generation pass read by several detectors at
 * once: each scores the last prompt token at prefill and, when its settings check decoding, every
 * generated token; per prompt it keeps the smallest score and the first step whose score is at most
 * its h. {@link #promptScores}: the last prompt token of each row in plain forward passes.
 */
public final class DetectionPass {
    private DetectionPass() {}

    /** {@link KeySpaceDetector#detect} of every detector, in prompt order, from a single generation. */
    public static List<KeySpaceDetector.Detections> run(
            Transformer model,
            TokenCodec codec,
            List<KeySpaceDetector> detectors,
            List<String> prompts,
            int maxNewTokens,
            int batchSize) {
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
                answers.add(
                        first[d][i] >= 0
                                ? new Answer(detectors.get(d).settings().refusal(), false, true)
                                : new Answer(codec.decode(g.tokens()), g.stopped(), false));
            }
            out.add(new KeySpaceDetector.Detections(answers, best[d], first[d]));
        }
        return out;
    }

    /** Scores one hook call's rows: the last valid prompt token at prefill, the new token at a decode step. */
    private static void observe(
            KeySpaceDetector det, NDArray x, HookContext ctx, int offset, double[] best, int[] first) {
        if (ctx.phase() == Phase.DECODE && !det.settings().checkDecode()) {
            return;
        }
        double[] sc = det.cube().scores(x, ctx.manager()); // [B·T]
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

    /**
     * Scores of each row's last prompt token in plain forward passes (right-padded batches of
     * {@code batchSize} rows, as the probe ran).
     */
    static double[] promptScores(Transformer model, KeySpaceCube cube, ProbeDataset data, int batchSize) {
        double[] out = new double[data.size()];
        int[] offset = new int[1];
        int[][] prompts = new int[1][];
        try (HookSession s = model.hooks()) {
            s.read(cube.hook(), (x, ctx) -> {
                double[] sc = cube.scores(x, ctx.manager()); // [B·T]
                boolean[] mask = PositionMode.LAST_PROMPT_TOKEN.mask(ctx.batch(), prompts[0]);
                int t = ctx.batch().length();
                for (int r = 0; r < ctx.batch().batchSize(); r++) {
                    for (int c = 0; c < t; c++) {
                        if (mask[r * t + c]) {
                            out[offset[0] + r] = sc[r * t + c];
                        }
                    }
                }
            });
            List<ProbeDataset.Row> rows = data.rows();
            for (int from = 0; from < rows.size(); from += batchSize) {
                List<ProbeDataset.Row> chunk = rows.subList(from, Math.min(rows.size(), from + batchSize));
                List<int[]> ids = new ArrayList<>();
                prompts[0] = new int[chunk.size()];
                for (int i = 0; i < chunk.size(); i++) {
                    ids.add(chunk.get(i).tokens());
                    prompts[0][i] = chunk.get(i).promptLength();
                }
                offset[0] = from;
                try (NDManager m = model.manager().newSubManager()) {
                    model.forward(
                            m, TokenBatch.rightPadded(ids, 0), RunUntil.covering(List.of(model.hookName(cube.hook()))));
                }
            }
        }
        return out;
    }
}
