package io.skillscope.unlearning;

import io.skillscope.core.PassProgress;
import io.skillscope.core.generate.Generation;
import io.skillscope.core.generate.GenerationConfig;
import io.skillscope.core.generate.Generator;
import io.skillscope.core.model.Transformer;
import io.skillscope.probes.TokenCodec;
import java.util.ArrayList;
import java.util.List;

/** Batched greedy generation of text answers, shared by the methods. */
final class Generations {
    private Generations() {}

    /** Greedy answers, {@code batchSize} prompts per call of the generator, in prompt order. */
    static List<Answer> answer(
            Transformer model, TokenCodec codec, List<String> prompts, int maxNewTokens, int batchSize) {
        List<Answer> out = new ArrayList<>(prompts.size());
        for (Generation g : generate(model, codec, prompts, maxNewTokens, batchSize, null)) {
            out.add(new Answer(codec.decode(g.tokens()), g.stopped(), false));
        }
        return out;
    }

    /**
     * Raw generations; {@code beforeBatch} (may be null) is told the offset of each batch before it runs,
     * so a hook can map batch rows back to prompts.
     */
    static List<Generation> generate(
            Transformer model,
            TokenCodec codec,
            List<String> prompts,
            int maxNewTokens,
            int batchSize,
            java.util.function.IntConsumer beforeBatch) {
        GenerationConfig cfg = codec.greedy(maxNewTokens); // stops at every stop id, masks undecodable ids
        List<Generation> out = new ArrayList<>(prompts.size());
        try (PassProgress progress = PassProgress.start("generate", prompts.size())) {
            for (int from = 0; from < prompts.size(); from += batchSize) {
                List<int[]> ids = new ArrayList<>();
                for (String p : prompts.subList(from, Math.min(prompts.size(), from + batchSize))) {
                    ids.add(codec.promptIds(p));
                }
                if (beforeBatch != null) {
                    beforeBatch.accept(from);
                }
                out.addAll(Generator.generate(model, ids, cfg));
                progress.advance(ids.size());
            }
        }
        return out;
    }
}
