package io.skillscope.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import io.skillscope.core.model.Scalars;
import io.skillscope.core.model.Transformer;
import io.skillscope.core.testing.TinyModels;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A garbage collection between the forward and the backward pass must not change a gradient.
 *
 * <p>DJL's {@code mul(Number)} and friends hand PyTorch a scalar in a Java direct buffer and close it when
 * the op returns; autograd keeps that operand for the backward pass, so once the collector freed the
 * buffer the backward pass read freed memory (seen as seeded fine-tunes that ended in different bytes from
 * run to run, and sometimes in NaN). {@link #churn} frees such buffers and refills freed memory with
 * 1e30, which makes the corruption certain rather than rare: with DJL's own {@code x.mul(0.25)} the
 * gradient below comes back as 0 or garbage in every trial.
 */
class GcBetweenPassesTest {

    /** Collects garbage, lets the cleaner free direct buffers, then reallocates small ones filled with 1e30. */
    static List<ByteBuffer> churn() {
        List<ByteBuffer> keep = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            System.gc();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            for (int i = 0; i < 2000; i++) {
                ByteBuffer b = ByteBuffer.allocateDirect(8).order(ByteOrder.nativeOrder());
                b.putDouble(0, 1e30);
                keep.add(b);
            }
        }
        return keep;
    }

    @Test
    void scalarOperandsOutliveTheirArrays() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(new float[] {1, 2, 3, 4}); // [4]
            x.setRequiresGradient(true);
            List<ByteBuffer> held;
            try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                // L = Σ (x·0.25)² / 2 → ∂L/∂x = x·0.25² = x/16
                NDArray y = x.mul(Scalars.of(x, 0.25)).pow(Scalars.of(x, 2.0)); // [4]
                NDArray loss = y.sum().div(Scalars.of(y, 2f)); // scalar
                held = churn();
                gc.backward(loss);
            }
            assertEquals(6000, held.size());
            assertArrayEquals(
                    new float[] {1 / 16f, 2 / 16f, 3 / 16f, 4 / 16f},
                    x.getGradient().toFloatArray(),
                    1e-7f);
        }
    }

    @Test
    void modelGradientIsTheSameWithACollectionBeforeBackward() {
        for (boolean gpt2 : new boolean[] {false, true}) {
            try (Transformer model = gpt2 ? TinyModels.gpt2(5) : TinyModels.llama(5)) {
                List<Sequence> batch = TrainerTest.toyBatch(new Random(3), 8);
                List<String> names = model.parameters().names();
                Map<String, float[]> plain =
                        Gradients.of(model, names, m -> Losses.answerCrossEntropy(model, m, batch, 0));
                List<List<ByteBuffer>> held = new ArrayList<>();
                Map<String, float[]> churned = Gradients.of(model, names, m -> {
                    NDArray loss = Losses.answerCrossEntropy(model, m, batch, 0);
                    held.add(churn()); // after the forward pass, before backward
                    return loss;
                });
                for (String n : names) {
                    assertArrayEquals(plain.get(n), churned.get(n), 0f, (gpt2 ? "gpt2 " : "llama ") + n);
                }
            }
        }
    }
}
