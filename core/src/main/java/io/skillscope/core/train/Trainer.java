package io.skillscope.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.skillscope.core.SkillscopeException;
import io.skillscope.core.model.ParamSpec;
import io.skillscope.core.model.ParameterStore;
import io.skillscope.core.model.Transformer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;

/**
 * Trains a chosen subset of a model's parameters with SGD or AdamW: gradient accumulation, global-norm
 * clipping, a learning-rate schedule, and an optional L1 pull towards the starting weights. Optimizer
 * state lives in its own manager; each step's temporaries in a sub-manager that closes with the step,
 * so the number of live arrays stays flat over any number of steps.
 *
 * <pre>{@code
 * try (Trainer t = new Trainer(model, TrainConfig.adamW(1e-3, 0.01), Trainer.all(model))) {
 *     for (List<Sequence> batch : batches) {
 *         StepStats s = t.step(batch, padId);
 *     }
 * }
 * }</pre>
 */
public final class Trainer implements AutoCloseable {
    private final Transformer model;
    private final TrainConfig config;
    private final List<String> trainable;
    private final NDManager state;
    private final NDArray[] first; // momentum or Adam m
    private final NDArray[] second; // Adam v
    private final NDArray[] anchor; // θ_start for the L1 pull
    private final boolean[] decay;
    private int step;

    /**
     * @param trainable names of the parameters to train; the others stay frozen
     */
    public Trainer(Transformer model, TrainConfig config, Collection<String> trainable) {
        if (trainable.isEmpty()) {
            throw new SkillscopeException("no trainable parameters selected");
        }
        this.model = model;
        this.config = config;
        this.trainable = List.copyOf(trainable);
        ParameterStore params = model.parameters();
        this.state = model.manager().newSubManager();
        int n = this.trainable.size();
        first = new NDArray[n];
        second = new NDArray[n];
        anchor = new NDArray[n];
        decay = new boolean[n];
        for (int i = 0; i < n; i++) {
            String name = this.trainable.get(i);
            NDArray p = params.get(name);
            ParamSpec spec = params.spec(name);
            decay[i] = !spec.noDecay();
            first[i] = state.zeros(p.getShape());
            if (config.optimizer() == OptimizerKind.ADAMW) {
                second[i] = state.zeros(p.getShape());
            }
            if (config.l1Lambda() > 0) {
                anchor[i] = p.duplicate();
                anchor[i].attach(state);
            }
        }
        Gradients.require(params, this.trainable, true);
        Gradients.zero(params, this.trainable);
    }

    /** Every parameter of the model. */
    public static List<String> all(Transformer model) {
        return model.parameters().names();
    }

    /** The parameters whose names match. */
    public static List<String> matching(Transformer model, Predicate<String> filter) {
        List<String> out = new ArrayList<>();
        for (String n : model.parameters().names()) {
            if (filter.test(n)) {
                out.add(n);
            }
        }
        return out;
    }

    /** The trained parameter names. */
    public List<String> trainable() {
        return trainable;
    }

    /** Steps taken so far. */
    public int stepCount() {
        return step;
    }

    /**
     * One optimizer step of answer-token cross-entropy on a batch, split into
     * {@link TrainConfig#accumulation()} micro-batches.
     */
    public StepStats step(List<Sequence> batch, int padId) {
        int k = Math.min(config.accumulation(), batch.size());
        List<LossFunction> micro = new ArrayList<>(k);
        int per = (batch.size() + k - 1) / k;
        for (int i = 0; i < batch.size(); i += per) {
            List<Sequence> part = batch.subList(i, Math.min(batch.size(), i + per));
            micro.add(m -> Losses.answerCrossEntropy(model, m, part, padId));
        }
        return step(micro);
    }

    /** One optimizer step on custom losses, one per micro-batch; their gradients are averaged. */
    public StepStats step(List<LossFunction> microBatches) {
        double lossSum = 0;
        for (LossFunction f : microBatches) {
            lossSum += Gradients.backward(model, f, 1.0 / microBatches.size());
        }
        double lr = config.learningRate() * config.schedule().factor(step);
        double norm = update(lr);
        step++;
        return new StepStats(step, lossSum / microBatches.size(), norm, lr);
    }

    private double update(double lr) {
        ParameterStore params = model.parameters();
        try (NDManager m = model.manager().newSubManager()) {
            NDArray[] grads = new NDArray[trainable.size()];
            double sq = 0;
            for (int i = 0; i < grads.length; i++) {
                grads[i] = params.get(trainable.get(i)).getGradient();
                grads[i].attach(m); // temporaries derived from it land in m
                sq += grads[i].square().sum().getFloat();
            }
            double norm = Math.sqrt(sq);
            double clip = config.clipNorm() > 0 && norm > config.clipNorm() ? config.clipNorm() / norm : 1.0;
            for (int i = 0; i < grads.length; i++) {
                NDArray p = params.get(trainable.get(i));
                NDArray g = clip == 1.0 ? grads[i] : grads[i].mul(clip);
                if (anchor[i] != null) {
                    g = g.add(own(p.sub(anchor[i]), m).sign().mul(config.l1Lambda()));
                }
                if (config.optimizer() == OptimizerKind.SGD) {
                    if (decay[i] && config.weightDecay() > 0) {
                        g = g.add(own(p.mul(config.weightDecay()), m));
                    }
                    if (config.momentum() > 0) {
                        first[i].muli(config.momentum()).addi(g);
                        p.subi(own(first[i].mul(lr), m));
                    } else {
                        p.subi(g.mul(lr));
                    }
                } else {
                    adamW(i, p, g, lr, m);
                }
                grads[i].muli(0); // the parameter's gradient buffer itself: ready for the next step
            }
            return norm;
        }
    }

    private void adamW(int i, NDArray p, NDArray g, double lr, NDManager m) {
        int t = step + 1;
        double b1 = config.beta1();
        double b2 = config.beta2();
        first[i].muli(b1).addi(g.mul(1 - b1));
        second[i].muli(b2).addi(g.square().mul(1 - b2));
        double c1 = 1 - Math.pow(b1, t);
        double c2 = 1 - Math.pow(b2, t);
        if (decay[i] && config.weightDecay() > 0) {
            p.muli(1 - lr * config.weightDecay());
        }
        NDArray denom = own(second[i].div(c2), m).sqrt().add(config.eps());
        NDArray upd = own(first[i].mul(lr / c1), m).div(denom);
        p.subi(upd);
    }

    /** Moves a temporary derived from a long-lived array into the step's manager. */
    private static NDArray own(NDArray a, NDManager m) {
        a.attach(m);
        return a;
    }

    /** Frees optimizer state and stops tracking gradients of the trained parameters. */
    @Override
    public void close() {
        Gradients.require(model.parameters(), trainable, false);
        state.close();
    }
}
