package io.skillscope.lab;

import io.skillscope.core.train.LrSchedule;
import io.skillscope.core.train.OptimizerKind;
import io.skillscope.datasets.SplitSizes;
import java.util.List;
import java.util.Map;

/** Tiny recipes that train in seconds. */
final class LabFixtures {
    private LabFixtures() {}

    static final Recipe.ModelShape TINY = new Recipe.ModelShape(32, 1, 2, 2, 64, 32);

    static Recipe.Optim adamW(double lr) {
        return new Recipe.Optim(OptimizerKind.ADAMW, lr, 0, 0.0, 1.0, LrSchedule.Kind.CONSTANT, 0, 1, 0);
    }

    static Recipe.Optim sgd(double lr) {
        return new Recipe.Optim(OptimizerKind.SGD, lr, 0.9, 0, 1.0, LrSchedule.Kind.CONSTANT, 0, 1, 0);
    }

    /** A tiny base recipe on two short skills. */
    static Recipe base(int steps, long seed) {
        return new Recipe(Recipe.Stage.BASE, null, TINY, List.of("rev", "add"), null, new SplitSizes(200, 10, 20),
                Map.of(), 3, seed, steps, 16, adamW(3e-3), ".*", null);
    }
}
