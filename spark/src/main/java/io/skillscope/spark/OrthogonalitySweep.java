package io.skillscope.spark;

import com.google.gson.JsonObject;
import io.skillscope.analysis.orthogonality.GroupSummary;
import io.skillscope.analysis.orthogonality.Orthogonality;
import io.skillscope.analysis.orthogonality.OrthogonalityOptions;
import io.skillscope.analysis.orthogonality.OrthogonalityReport;
import io.skillscope.analysis.orthogonality.RandomSubspaces;
import io.skillscope.analysis.orthogonality.WeightUpdate;
import io.skillscope.api.Weights;
import io.skillscope.core.Json;
import io.skillscope.core.Provenance;
import io.skillscope.core.SkillscopeException;
import io.skillscope.core.checkpoint.AtomicFolder;
import io.skillscope.core.checkpoint.Hashing;
import io.skillscope.core.checkpoint.TensorSource;
import io.skillscope.demo.OrthogonalityJson;
import io.skillscope.demo.ResultKind;
import io.skillscope.demo.StepArtifact;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.TaskContext;

/**
 * The training-free part of the orthogonality study (analysis/ORTHOGONALITY.md, docs/methods.md §3) as a
 * sweep: given checkpoints, every (pair of updates, seed) is one Spark task that compares the two updates
 * tensor by tensor with {@link Orthogonality} (cos_ℓ = ⟨ΔA_ℓ, ΔB_ℓ⟩ / (‖ΔA_ℓ‖ ‖ΔB_ℓ‖), the mean principal
 * angle of the top-r left singular subspaces, the top-support overlap, and a seeded random-direction
 * baseline) and computes the level of unrelated updates of the same shapes ({@link
 * RandomSubspaces#levelOver}: the mean principal angle between random top-r subspaces), both seeded by the
 * point's seed. An update is Δ = θ_after − θ_before of two checkpoint folders ({@link Weights#difference}),
 * so both protocols of the study are sweeps: common start (every update from the base) and PaST's
 * consecutive updates (ΔSFT = θ_sft − θ_base against ΔRL = θ_rl − θ_sft).
 *
 * <p>A point's command line ({@link SweepPoint#args}, recorded in {@code sweep.json}) carries everything
 * the task needs: {@code orthogonality --a NAME=AFTER:BEFORE --b NAME=AFTER:BEFORE --seed S --rank R
 * --top-fraction F --max-svd-dim D --draws N}. The task writes {@code ROOT/<point>/result.json}, an
 * {@link ResultKind#ORTHOGONALITY} artifact (the per-tensor rows, the random-subspace level, settings and
 * every checkpoint's weight hash), as an all-or-nothing folder, so {@link DistributedSweep} renders each
 * point's report and one {@code index.html}.
 */
public final class OrthogonalitySweep {
    private OrthogonalitySweep() {}

    /**
     * One weight update Δ = θ_after − θ_before.
     *
     * @param name its name in reports, e.g. {@code sft}
     * @param after the later checkpoint folder
     * @param before the earlier one (the base, or the previous stage for consecutive updates)
     */
    public record Update(String name, Path after, Path before) implements Serializable {
        private static final long serialVersionUID = 1L;

        public Update {
            if (name == null || !name.matches("[A-Za-z0-9._+-]+")) {
                throw new IllegalArgumentException(
                        "an update's name must be letters, digits and ._+-, got '" + name + "'");
            }
            after = after.toAbsolutePath().normalize();
            before = before.toAbsolutePath().normalize();
        }

        /**
         * {@code NAME=AFTER} (from {@code base}) or {@code NAME=AFTER:BEFORE}.
         *
         * @throws IllegalArgumentException naming the value when it has no name
         */
        public static Update parse(String spec, Path base) {
            int eq = spec.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException(
                        "--update '" + spec + "': give NAME=AFTER (from --base) or NAME=AFTER:BEFORE");
            }
            String rest = spec.substring(eq + 1);
            int colon = rest.lastIndexOf(':');
            if (colon < 0 && base == null) {
                throw new IllegalArgumentException(
                        "--update '" + spec + "' names no BEFORE folder and no --base is given");
            }
            return colon < 0
                    ? new Update(spec.substring(0, eq), Path.of(rest), base)
                    : new Update(
                            spec.substring(0, eq),
                            Path.of(rest.substring(0, colon)),
                            Path.of(rest.substring(colon + 1)));
        }

