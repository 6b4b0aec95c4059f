package io.skillscope.lab.testing;

import com.google.gson.JsonObject;
import io.skillscope.core.train.LrSchedule;
import io.skillscope.core.train.OptimizerKind;
import io.skillscope.datasets.SplitSizes;
import io.skillscope.lab.Recipe;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Tiny skill-lab recipes that train in seconds: a {@link #SHAPE} model (1 layer, d 32), a few hundred
 * training examples, constant learning rates, fixed data and weight seeds.
 */
public final class TinyRecipes {
    /** d 32, 1 layer, 2 heads, 2 key/value heads, MLP 64, 32 positions. */
    public static final Recipe.ModelShape SHAPE = new Recipe.ModelShape(32, 1, 2, 2, 64, 32);

    private TinyRecipes() {}

    /** AdamW at a constant {@code lr}, no weight decay, gradients clipped to norm 1. */
    public static Recipe.Optim adamW(double lr) {
        return new Recipe.Optim(OptimizerKind.ADAMW, lr, 0, 0.0, 1.0, LrSchedule.Kind.CONSTANT, 0, 1, 0);
    }

    /** SGD with momentum 0.9 at a constant {@code lr}, gradients clipped to norm 1. */
    public static Recipe.Optim sgd(double lr) {
        return new Recipe.Optim(OptimizerKind.SGD, lr, 0.9, 0, 1.0, LrSchedule.Kind.CONSTANT, 0, 1, 0);
    }

    /**
     * A base recipe on rev and add (200 training examples each, data seed 3) from random weights drawn
     * from {@code seed}: {@code steps} steps of batch 16, AdamW 3e-3, every parameter trained.
     */
    public static Recipe base(int steps, long seed) {
        return new Recipe(
                Recipe.Stage.BASE,
                null,
                SHAPE,
                List.of("rev", "add"),
                null,
                new SplitSizes(200, 10, 20),
                Map.of(),
                3,
                seed,
                steps,
                16,
                adamW(3e-3),
                ".*",
                null);
    }

    /**
     * An SFT recipe on cs3 (a held-out skill; 100 training examples, data seed 5, seed 3) from
     * {@code init}: {@code steps} steps of batch 16, SGD 0.05.
     */
    public static Recipe sft(String init, int steps) {
        return new Recipe(
                Recipe.Stage.SFT,
                init,
                null,
                List.of("cs3"),
                null,
                new SplitSizes(100, 10, 20),
                Map.of(),
                5,
                3,
                steps,
                16,
                sgd(0.05),
                null,
                null);
    }

    /** Writes a recipe's JSON to {@code file}, creating its folder; returns {@code file}. */
    public static Path write(Recipe r, Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, r.toJson());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** Writes a recipe's JSON without its {@code init} field (a recipe that --init must complete). */
    public static Path writeWithoutInit(Recipe r, Path file) {
        JsonObject json = r.toJsonObject();
        json.remove("init");
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, json.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}
