package io.skillscope.bench;

import io.skillscope.analysis.ModuleType;
import io.skillscope.analysis.Stats;
import io.skillscope.analysis.orthogonality.GroupSummary;
import io.skillscope.analysis.orthogonality.Orthogonality;
import io.skillscope.analysis.orthogonality.OrthogonalityOptions;
import io.skillscope.analysis.orthogonality.OrthogonalityReport;
import io.skillscope.analysis.orthogonality.RandomSubspaces;
import io.skillscope.analysis.orthogonality.ShapedArray;
import io.skillscope.analysis.orthogonality.WeightUpdate;
import io.skillscope.core.KeyValueArgs;
import io.skillscope.core.Progress;
import io.skillscope.core.checkpoint.Hashing;
import io.skillscope.core.checkpoint.TensorSource;
import io.skillscope.core.model.Transformer;
import io.skillscope.core.train.LrSchedule;
import io.skillscope.core.train.OptimizerKind;
import io.skillscope.datasets.Composition;
import io.skillscope.datasets.Example;
import io.skillscope.datasets.SkillSuite;
import io.skillscope.grafting.SkillVector;
import io.skillscope.lab.LabData;
import io.skillscope.lab.Recipe;
import io.skillscope.lab.SkillEvaluation;
import io.skillscope.lab.SkillLab;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The controls PaST's orthogonality claim needs (docs/methods.md §3), over several seeds, and PaST's
 * skill-vector transfer ({@link SkillTransfer}) on the skill lab, in one run.
 *
 * <p>Per seed s, on the depth-2 compositions of {@code --functions} (data split seed s):
 *
 * <ol>
 *   <li>{@code sft}: SFT from the base (seed s), ΔSFT = θ_sft − θ_base;
 *   <li>{@code rl}: GRPO from θ_sft (seed s), ΔRL = θ_rl − θ_sft (PaST's protocol, as the demo);
 *   <li>{@code rl-2}: GRPO from θ_sft with another seed (s + 1), ΔRL₂;
 *   <li>{@code sft-cont}: continued SFT from θ_sft with the RL update's budget (its rounds as steps, its
 *       prompts per round as batch, its learning rate), ΔSFT' = θ_sft' − θ_sft;
 *   <li>{@code sft-2}: SFT from the base with another seed (s + 1), ΔSFT₂ = θ_sft₂ − θ_base (the demo's
 *       control).
 * </ol>
 *
 * Comparisons ({@link Pair}): ΔSFT vs ΔRL, ΔSFT vs ΔSFT', ΔRL vs ΔRL₂, ΔSFT vs ΔSFT₂ and ΔSFT' vs ΔRL, each
 * as the median |cos| over tensors (and per module type), the mean principal angle of the top-k singular
 * subspaces beside the level of random subspaces of the same shapes ({@link RandomSubspaces}), and the
 * top-1% support overlap beside chance. Seeds are summarised as mean ± sd and min–max.
 *
 * <p>Usage: {@code skillscope bench orthogonality-controls --model models/skill-lab-base --out DIR
 * [--seeds 0,1,2] [--functions rev,sort,cs1,pre,suf,alt] [--other-functions rmv,rot2,vow,col,mir,sep|none]
 * [--max-answer 12] [--sizes 200,10,10] [--sft-steps 80] [--sft-batch 64] [--sft-lr 1e-3] [--rounds 30]
 * [--prompts 8] [--group 8] [--rl-lr 1e-4] [--temperature 1.0] [--grpo token|sequence] [--rank 8]
 * [--draws 5] [--scales 0.5,1,1.5,2] [--random-vectors 3]}. Writes each seed's models under {@code
 * seed-S/}, the skill vectors, {@code result.json} (settings, hashes, environment) and {@code RESULT.md}.
 */
