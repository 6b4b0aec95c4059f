package io.skillscope.bench;

import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.skillscope.core.runtime.ThreadSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An external baseline run in the same benchmark: a program (typically a PyTorch-eager script of the same
 * GPT-2-small-shaped forward, batch 8 x 128, fp32) that prints one JSON line with {@code tokens_per_s}
 * and, optionally, {@code matmul_gflops}. It runs as a user would run it: the OpenMP variables that
 * skillscope's launchers export ({@link ThreadSettings#WAIT_POLICY_ENV}, {@link ThreadSettings#SPIN_COUNT_ENV})
 * are removed from its environment.
 *
 * @param python the interpreter
 * @param script the script; its one argument is the thread count
 * @param threads threads the script is asked to use
 */
public record TorchAnchor(Path python, Path script, int threads) {

    /**
     * Validates the paths.
     *
     * @throws IllegalArgumentException naming the option and the path
     */
    public TorchAnchor {
        if (!Files.isRegularFile(script)) {
            throw new IllegalArgumentException("--torch " + script + " is not a file");
        }
        if (!Files.isExecutable(python)) {
            throw new IllegalArgumentException("--python " + python + " is not an executable file");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("torch threads must be >= 1, got " + threads);
        }
    }

    /**
     * What one run printed.
     *
     * @param tokensPerSecond forward tokens/s
     * @param matmulGflops the script's own fp32 matmul rate, or NaN when it prints none
     */
    public record Result(double tokensPerSecond, double matmulGflops) {}

    /**
     * Runs the script once.
     *
     * @return its figures
     * @throws IllegalStateException when it fails or prints no {@code tokens_per_s}
     */
    public Result run() {
        Map<String, String> env = new HashMap<>();
        env.put(ThreadSettings.WAIT_POLICY_ENV, null);
        env.put(ThreadSettings.SPIN_COUNT_ENV, null);
        String line = ChildJvm.run(List.of(python.toString(), script.toString(), Integer.toString(threads)), env, 1800);
        try {
            JsonObject o = JsonParser.parseString(line).getAsJsonObject();
            if (!o.has("tokens_per_s")) {
                throw new IllegalStateException(script + " printed no tokens_per_s: " + line);
            }
            return new Result(
                    o.get("tokens_per_s").getAsDouble(),
                    o.has("matmul_gflops") ? o.get("matmul_gflops").getAsDouble() : Double.NaN);
        } catch (JsonParseException | IllegalStateException e) {
            throw new IllegalStateException(script + " did not print a JSON object as its last line: " + line, e);
        }
    }
}
