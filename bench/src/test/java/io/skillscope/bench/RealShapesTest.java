package io.skillscope.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import io.skillscope.core.checkpoint.DType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shapes' parameter counts equal the published models'; nothing is written (no real-shape I/O here). */
class RealShapesTest {

    @Test
    void parameterCountsMatchThePublishedModels() {
        Map<String, Long> published = Map.of(
                "qwen2.5-0.5b", 494_032_768L,
                "qwen2.5-1.5b", 1_543_714_304L,
                "llama-3.2-1b", 1_235_814_400L,
                "pythia-410m", 405_334_016L,
                "pythia-1.4b", 1_414_647_808L,
                "gemma-2-2b", 2_614_341_888L,
                "phi-3-mini", 3_821_079_552L);
        assertEquals(published.size(), RealShapes.all().size());
        for (RealShapes.Shape s : RealShapes.all()) {
            assertEquals(published.get(s.name()), s.parameters(), s.name());
        }
    }

    @Test
    void pythia70mHasThePublishedShapeAndCount() {
        RealShapes.Shape p = RealShapes.pythia70m();
        assertEquals(70_426_624L, p.parameters());
        assertEquals("gpt_neox", p.modelType());
        assertEquals(2048, p.config().get("intermediate_size").getAsInt());
        assertEquals(0.25, p.config().get("rotary_pct").getAsDouble());
        assertTrue(p.config().get("use_parallel_residual").getAsBoolean());
        assertEquals(DType.F16, p.dtype());
    }

    @Test
    void storedAsPublishedAndRopeScalingCanBeDropped() {
        RealShapes.Shape llama = RealShapes.named("llama-3.2-1b").orElseThrow();
        assertEquals(DType.BF16, llama.dtype());
        assertEquals(
                "llama3",
                llama.config().getAsJsonObject("rope_scaling").get("rope_type").getAsString());
        RealShapes.Shape plain = RealShapes.named("llama-3.2-1b-norope").orElseThrow();
        assertTrue(plain.config().get("rope_scaling").isJsonNull());
        assertEquals(DType.F16, RealShapes.named("pythia-410m").orElseThrow().dtype());
        assertEquals(DType.F32, RealShapes.named("gemma-2-2b").orElseThrow().dtype());
    }

    @Test
    void theTokenizerIsSmallerThanEveryEmbedding() {
        var tok = JsonParser.parseString(RealShapes.tokenizerJson(RealShapes.TOKENIZER_WORDS))
                .getAsJsonObject();
        assertEquals(
                RealShapes.TOKENIZER_WORDS,
                tok.getAsJsonObject("model").getAsJsonObject("vocab").size());
        for (RealShapes.Shape s : RealShapes.all()) {
            assertTrue(s.config().get("vocab_size").getAsInt() > RealShapes.TOKENIZER_WORDS, s.name());
        }
    }
}
