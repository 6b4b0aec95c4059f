package io.skillscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.skillscope.lab.testing.TinyRecipes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The one skill-lab fixture that needs the command line: a tiny base model trained once per JVM through
 * {@code skillscope train base}. The recipes are {@link TinyRecipes}; the shipped skill lab is
 * {@code io.skillscope.core.testing.ShippedModels#SKILL_LAB_BASE}.
 */
final class TinyLab {
    private static Path base;

    private TinyLab() {}

    /** A tiny base (40 steps of {@link TinyRecipes#base}, seed 7) trained by the command line, once per JVM. */
    static synchronized Path trainedBase() {
        if (base == null) {
            try {
                Path dir = Files.createTempDirectory("skillscope-cli-lab");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
                Path recipe = TinyRecipes.write(TinyRecipes.base(40, 7), dir.resolve("base-recipe.json"));
                Path out = dir.resolve("base");
                CliRun r = CliRun.of("train", "base", "--recipe", recipe.toString(), "--out", out.toString());
                assertEquals(0, r.code(), r.toString());
                base = out;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return base;
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort at exit
        }
    }
}