        /** {@code NAME=AFTER:BEFORE}. */
        public String spec() {
            return name + "=" + after + ":" + before;
        }
    }

    /**
     * The comparison's settings, the same for every point.
     *
     * @param rank r, the top singular directions compared by principal angles
     * @param topFraction the share of largest-|value| entries in each support
     * @param maxSvdDim principal angles are skipped for matrices whose smaller side exceeds this
     * @param draws random pairs per matrix shape for the random-subspace level
     */
    public record Settings(int rank, double topFraction, int maxSvdDim, int draws) implements Serializable {
        private static final long serialVersionUID = 1L;

        public Settings {
            new OrthogonalityOptions(rank, topFraction, 0, maxSvdDim); // checks them
            if (draws < 1) {
                throw new IllegalArgumentException("draws must be >= 1, got " + draws);
            }
        }

        /** rank 8, top 1%, SVD up to 2048, 5 draws: the study's settings. */
        public static Settings defaults() {
            return new Settings(8, 0.01, 2048, 5);
        }

        /** The analysis options of one seed. */
        public OrthogonalityOptions options(long seed) {
            return new OrthogonalityOptions(rank, topFraction, seed, maxSvdDim);
        }
    }

    /**
     * One comparison: the report and the random-subspace level over its matrices.
     *
     * @param report the per-tensor comparison of A and B
     * @param randomAngle the mean principal angle of random top-r subspaces of the same shapes, degrees
     */
    public record Measured(OrthogonalityReport report, double randomAngle) {}

    /**
     * The points: every pair, then every seed.
     *
     * @param updates the updates, by name
     * @param pairs pairs of update names ({@code A}, {@code B}); empty for every pair in the order given
     * @param seeds the seeds of the random baselines
     */
    public static List<SweepPoint> grid(List<Update> updates, List<List<String>> pairs, List<Long> seeds, Settings s) {
        Map<String, Update> byName = new LinkedHashMap<>();
        for (Update u : updates) {
            if (byName.put(u.name(), u) != null) {
                throw new IllegalArgumentException("two updates are both named '" + u.name() + "'");
            }
        }
        if (byName.size() < 2 && pairs.isEmpty()) {
            throw new IllegalArgumentException("a sweep of pairs needs at least two updates, got " + byName.keySet());
        }
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("a sweep needs at least one seed");
        }
        List<List<String>> ps = new ArrayList<>(pairs);
        if (ps.isEmpty()) {
            List<String> names = List.copyOf(byName.keySet());
            for (int i = 0; i < names.size(); i++) {
                for (int j = i + 1; j < names.size(); j++) {
                    ps.add(List.of(names.get(i), names.get(j)));
                }
            }
        }
        List<SweepPoint> out = new ArrayList<>();
        for (List<String> p : ps) {
            Update a = known(byName, p.get(0));
            Update b = known(byName, p.get(1));
            for (long seed : seeds) {
                List<String> args = List.of(
                        "orthogonality",
                        "--a",
                        a.spec(),
                        "--b",
                        b.spec(),
                        "--seed",
                        Long.toString(seed),
                        "--rank",
                        Integer.toString(s.rank()),
                        "--top-fraction",
                        Double.toString(s.topFraction()),
                        "--max-svd-dim",
                        Integer.toString(s.maxSvdDim()),
                        "--draws",
                        Integer.toString(s.draws()));
                out.add(new SweepPoint(
                        "orthogonality-" + a.name() + "-vs-" + b.name() + "-seed-" + seed,
                        String.format(Locale.ROOT, "Δ%s vs Δ%s, seed %d", a.name(), b.name(), seed),
                        args));
            }
        }
        return out;
    }

    private static Update known(Map<String, Update> byName, String name) {
        Update u = byName.get(name);
        if (u == null) {
            throw new IllegalArgumentException("pair names update '" + name + "', not one of " + byName.keySet());
        }
        return u;
    }

    /**
     * Compares two updates as the study does: {@link Orthogonality} with the seed's options, and {@link
     * RandomSubspaces#levelOver} of its rows with the same seed.
     */
    public static Measured measure(Update a, Update b, long seed, Settings s) {
        WeightUpdate da = Weights.difference(a.after(), a.before());
        WeightUpdate db = Weights.difference(b.after(), b.before());
        OrthogonalityReport r = Orthogonality.between(a.name(), da, b.name(), db)
                .optOptions(s.options(seed))
                .compute();
        return new Measured(r, RandomSubspaces.levelOver(r.rows(), s.draws(), seed));
    }

    /** Runs one point on an executor: its folder, all or nothing ({@link DistributedSweep.PointTask}). */
    static DistributedSweep.Outcome runPoint(String root, SweepPoint p) {
        Map<String, String> a = options(p);
        Update ua = Update.parse(a.get("--a"), null);
        Update ub = Update.parse(a.get("--b"), null);
        long seed = Long.parseLong(a.get("--seed"));
        Settings s = new Settings(
                Integer.parseInt(a.get("--rank")),
                Double.parseDouble(a.get("--top-fraction")),
                Integer.parseInt(a.get("--max-svd-dim")),
                Integer.parseInt(a.get("--draws")));
        TaskContext tc = TaskContext.get();
        int attempt = tc == null ? 0 : tc.attemptNumber();
        Path target = Path.of(root).resolve(p.name());
        long t0 = System.nanoTime();
        Measured m = measure(ua, ub, seed, s);
        double seconds = (System.nanoTime() - t0) / 1e9;
        try (AtomicFolder f = AtomicFolder.begin(target, "spark sweep orthogonality")) {
            // the wall time goes to sweep.json only, so the point's file depends on its inputs alone
            JsonObject json = artifact(ua, ub, seed, s, m, seconds).toJson();
            json.remove("seconds");
            Json.write(f.dir().resolve(StepArtifact.FILE), json);
            f.commit();
        }
        return new DistributedSweep.Outcome(p.name(), p.title(), p.args(), seconds, attempt);
    }

    /** The {@code --key value} pairs of a point's command line. */
    private static Map<String, String> options(SweepPoint p) {
        List<String> args = p.args();
        if (args.isEmpty() || !args.get(0).equals("orthogonality") || args.size() % 2 != 1) {
            throw new SkillscopeException("sweep point " + p.name() + " is not an orthogonality point: " + args);
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 1; i < args.size(); i += 2) {
            out.put(args.get(i), args.get(i + 1));
        }
        for (String k : List.of("--a", "--b", "--seed", "--rank", "--top-fraction", "--max-svd-dim", "--draws")) {
            if (!out.containsKey(k)) {
                throw new SkillscopeException("sweep point " + p.name() + " has no " + k + ": " + args);
            }
        }
        return out;
    }

    /** The point's {@code result.json}: an orthogonality artifact with the random-subspace level. */
    static StepArtifact artifact(Update a, Update b, long seed, Settings s, Measured m, double seconds) {
        OrthogonalityReport r = m.report();
        GroupSummary all = r.overall();
        JsonObject result = OrthogonalityJson.write(r);
        result.addProperty("random_subspace_mean_angle_deg", m.randomAngle());
        result.addProperty("random_subspace_draws", s.draws());
        result.addProperty("random_subspace_seed", seed);
        JsonObject settings = new JsonObject();
        settings.addProperty("update_a", a.spec());
        settings.addProperty("update_b", b.spec());
        settings.addProperty("seed", seed);
        settings.addProperty("rank", s.rank());
        settings.addProperty("top_fraction", s.topFraction());
        settings.addProperty("max_svd_dim", s.maxSvdDim());
        settings.addProperty("draws", s.draws());
        Map<String, String> inputs = new LinkedHashMap<>();
        for (Path dir : List.of(a.after(), a.before(), b.after(), b.before())) {
            if (!inputs.containsKey(dir.toString())) {
                try (TensorSource src = TensorSource.open(dir)) {
                    inputs.put(dir.toString(), Hashing.sha256(src));
                }
            }
        }
        String summary = String.format(
                Locale.ROOT,
                "Δ%s vs Δ%s: median |cos| %.4f over %d tensors (random direction %.4f); mean principal angle of"
                        + " the top %d singular subspaces %.1f° (random subspaces of the same shapes %.1f°).",
                a.name(),
                b.name(),
                all.medianAbsCosine(),
                all.tensors(),
                all.randomMedianAbsCosine(),
                s.rank(),
                all.meanAngleDegrees(),
                m.randomAngle());
        return new StepArtifact(
                ResultKind.ORTHOGONALITY,
                "Orthogonality of Δ" + a.name() + " and Δ" + b.name() + ", seed " + seed,
                summary,
                "spark sweep",
                seed,
                seconds,
                settings,
                inputs,
                Map.of(),
                Provenance.environment(),
                result);
    }
}
