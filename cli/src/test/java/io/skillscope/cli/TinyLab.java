package io.skillscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import io.skillscope.core.train.LrSchedule;
import io.skillscope.core.train.OptimizerKind;
import io.skillscope.datasets.SplitSizes;
import io.skillscope.lab.Recipe;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Skill-lab fixtures for the command tests: tiny recipes that train in seconds (1 layer, d 32, two
 * skills, 200 training examples each), one tiny base model trained once per JVM through
 * {@code skillscope train base}, and the shipped {@code models/skill-lab-base}.
 */
final class TinyLab {
  /** The shipped 828k-parameter skill lab (4 layers, d 128), relative to the module folder. */
  static final Path SHIPPED = Path.of("..", "models", "skill-lab-base");

  static final Recipe.ModelShape SHAPE = new Recipe.ModelShape(32, 1, 2, 2, 64, 32);

  private static Path base;

  private TinyLab() {}

  static Recipe.Optim adamW(double lr) {
    return new Recipe.Optim(OptimizerKind.ADAMW, lr, 0, 0.0, 1.0, LrSchedule.Kind.CONSTANT, 0, 1, 0);
  }

  static Recipe.Optim sgd(double lr) {
    return new Recipe.Optim(OptimizerKind.SGD, lr, 0.9, 0, 1.0, LrSchedule.Kind.CONSTANT, 0, 1, 0);
  }

  /** A base recipe on rev and add from random weights. */
  static Recipe base(int steps, long seed) {
    return new Recipe(Recipe.Stage.BASE, null, SHAPE, List.of("rev", "add"), null, new SplitSizes(200, 10, 20),
        Map.of(), 3, seed, steps, 16, adamW(3e-3), ".*", null);
  }

  /** An SFT recipe on cs3 (a held-out skill) with SGD from {@code init}. */
  static Recipe sft(String init, int steps) {
    return new Recipe(Recipe.Stage.SFT, init, null, List.of("cs3"), null, new SplitSizes(100, 10, 20), Map.of(), 5, 3,
        steps, 16, sgd(0.05), null, null);
  }

  /** Writes a recipe's JSON. */
  static Path write(Recipe r, Path file) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, r.toJson());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  /** Writes a recipe's JSON without its {@code init} field (a recipe that --init must complete). */
  static Path writeWithoutInit(Recipe r, Path file) {
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

  /** A tiny base (40 steps of {@link #base}, seed 7) trained by the command line, once per JVM. */
  static synchronized Path trainedBase() {
    if (base == null) {
      try {
        Path dir = Files.createTempDirectory("skillscope-cli-lab");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
        Path recipe = write(base(40, 7), dir.resolve("base-recipe.json"));
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
