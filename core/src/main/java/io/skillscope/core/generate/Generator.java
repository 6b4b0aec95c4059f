package io.skillscope.core.generate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import io.skillscope.core.Finite;
import io.skillscope.core.SkillscopeException;
import io.skillscope.core.hooks.Phase;
import io.skillscope.core.model.KvCache;
import io.skillscope.core.model.RunUntil;
import io.skillscope.core.model.TokenBatch;
import io.skillscope.core.model.Transformer;
import java.util.ArrayList;
import java.util.List;

/**
 * Batched autoregressive decoding with a KV cache. Prompts are left-padded; the prompt pass fires
 * hooks with phase PREFILL, each new token with phase DECODE and its step number. Finished rows are
 * fed padding that nothing attends to. Ids the tokenizer cannot decode ({@link
 * GenerationConfig#withVocabulary}) get −∞ logits before the choice; with none, nothing is masked.
 * Prompt and new tokens stay within the model's context ({@link io.skillscope.core.config.ContextLimit}):
 * a prompt longer than it is refused, and generation stops when the sequence fills it, whatever {@link
 * GenerationConfig#maxNewTokens} says. Each pass's activations live in a manager closed after the pass.
 */
public final class Generator {
    private Generator() {}

    /** Generates one continuation per prompt. */
    public static List<Generation> generate(Transformer model, List<int[]> prompts, GenerationConfig config) {
        if (prompts.isEmpty()) {
            return List.of();
        }
        int b = prompts.size();
        int vocab = model.config().vocabSize();
        Sampler sampler = new Sampler(config);
        boolean mask = config.masks(vocab); // false when the tokenizer covers the embedding: no cost
        List<List<Integer>> out = new ArrayList<>();
        boolean[] done = new boolean[b];
        boolean[] stopped = new boolean[b];
        for (int i = 0; i < b; i++) {
            out.add(new ArrayList<>());
        }
        TokenBatch batch = TokenBatch.leftPadded(prompts, config.padId());
        model.context().require(batch.length(), "the prompt");
        int maxNew = model.context().capNew(batch.length(), config.maxNewTokens()); // stop at the context
        if (maxNew == 0) {
            return unfinished(prompts);
        }
        try (NDManager m = model.manager().newSubManager();
                KvCache cache = model.newCache(m, b, batch.length() + maxNew)) {
            float[] last;
            try (NDManager pass = m.newSubManager()) {
                // the head on the last position only: a [B, T, V] prefill was the peak of NA's and KSD's
                // evaluation on a 152k vocabulary
                NDArray logits = model.forward(pass, batch, cache, Phase.PREFILL, 0, RunUntil.LAST_LOGITS); // [B, 1, V]
                last = logits.get(new NDIndex(":, -1, :")).toFloatArray(); // [B·V]
            }
            requireFinite(model, last, prompts, null, vocab, 0);
            if (mask) {
                mask(last, b, vocab, config);
            }
            for (int step = 1; step <= maxNew; step++) {
                int[][] next = new int[b][1];
                boolean[][] valid = new boolean[b][1];
                boolean anyLive = false;
                for (int r = 0; r < b; r++) {
                    if (done[r]) {
                        next[r][0] = config.padId();
                        continue;
                    }
                    int tok = sampler.next(last, r * vocab, vocab);
                    if (config.stopTokens().contains(tok)) {
                        done[r] = true;
                        stopped[r] = true;
                        next[r][0] = config.padId();
                        continue;
                    }
                    out.get(r).add(tok);
                    next[r][0] = tok;
                    valid[r][0] = true;
                    anyLive = true;
                    if (out.get(r).size() >= maxNew) {
                        done[r] = true;
                    }
                }
                if (!anyLive || allDone(done)) {
                    break;
                }
                try (NDManager pass = m.newSubManager()) {
                    NDArray logits =
                            model.forward(pass, TokenBatch.of(next, valid), cache, Phase.DECODE, step); // [B, 1, V]
                    last = logits.toFloatArray(); // [B·V]
                }
                requireFinite(model, last, prompts, out, vocab, step);
                if (mask) {
                    mask(last, b, vocab, config);
                }
            }
        } catch (RuntimeException e) {
            if (e instanceof SkillscopeException) {
                throw e;
            }
            throw new SkillscopeException("generation failed: " + e.getMessage(), e);
        }
        List<Generation> result = new ArrayList<>(b);
        for (int r = 0; r < b; r++) {
            int[] toks = out.get(r).stream().mapToInt(Integer::intValue).toArray();
            result.add(new Generation(prompts.get(r).clone(), toks, stopped[r]));
        }
        return result;
    }

    /**
     * Refuses non-finite logits {@code [B·V]}: they would pick id 0 (often padding) and score as wrong
     * answers. The message names the row and step, and where the value first appeared ({@link
     * Transformer#locateNonFinite} over that row's sequence).
     */
    private static void requireFinite(
            Transformer model, float[] logits, List<int[]> prompts, List<List<Integer>> out, int vocab, int step) {
        int bad = Finite.firstNonFinite(logits, 0, logits.length);
        if (bad < 0) {
            return;
        }
        int row = bad / vocab;
        int[] seq = prompts.get(row);
        if (out != null) {
            int[] gen = out.get(row).stream().mapToInt(Integer::intValue).toArray();
            seq = java.util.Arrays.copyOf(seq, seq.length + gen.length);
            System.arraycopy(gen, 0, seq, prompts.get(row).length, gen.length);
        }
        throw new Finite.NonFiniteException(Finite.describe(
                        "the logit vector of prompt " + row + " at generation step " + step,
                        bad % vocab,
                        logits[bad],
                        null)
                + "; first non-finite value: " + model.locateNonFinite(seq));
    }

    private static List<Generation> unfinished(List<int[]> prompts) {
        List<Generation> result = new ArrayList<>(prompts.size());
        for (int[] p : prompts) {
            result.add(new Generation(p.clone(), new int[0], false));
        }
        return result;
    }

    /** Sets the logits of ids the tokenizer cannot decode to −∞, in every row of {@code [B·V]}. */
    private static void mask(float[] logits, int rows, int vocab, GenerationConfig config) {
        int limit = Math.min(config.idLimit(), vocab);
        for (int r = 0; r < rows; r++) {
            int from = r * vocab;
            java.util.Arrays.fill(logits, from + limit, from + vocab, Float.NEGATIVE_INFINITY);
            for (int id : config.blockedIds()) {
                if (id >= limit) {
                    break;
                }
                logits[from + id] = Float.NEGATIVE_INFINITY;
            }
        }
    }

    private static boolean allDone(boolean[] done) {
        for (boolean d : done) {
            if (!d) {
                return false;
            }
        }
        return true;
    }

    /** Convenience: one prompt. */
    public static Generation generate(Transformer model, int[] prompt, GenerationConfig config) {
        return generate(model, List.of(prompt), config).get(0);
    }
}
