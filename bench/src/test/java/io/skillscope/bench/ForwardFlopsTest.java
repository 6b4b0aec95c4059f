package io.skillscope.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import io.skillscope.core.config.ModelConfig;
import io.skillscope.core.model.ParamSpec;
import io.skillscope.core.model.Transformer;
import org.junit.jupiter.api.Test;

/**
 * The analytic count equals an independent one: every weight matrix a token passes through costs
 * 2 FLOP per element per token (Kaplan et al. 2020), counted from the model's actual parameter shapes,
 * plus 2·2·B·H·T²·D per layer for scores and values.
 */
class ForwardFlopsTest {

    private static long fromParameterShapes(ModelConfig c, int batch, int seq) {
        long matrixElements = 0;
        try (Transformer model = Transformer.random(c, 1, Device.cpu())) {
            for (ParamSpec p : model.parameters().specs()) {
                boolean embedding = p.name().contains("wte")
                        || p.name().contains("wpe")
                        || p.name().contains("embed_tokens");
                if (p.shape().length == 2 && !embedding) {
                    matrixElements += p.numel();
                }
            }
        }
        if (c.tieWordEmbeddings()) {
            matrixElements += (long) c.vocabSize() * c.hiddenSize(); // the head reuses the embedding
        }
        long tokens = (long) batch * seq;
        long attention = 4L * c.numLayers() * batch * c.numHeads() * seq * seq * c.headDim();
        return 2 * tokens * matrixElements + attention;
    }

    @Test
    void gpt2CountMatchesParameterShapes() {
        ModelConfig c = ModelConfig.gpt2(101, 48, 3, 4, 64);
        assertEquals(fromParameterShapes(c, 3, 17), ForwardFlops.of(c, 3, 17).total());
    }

    @Test
    void gatedGroupedQueryCountMatchesParameterShapes() {
        ModelConfig c = ModelConfig.llama(97, 64, 2, 4, 2, 176, 128);
        assertEquals(fromParameterShapes(c, 2, 9), ForwardFlops.of(c, 2, 9).total());
    }

    @Test
    void scalesLinearlyInBatchAndHeadIsTwoNdV() {
        ModelConfig c = BenchSettings.full(Device.cpu()).modelConfig();
        ForwardFlops one = ForwardFlops.of(c, 1, 128);
        ForwardFlops eight = ForwardFlops.of(c, 8, 128);
        assertEquals(8 * one.total(), eight.total());
        assertEquals(2L * 8 * 128 * 768 * 50257, eight.head());
    }
}
