package io.skillscope.core.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Random prompts for tests. */
public final class TinyPrompts {
    private TinyPrompts() {}

    /**
     * {@code n} prompts of 3 to 6 characters drawn from {@code alphabet}, each followed by {@code '='}
     * (over a..z these are ids 69..94 in the skill lab's standard character tokenizer).
     */
    public static List<String> prompts(int n, String alphabet, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            StringBuilder sb = new StringBuilder();
            int len = 3 + rng.nextInt(4);
            for (int j = 0; j < len; j++) {
                sb.append(alphabet.charAt(rng.nextInt(alphabet.length())));
            }
            out.add(sb.append('=').toString());
        }
        return out;
    }
}
