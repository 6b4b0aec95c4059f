package io.skillscope.core.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import io.skillscope.core.SkillscopeException;
import io.skillscope.core.model.ParameterStore;
import io.skillscope.core.model.Scalars;
import io.skillscope.core.model.Transformer;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Autograd over named parameters. DJL allows one gradient collector at a time per JVM and accumulates
 * gradients until they are zeroed; this class keeps both rules in one place.
 */
public final class Gradients {
    private Gradients() {}

    /** Marks parameters as requiring gradients (or not). */
    public static void require(ParameterStore params, Collection<String> names, boolean on) {
        for (String n : names) {
            params.get(n).setRequiresGradient(on);
        }
    }

    /**
     * Runs {@code loss} under a gradient collector in a fresh sub-manager of the model's manager and
     * back-propagates; gradients add to whatever the parameters hold. Returns the loss value.
     */
    public static double backward(Transformer model, LossFunction loss, double scale) {
        try (NDManager m = model.manager().newSubManager()) {
            try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                NDArray l = loss.compute(m);
                if (l.getShape().size() != 1) {
                    throw new SkillscopeException("loss must be a scalar, got shape " + l.getShape());
                }
                float value = l.getFloat();
                if (!Float.isFinite(value)) {
                    throw new SkillscopeException("loss is " + value + "; lower the learning rate or check the data");
                }
                gc.backward(scale == 1.0 ? l : l.mul(Scalars.of(l, scale)));
                return value;
            }
        }
    }

    /** Sets the gradients of the named parameters to zero. */
    public static void zero(ParameterStore params, Collection<String> names) {
        for (String n : names) {
            NDArray p = params.get(n);
            if (p.hasGradient()) {
                try (NDArray g = p.getGradient()) {
                    g.muli(0);
                }
            }
        }
    }

    /**
     * ∂L/∂θ for the named parameters at the current weights, as plain arrays. Other parameters get no
     * gradient; the named ones are left not requiring gradients afterwards.
     */
    public static Map<String, float[]> of(Transformer model, List<String> names, LossFunction loss) {
        ParameterStore params = model.parameters();
        require(params, names, true);
        try {
            zero(params, names);
            backward(model, loss, 1.0);
            Map<String, float[]> out = new LinkedHashMap<>();
            for (String n : names) {
                try (NDArray g = params.get(n).getGradient()) {
                    out.put(n, g.toFloatArray());
                    g.muli(0);
                }
            }
            return out;
        } finally {
            require(params, names, false);
        }
    }
}