public final class OrthogonalityControls {
    /** The compared pairs of updates, in table order. */
    public enum Pair {
        /** PaST's comparison: ΔSFT = θ_sft − θ_base against ΔRL = θ_rl − θ_sft. */
        SFT_VS_RL("ΔSFT vs ΔRL (PaST)"),
        /** The same-budget control: ΔSFT against continued SFT from θ_sft. */
        SFT_VS_SFT_CONT("ΔSFT vs ΔSFT' (continued SFT, RL's budget)"),
        /** Two GRPO runs from θ_sft with different seeds. */
        RL_VS_RL("ΔRL vs ΔRL₂ (GRPO, other seed)"),
        /** The demo's control: two SFT runs from the base. */
        SFT_VS_SFT2("ΔSFT vs ΔSFT₂ (SFT from base, other seed)"),
        /** The common-start comparison: continued SFT against GRPO, both from θ_sft. */
        SFT_CONT_VS_RL("ΔSFT' vs ΔRL (both from θ_sft)");

        private final String label;

        Pair(String label) {
            this.label = label;
        }

        /** The row label. */
        public String label() {
            return label;
        }
    }

    /**
     * One comparison of one seed.
     *
     * @param pair        which updates
     * @param seed        the replicate
     * @param report      the per-tensor comparison
     * @param randomAngle the random-subspace mean angle over the same tensors, degrees
     */
    public record Measured(Pair pair, long seed, OrthogonalityReport report, double randomAngle) {
        /** Median |cos| over all tensors. */
        public double medianAbsCos() {
            return report.overall().medianAbsCosine();
        }

        /** Median |cos| over one module type's tensors; NaN if it has none. */
        public double medianAbsCos(ModuleType m) {
            GroupSummary g = report.byModule().get(m);
            return g == null ? Double.NaN : g.medianAbsCosine();
        }
    }

    /**
     * The whole run.
     *
     * @param settings    the settings
     * @param skills      the compositions trained
     * @param otherSkills the other-domain target's compositions (empty without one)
     * @param measured    every comparison of every seed
     * @param subspaces   the random-subspace level per matrix shape {@code "m x n"}
     * @param accuracy    seed → model → {dev, test} exact match on the skill
     * @param transfer    the PaST transfer, per seed and target
     * @param norms       seed → update → ‖Δ‖
     * @param hashes      model and data hashes (provenance)
     * @param seconds     wall time per seed
     * @param command     the command line that reproduces the run
     */
    public record Result(
            ControlsSettings settings,
            List<String> skills,
            List<String> otherSkills,
            List<Measured> measured,
            Map<String, RandomSubspaces> subspaces,
            Map<Long, Map<String, double[]>> accuracy,
            List<SkillTransfer.Outcome> transfer,
            Map<Long, Map<String, Double>> norms,
            Map<String, String> hashes,
            Map<Long, Double> seconds,
            String command) {

        /** The seeds' values of one metric of one pair. */
        public double[] values(Pair p, java.util.function.ToDoubleFunction<Measured> metric) {
            return measured.stream()
                    .filter(m -> m.pair() == p)
                    .mapToDouble(metric)
                    .toArray();
        }

        /** Mean ± sd and min–max over seeds of one metric of one pair. */
        public Stats.Summary summary(Pair p, java.util.function.ToDoubleFunction<Measured> metric) {
            return Stats.summary(values(p, metric));
        }
    }

    private OrthogonalityControls() {}

    /**
     * Runs the study from the command line.
     *
     * @param args {@code --key value} pairs, see the class comment
     */
    public static void main(String[] args) {
        ControlsSettings s = ControlsSettings.parse(KeyValueArgs.parse(args, 0));
        Result r = run(s, "skillscope bench orthogonality-controls " + String.join(" ", args), System.err, true);
        String md = ControlsTables.markdown(r);
        System.out.println(md);
        System.out.println("wrote " + s.out().resolve("RESULT.md"));
    }

