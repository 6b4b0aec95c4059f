package io.skillscope.unlearning;

import io.skillscope.core.model.Transformer;
import io.skillscope.probes.TokenCodec;
import java.nio.file.Path;
import java.util.List;

/**
 * A way of removing a skill at inference time: it answers prompts with the intervention applied and
 * saves itself as an artifact folder.
 */
public interface Unlearner {
    /** The method's short name: {@code na}, {@code ksd}, {@code prune}, {@code none}. */
    String method();

    /**
     * Greedy answers to {@code prompts} with the method applied (hooks are installed for the call and
     * removed afterwards).
     *
     * @param maxNewTokens generation length limit per prompt
     * @param batchSize prompts per generation batch
     */
    List<Answer> answer(Transformer model, TokenCodec codec, List<String> prompts, int maxNewTokens, int batchSize);

    /** Writes the artifact ({@code result.json} + tensors) into {@code dir}. */
    void save(Path dir);

    /** The settings and derived numbers worth recording in a report, as JSON-friendly values. */
    java.util.Map<String, Object> describe();

    /** No intervention: the model as it is (the "before" of every evaluation). */
    static Unlearner none() {
        return new Unlearner() {
            @Override
            public String method() {
                return "none";
            }

            @Override
            public List<Answer> answer(
                    Transformer model, TokenCodec codec, List<String> prompts, int maxNewTokens, int batchSize) {
                return Generations.answer(model, codec, prompts, maxNewTokens, batchSize);
            }

            @Override
            public void save(Path dir) {
                throw new UnsupportedOperationException("the identity has no artifact");
            }

            @Override
            public java.util.Map<String, Object> describe() {
                return java.util.Map.of();
            }

            @Override
            public String toString() {
                return "Unlearner.none";
            }
        };
    }
}
