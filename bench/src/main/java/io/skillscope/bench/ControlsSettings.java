package io.skillscope.bench;

import io.skillscope.core.train.GrpoObjective;
import io.skillscope.datasets.SplitSizes;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every setting of {@link OrthogonalityControls}, parsed from {@code --key value} pairs. The defaults are
 * the demo's full-scale orthogonality step (docs/methods.md §3), so seed 0 repeats the demo's three
 * models.
 *
 * @param model           the base model folder
 * @param out             the result folder (must not hold a {@code result.json})
 * @param seeds           one replicate per seed: data split, SFT and GRPO seeds
 * @param functions       atomic functions whose depth-2 compositions are the skill (model A's data)
 * @param otherFunctions  functions of the other-domain transfer target's compositions; empty for none
 * @param maxAnswerLength compositions whose answers may be longer are left out
 * @param sizes           examples per composition in train, dev and test
 * @param sftSteps        SFT steps from the base (θ_sft, θ_sft₂ and the other-domain target)
 * @param sftBatch        SFT batch
 * @param sftLr           SFT learning rate (AdamW, constant)
 * @param rounds          GRPO rounds from θ_sft; also the continued-SFT control's steps
 * @param prompts         GRPO prompts per round; also the continued-SFT control's batch
 * @param group           GRPO samples per prompt
 * @param rlLr            GRPO learning rate; also the continued-SFT control's
 * @param temperature     GRPO sampling temperature
 * @param objective       GRPO objective (token-level by default)
 * @param rank            k of the principal angles
 * @param draws           random-subspace pairs per tensor shape
 * @param scales          λ values tried on dev for the injection θ_B + λ v
 * @param randomVectors   norm-matched random vectors per target
 */
public record ControlsSettings(
        Path model,
        Path out,
        List<Long> seeds,
        List<String> functions,
        List<String> otherFunctions,
        int maxAnswerLength,
        SplitSizes sizes,
        int sftSteps,
        int sftBatch,
        double sftLr,
        int rounds,
        int prompts,
        int group,
        double rlLr,
        double temperature,
        GrpoObjective objective,
        int rank,
        int draws,
        List<Double> scales,
        int randomVectors) {

    private static final Set<String> KEYS = Set.of(
            "model",
            "out",
            "seeds",
            "functions",
            "other-functions",
            "max-answer",
            "sizes",
            "sft-steps",
            "sft-batch",
            "sft-lr",
            "rounds",
            "prompts",
            "group",
            "rl-lr",
            "temperature",
            "grpo",
            "rank",
            "draws",
            "scales",
            "random-vectors");

    /** Validates every value, naming the option. */
    public ControlsSettings {
        seeds = List.copyOf(seeds);
        functions = List.copyOf(functions);
        otherFunctions = List.copyOf(otherFunctions);
        scales = List.copyOf(scales);
        require(!seeds.isEmpty(), "--seeds", seeds);
        require(seeds.stream().distinct().count() == seeds.size(), "--seeds (distinct)", seeds);
        require(!functions.isEmpty(), "--functions", functions);
        require(maxAnswerLength >= 1, "--max-answer", maxAnswerLength);
        require(sizes.train() >= 1 && sizes.dev() >= 1 && sizes.test() >= 1, "--sizes", sizes);
        require(sftSteps >= 1, "--sft-steps", sftSteps);
        require(sftBatch >= 1, "--sft-batch", sftBatch);
        require(sftLr > 0, "--sft-lr", sftLr);
        require(rounds >= 1, "--rounds", rounds);
        require(prompts >= 1, "--prompts", prompts);
        require(group >= 2, "--group", group);
        require(rlLr > 0, "--rl-lr", rlLr);
        require(temperature > 0, "--temperature", temperature);
        require(rank >= 1, "--rank", rank);
        require(draws >= 1, "--draws", draws);
        require(!scales.isEmpty() && scales.stream().allMatch(s -> s > 0), "--scales", scales);
        require(randomVectors >= 1, "--random-vectors", randomVectors);
    }

    /**
     * Parses {@code --key value} pairs; every key not listed in the class comment is refused by name.
     *
     * @param a the pairs
     * @return the settings
     */
    public static ControlsSettings parse(Map<String, String> a) {
        for (String k : a.keySet()) {
            if (!KEYS.contains(k)) {
                throw new IllegalArgumentException("unknown option --" + k + "; known: " + KEYS);
            }
        }
        String[] sz = a.getOrDefault("sizes", "200,10,10").split(",");
        require(sz.length == 3, "--sizes (train,dev,test)", a.get("sizes"));
        return new ControlsSettings(
                Path.of(a.getOrDefault("model", "models/skill-lab-base")).toAbsolutePath(),
                Path.of(a.getOrDefault("out", "out/orthogonality-controls")).toAbsolutePath(),
                Arrays.stream(a.getOrDefault("seeds", "0,1,2").split(","))
                        .map(s -> parseLong("--seeds", s))
                        .toList(),
                list(a.getOrDefault("functions", "rev,sort,cs1,pre,suf,alt")),
                list(a.getOrDefault("other-functions", "rmv,rot2,vow,col,mir,sep")),
                parseInt("--max-answer", a.getOrDefault("max-answer", "12")),
                new SplitSizes(parseInt("--sizes", sz[0]), parseInt("--sizes", sz[1]), parseInt("--sizes", sz[2])),
                parseInt("--sft-steps", a.getOrDefault("sft-steps", "80")),
                parseInt("--sft-batch", a.getOrDefault("sft-batch", "64")),
                parseDouble("--sft-lr", a.getOrDefault("sft-lr", "1e-3")),
                parseInt("--rounds", a.getOrDefault("rounds", "30")),
                parseInt("--prompts", a.getOrDefault("prompts", "8")),
                parseInt("--group", a.getOrDefault("group", "8")),
                parseDouble("--rl-lr", a.getOrDefault("rl-lr", "1e-4")),
                parseDouble("--temperature", a.getOrDefault("temperature", "1.0")),
                objective(a.getOrDefault("grpo", "token")),
                parseInt("--rank", a.getOrDefault("rank", "8")),
                parseInt("--draws", a.getOrDefault("draws", "5")),
                Arrays.stream(a.getOrDefault("scales", "0.5,1,1.5,2").split(","))
                        .map(s -> parseDouble("--scales", s))
                        .toList(),
                parseInt("--random-vectors", a.getOrDefault("random-vectors", "3")));
    }

    private static List<String> list(String v) {
        return v.isBlank() || v.equals("none")
                ? List.of()
                : Arrays.stream(v.split(",")).map(String::trim).toList();
    }

    private static GrpoObjective objective(String v) {
        return switch (v) {
            case "token" -> GrpoObjective.TOKEN;
            case "sequence" -> GrpoObjective.SEQUENCE;
            default -> throw new IllegalArgumentException("--grpo must be token or sequence, got '" + v + "'");
        };
    }

    private static int parseInt(String key, String v) {
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be an integer, got '" + v + "'");
        }
    }

    private static long parseLong(String key, String v) {
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be integers, got '" + v + "'");
        }
    }

    private static double parseDouble(String key, String v) {
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number, got '" + v + "'");
        }
    }

    private static void require(boolean ok, String key, Object value) {
        if (!ok) {
            throw new IllegalArgumentException("invalid " + key + ": " + value);
        }
    }
}