    /**
     * Trains, measures and writes {@code result.json} and {@code RESULT.md} under the settings' folder.
     *
     * @param s        the settings
     * @param command  the command line that reproduces the run (recorded in the result)
     * @param log      where progress goes
     * @param progress whether training prints progress lines
     * @return the result
     */
    public static Result run(ControlsSettings s, String command, PrintStream log, boolean progress) {
        Path out = s.out();
        if (Files.exists(out.resolve("result.json"))) {
            throw new IllegalArgumentException(out + " already holds a result.json; choose another --out");
        }
        if (!Files.isRegularFile(s.model().resolve("config.json"))) {
            throw new IllegalArgumentException("--model " + s.model() + " has no config.json");
        }
        SkillSuite suite = SkillSuite.standard();
        List<String> skills = compositions(suite, s.functions(), s.maxAnswerLength(), "--functions");
        List<String> other = s.otherFunctions().isEmpty()
                ? List.of()
                : compositions(suite, s.otherFunctions(), s.maxAnswerLength(), "--other-functions");
        log.printf(
                "%d depth-2 compositions of %s; other domain: %d of %s%n",
                skills.size(), s.functions(), other.size(), s.otherFunctions());
        Map<String, ShapedArray> base = weights(s.model());
        Map<String, String> hashes = new LinkedHashMap<>();
        hashes.put("base_sha256", Hashing.sha256(s.model().resolve("model.safetensors")));

        List<Measured> measured = new ArrayList<>();
        Map<Long, Map<String, double[]>> accuracy = new TreeMap<>();
        List<SkillTransfer.Outcome> transfer = new ArrayList<>();
        Map<Long, Map<String, Double>> norms = new TreeMap<>();
        Map<Long, Double> seconds = new TreeMap<>();
        Map<String, RandomSubspaces> subspaces = new TreeMap<>();
        OrthogonalityOptions opts = OrthogonalityOptions.defaults().withRank(s.rank());
        for (long seed : s.seeds()) {
            long t0 = System.nanoTime();
            Path dir = out.resolve("seed-" + seed);
            Recipe sft = sft(s, skills, s.model(), seed, seed, s.sftSteps(), s.sftBatch(), s.sftLr());
            Recipe sft2 = sft(s, skills, s.model(), seed, seed + 1, s.sftSteps(), s.sftBatch(), s.sftLr());
            Path sftDir = dir.resolve("sft");
            Recipe rl = rl(s, skills, sftDir, seed, seed);
            Recipe rl2 = rl(s, skills, sftDir, seed, seed + 1);
            Recipe cont = sft(s, skills, sftDir, seed, seed, s.rounds(), s.prompts(), s.rlLr());
            train(sft, sftDir, "sft s" + seed, log, progress);
            train(rl, dir.resolve("rl"), "rl s" + seed, log, progress);
            train(rl2, dir.resolve("rl-2"), "rl-2 s" + seed, log, progress);
            train(cont, dir.resolve("sft-cont"), "sft-cont s" + seed, log, progress);
            train(sft2, dir.resolve("sft-2"), "sft-2 s" + seed, log, progress);
            Path otherDir = dir.resolve("sft-other");
            if (!other.isEmpty()) {
                train(
                        sft(s, other, s.model(), seed, seed, s.sftSteps(), s.sftBatch(), s.sftLr()),
                        otherDir,
                        "sft-other s" + seed,
                        log,
                        progress);
            }

            Map<String, ShapedArray> wSft = weights(sftDir);
            Map<String, WeightUpdate> d = new LinkedHashMap<>();
            d.put("ΔSFT", diff(wSft, base));
            d.put("ΔRL", diff(weights(dir.resolve("rl")), wSft));
            d.put("ΔRL₂", diff(weights(dir.resolve("rl-2")), wSft));
            d.put("ΔSFT'", diff(weights(dir.resolve("sft-cont")), wSft));
            d.put("ΔSFT₂", diff(weights(dir.resolve("sft-2")), base));
            Map<String, Double> n = new LinkedHashMap<>();
            d.forEach((k, v) -> n.put(k, v.norm()));
            norms.put(seed, n);
            OrthogonalityOptions o = opts.withSeed(seed);
            measured.add(measure(Pair.SFT_VS_RL, seed, d.get("ΔSFT"), d.get("ΔRL"), o, s.draws()));
            measured.add(measure(Pair.SFT_VS_SFT_CONT, seed, d.get("ΔSFT"), d.get("ΔSFT'"), o, s.draws()));
            measured.add(measure(Pair.RL_VS_RL, seed, d.get("ΔRL"), d.get("ΔRL₂"), o, s.draws()));
            measured.add(measure(Pair.SFT_VS_SFT2, seed, d.get("ΔSFT"), d.get("ΔSFT₂"), o, s.draws()));
            measured.add(measure(Pair.SFT_CONT_VS_RL, seed, d.get("ΔSFT'"), d.get("ΔRL"), o, s.draws()));
            for (Measured m : measured.subList(measured.size() - Pair.values().length, measured.size())) {
                log.println("seed " + seed + " " + m.pair().label() + ": " + m.report());
            }

            LabData data = LabData.of(sft, suite);
            hashes.put("seed-" + seed + "/data_sha256", data.sha256());
            Map<String, double[]> acc = new LinkedHashMap<>();
            acc.put("base", devTest(s.model(), data));
            for (String m : List.of("sft", "rl", "rl-2", "sft-cont", "sft-2")) {
                acc.put(m, devTest(dir.resolve(m), data));
                hashes.put(
                        "seed-" + seed + "/" + m + "_sha256",
                        Hashing.sha256(dir.resolve(m).resolve("model.safetensors")));
            }
            accuracy.put(seed, acc);
            log.println("seed " + seed + " accuracy (dev, test): " + describe(acc));

            WeightUpdate v = d.get("ΔRL");
            SkillVector vector;
            try (TensorSource rlSrc = TensorSource.open(dir.resolve("rl"));
                    TensorSource sftSrc = TensorSource.open(sftDir)) {
                vector = SkillVector.between(rlSrc, sftSrc, dir.resolve("vector"));
            }
            transfer.add(SkillTransfer.run(
                    "same domain (SFT from the base, next seed)",
                    seed,
                    dir.resolve("sft-2"),
                    vector,
                    v,
                    data,
                    s.scales(),
                    s.randomVectors()));
            if (!other.isEmpty()) {
                LabData otherData = LabData.of(sft(s, other, s.model(), seed, seed, 1, 1, s.sftLr()), suite);
                hashes.put("seed-" + seed + "/sft-other_sha256", Hashing.sha256(otherDir.resolve("model.safetensors")));
                transfer.add(SkillTransfer.run(
                        "other domain (" + String.join(",", s.otherFunctions()) + ")",
                        seed,
                        otherDir,
                        vector,
                        v,
                        otherData,
                        s.scales(),
                        s.randomVectors()));
            }
            for (SkillTransfer.Outcome t :
                    transfer.subList(transfer.size() - (other.isEmpty() ? 1 : 2), transfer.size())) {
                log.println("seed " + seed + " transfer: " + t);
            }
            seconds.put(seed, (System.nanoTime() - t0) / 1e9);
        }
        for (Measured m : measured) {
            for (var row : m.report().rows()) {
                if (!row.angles().isEmpty()) {
                    int[] sh = row.shape();
                    subspaces.computeIfAbsent(
                            sh[0] + "x" + sh[1],
                            k -> RandomSubspaces.ofTopSingular(
                                    sh[0], sh[1], row.angles().count(), s.draws(), 0));
                }
            }
        }
        Result r =
                new Result(s, skills, other, measured, subspaces, accuracy, transfer, norms, hashes, seconds, command);
        ControlsTables.write(r);
        return r;
    }

