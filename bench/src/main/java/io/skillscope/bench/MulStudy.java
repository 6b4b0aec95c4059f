package io.skillscope.bench;

import io.skillscope.core.KeyValueArgs;
import io.skillscope.core.generate.Generation;
import io.skillscope.core.generate.GenerationConfig;
import io.skillscope.core.generate.Generator;
import io.skillscope.core.model.Transformer;
import io.skillscope.core.train.Sequence;
import io.skillscope.core.train.StepStats;
import io.skillscope.core.train.TrainConfig;
import io.skillscope.core.train.Trainer;
import io.skillscope.datasets.CharTokenizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Why the skill lab's third stage kept {@code mul} (then 0..99 × 0..9) near 65% on held-out inputs, and what
 * fixed it (the fourth stage widened it to 0..999): fine-tunes a base ({@code models/skill-lab-base/stage3}
 * for the published numbers) on products a·b (a in 0..leftMax, b in 0..9) written with a fresh operator {@code #}
 * ({@code 84#6=} → {@code 504}, or {@code 405} with {@code --format reversed}), 80% of the inputs for
 * training and up to 400 others for test, and prints exact match on 400 training and the test inputs
 * every {@code --eval-every} steps.
 *
 * <p>With {@code --left-max 99} (the third stage's {@code mul}: 1,000 inputs, 800 to train on) the held-out
 * accuracy stalls at 69% in either digit order while every training product is learned; with
 * {@code --left-max 999} (8,000 to train on) it reaches 95.8% (forward) and 99.0% (reversed) after
 * 2,000 steps (models/skill-lab-base/EVAL.md). The fresh operator keeps the base's memorised {@code *}
 * answers out of the way.
 *
 * <p>Usage: {@code skillscope bench mul-study --model models/skill-lab-base/stage3 [--left-max 99]
 * [--format forward|reversed] [--steps 2000] [--batch 64] [--lr 1e-3] [--seed 5] [--eval-every 250]}
 */
public final class MulStudy {
    private MulStudy() {}

    /**
     * Runs the study.
     *
     * @param args {@code --key value} pairs, see the class comment
     */
    public static void main(String[] args) {
        Map<String, String> a = KeyValueArgs.parse(args, 0);
        Path model = Path.of(a.getOrDefault("model", "models/skill-lab-base"));
        int leftMax = Integer.parseInt(a.getOrDefault("left-max", "99"));
        boolean reversed = switch (a.getOrDefault("format", "forward")) {
            case "forward" -> false;
            case "reversed" -> true;
            default ->
                throw new IllegalArgumentException("--format must be forward or reversed, got " + a.get("format"));
        };
        int steps = Integer.parseInt(a.getOrDefault("steps", "2000"));
        int batch = Integer.parseInt(a.getOrDefault("batch", "64"));
        double lr = Double.parseDouble(a.getOrDefault("lr", "1e-3"));
        long seed = Long.parseLong(a.getOrDefault("seed", "5"));
        int evalEvery = Integer.parseInt(a.getOrDefault("eval-every", "250"));
        if (leftMax < 9 || steps < 1 || batch < 1 || evalEvery < 1) {
            throw new IllegalArgumentException("need --left-max >= 9 and positive --steps, --batch, --eval-every");
        }

        CharTokenizer tok = CharTokenizer.standard();
        List<int[]> inputs = new ArrayList<>();
        for (int x = 0; x <= leftMax; x++) {
            for (int y = 0; y <= 9; y++) {
                inputs.add(new int[] {x, y});
            }
        }
        Collections.shuffle(inputs, new Random(seed));
        int nTrain = inputs.size() * 8 / 10;
        List<int[]> train = inputs.subList(0, nTrain);
        List<int[]> test = inputs.subList(nTrain, Math.min(inputs.size(), nTrain + 400));
        List<Sequence> seqs = new ArrayList<>();
        for (int[] xy : train) {
            int[] ans = tok.encode(answer(xy, reversed));
            int[] withEos = Arrays.copyOf(ans, ans.length + 1);
            withEos[ans.length] = tok.eosId();
            seqs.add(Sequence.of(prompt(tok, xy), withEos));
        }
        System.out.printf(
                Locale.ROOT,
                "MulStudy: a in 0..%d, b in 0..9, %s digits; %d train / %d test inputs;"
                        + " AdamW lr %.0e, batch %d, %d steps, seed %d, base %s%n",
                leftMax,
                reversed ? "reversed" : "forward",
                train.size(),
                test.size(),
                lr,
                batch,
                steps,
                seed,
                model);
        long t0 = System.nanoTime();
        try (Transformer m = Transformer.load(model);
                Trainer t = new Trainer(m, TrainConfig.adamW(lr, 0.01).withClipNorm(1.0), Trainer.all(m))) {
            Random rng = new Random(seed + 1);
            for (int s = 1; s <= steps; s++) {
                List<Sequence> b = new ArrayList<>(batch);
                for (int i = 0; i < batch; i++) {
                    b.add(seqs.get(rng.nextInt(seqs.size())));
                }
                StepStats st = t.step(b, tok.padId());
                if (s % evalEvery == 0 || s == steps) {
                    System.out.printf(
                            Locale.ROOT,
                            "step %5d  loss %.4f  train %.3f  test %.3f  (%.0f s)%n",
                            s,
                            st.loss(),
                            accuracy(m, tok, train.subList(0, Math.min(400, train.size())), reversed),
                            accuracy(m, tok, test, reversed),
                            (System.nanoTime() - t0) / 1e9);
                }
            }
        }
    }

    /** The product's digits, most significant first, or reversed. */
    static String answer(int[] xy, boolean reversed) {
        String p = Integer.toString(xy[0] * xy[1]);
        return reversed ? new StringBuilder(p).reverse().toString() : p;
    }

    private static int[] prompt(CharTokenizer tok, int[] xy) {
        int[] p = tok.encode(xy[0] + "#" + xy[1] + "=");
        int[] out = new int[p.length + 1];
        out[0] = tok.bosId();
        System.arraycopy(p, 0, out, 1, p.length);
        return out;
    }

    private static double accuracy(Transformer m, CharTokenizer tok, List<int[]> set, boolean reversed) {
        int ok = 0;
        for (int from = 0; from < set.size(); from += 200) {
            List<int[]> chunk = set.subList(from, Math.min(set.size(), from + 200));
            List<int[]> prompts = new ArrayList<>();
            for (int[] xy : chunk) {
                prompts.add(prompt(tok, xy));
            }
            List<Generation> g = Generator.generate(m, prompts, GenerationConfig.greedy(6, tok.padId(), tok.eosId()));
            for (int i = 0; i < g.size(); i++) {
                if (g.get(i).stopped() && tok.decode(g.get(i).tokens()).equals(answer(chunk.get(i), reversed))) {
                    ok++;
                }
            }
        }
        return (double) ok / set.size();
    }
}