    private static Measured measure(
            Pair p, long seed, WeightUpdate a, WeightUpdate b, OrthogonalityOptions o, int draws) {
        OrthogonalityReport rep = Orthogonality.between(p.name() + "/A", a, p.name() + "/B", b)
                .optOptions(o)
                .compute();
        return new Measured(p, seed, rep, RandomSubspaces.levelOver(rep.rows(), draws, 0));
    }

    static List<String> compositions(SkillSuite suite, List<String> fns, int maxLen, String key) {
        List<String> c = suite.compositions(fns, 2, maxLen).stream()
                .map(Composition::name)
                .toList();
        if (c.isEmpty()) {
            throw new IllegalArgumentException(
                    key + " " + fns + ": no depth-2 composition has answers of at most " + maxLen + " characters");
        }
        return c;
    }

    private static Recipe sft(
            ControlsSettings s,
            List<String> skills,
            Path init,
            long dataSeed,
            long seed,
            int steps,
            int batch,
            double lr) {
        return new Recipe(
                Recipe.Stage.SFT,
                init.toString(),
                null,
                skills,
                null,
                s.sizes(),
                Map.of(),
                dataSeed,
                seed,
                steps,
                batch,
                constant(lr),
                null,
                null);
    }

    private static Recipe rl(ControlsSettings s, List<String> skills, Path init, long dataSeed, long seed) {
        return new Recipe(
                Recipe.Stage.RL,
                init.toString(),
                null,
                skills,
                null,
                s.sizes(),
                Map.of(),
                dataSeed,
                seed,
                s.rounds(),
                s.prompts() * s.group(),
                constant(s.rlLr()),
                null,
                new Recipe.Rl(s.group(), s.temperature(), 0.2, 0.0, 1, s.objective()));
    }

    private static Recipe.Optim constant(double lr) {
        return new Recipe.Optim(OptimizerKind.ADAMW, lr, 0, 0, 1.0, LrSchedule.Kind.CONSTANT, 0, 1.0, 0);
    }

    private static void train(Recipe r, Path dir, String label, PrintStream log, boolean progress) {
        log.println(label + ": " + r);
        Progress p =
                progress ? Progress.stderr(label, r.steps(), Math.max(1, r.steps() / 5)) : Progress.silent(r.steps());
        SkillLab.train(r, dir, p);
    }

    private static WeightUpdate diff(Map<String, ShapedArray> after, Map<String, ShapedArray> before) {
        return WeightUpdate.difference(after, before).labelled(CompositionStudy::label);
    }

    /** Pooled exact match on the dev and the test split. */
    static double[] devTest(Path model, LabData data) {
        try (Transformer m = Transformer.load(model)) {
            return new double[] {pooled(SkillLab.evaluate(m, data.dev())), pooled(SkillLab.evaluate(m, data.test()))};
        }
    }

    static double pooled(SkillEvaluation e) {
        int n = 0;
        int c = 0;
        for (SkillEvaluation.Score sc : e.scores().values()) {
            n += sc.n();
            c += sc.correct();
        }
        return n == 0 ? Double.NaN : (double) c / n;
    }

    static double pooled(Transformer m, List<Example> examples) {
        return pooled(SkillLab.evaluate(m, examples));
    }

    private static String describe(Map<String, double[]> acc) {
        StringBuilder sb = new StringBuilder();
        acc.forEach((k, v) -> sb.append(String.format(java.util.Locale.ROOT, "%s %.3f/%.3f  ", k, v[0], v[1])));
        return sb.toString().trim();
    }

    /** Every tensor of a checkpoint as float32 with its shape. */
    static Map<String, ShapedArray> weights(Path dir) {
        Map<String, ShapedArray> w = new LinkedHashMap<>();
        try (TensorSource src = TensorSource.open(dir)) {
            for (String name : src.names()) {
                long[] shape = src.info(name).shape();
                w.put(
                        name,
                        new ShapedArray(
                                src.readFloats(name),
                                Arrays.stream(shape).mapToInt(Math::toIntExact).toArray()));
            }
        }
        return w;
    }

    static Map<ModuleType, Double> byModule(Measured m) {
        Map<ModuleType, Double> out = new EnumMap<>(ModuleType.class);
        m.report().byModule().forEach((k, g) -> out.put(k, g.medianAbsCosine()));
        return out;
    }
}
