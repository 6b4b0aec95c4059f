package io.skillscope.localization;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import io.skillscope.analysis.calibration.Calibration;
import io.skillscope.core.checkpoint.Hashing;
import io.skillscope.core.checkpoint.TensorSource;
import io.skillscope.core.memory.MemoryBudget;
import io.skillscope.core.memory.MemoryEstimate;
import io.skillscope.core.model.ParameterStore;
import io.skillscope.core.model.Transformer;
import io.skillscope.core.train.Sequence;
import io.skillscope.grafting.Mask;
import io.skillscope.grafting.ParamRegion;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Finds where a fine-tuned skill lives: learns a sparse grafting mask γ so that θ_pre + γ ⊙ Δ recovers
 * the fine-tuned model's accuracy (Panigrahi, Saunshi, Zhao, Arora, ICML 2023; docs/methods.md §1).
 *
 * <pre>{@code
 * LocalizationResult r = Localizer.localize(baseDir, ftDir, TaskData.of(dataset, tokenizer),
 *         LocalizationSettings.of(1e-3));
 * r.save(outDir); // mask.safetensors + result.json {sparsity, n_selected, n_included, accuracy, ece, ...}
 * }</pre>
 *
 * <p>For several sparsities on the same pair, {@link #open} once and call {@link Session#localize} or
 * {@link Session#sweep}: the models are loaded and θ_pre and θ_ft evaluated only once.
 */
public final class Localizer {
    private Localizer() {}

    /**
     * Loads both models, evaluates them, learns the mask and evaluates the graft.
     *
     * @param baseDir θ_pre's Hugging Face folder
     * @param finetunedDir θ_ft's folder (same architecture)
     * @param data the task
     * @param settings the settings
     * @return the mask with accuracy and ECE of pre, ft and graft on the test items
     */
    public static LocalizationResult localize(
            Path baseDir, Path finetunedDir, TaskData data, LocalizationSettings settings) {
        try (Session s = open(baseDir, finetunedDir, data, settings)) {
            return s.localize(settings);
        }
    }

    /**
     * Loads θ_pre as the working model, evaluates it and θ_ft on the test items, and reads the included
     * tensors of both models to the host.
     *
     * @param baseDir θ_pre's folder
     * @param finetunedDir θ_ft's folder
     * @param data the task
     * @param settings fixes the included regions, the evaluation batch and the confidence
     * @return an open session; close it to free the model
     */
    public static Session open(Path baseDir, Path finetunedDir, TaskData data, LocalizationSettings settings) {
        return open(baseDir, finetunedDir, data, settings, TensorSelection.all());
    }

    /**
     * As {@link #open(Path, Path, TaskData, LocalizationSettings)}, including only the tensors of
     * {@code selection}.
     *
     * <p>Memory: one model. θ_ft is never loaded beside θ_pre: its tensors are streamed from its safetensors
     * files into the working model one at a time (compared with θ_pre chunk by chunk on the way, for the
     * budget's ranking and the count of changes outside the selection), θ_ft is evaluated, and the changed
     * tensors are streamed back from θ_pre's files. The host then holds θ_pre and θ_ft of the included
     * tensors only (8 bytes per included weight, {@link MaskOptimizer} adds 4 for S and a bit for γ_base).
     */
    public static Session open(
            Path baseDir, Path finetunedDir, TaskData data, LocalizationSettings settings, TensorSelection selection) {
        String preHash;
        String ftHash;
        try (TensorSource a = TensorSource.open(baseDir);
                TensorSource b = TensorSource.open(finetunedDir)) {
            preHash = Hashing.sha256(a);
            ftHash = Hashing.sha256(b);
        }
        Transformer model = Transformer.load(baseDir);
        try (TensorSource a = TensorSource.open(baseDir);
                TensorSource b = TensorSource.open(finetunedDir)) {
            return new Session(model, a, b, data, settings, selection, preHash, ftHash);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /**
     * A loaded θ_pre with the included tensors of θ_pre and θ_ft on the host, ready for any number of
     * localizations. The model is left holding θ_pre after each call.
     */
    public static final class Session implements AutoCloseable {
        private final Transformer model;
        private final TaskData data;
        private final Set<ParamRegion> regions;
        private final TensorSelection selection;
        private final Map<String, float[]> pre = new LinkedHashMap<>();
        private final Map<String, float[]> ft = new LinkedHashMap<>();
        private final Predictions prePredictions;
        private final Predictions ftPredictions;
        private final Predictions preDev;
        private final Predictions ftDev;
        private final String preHash;
        private final String ftHash;
        private final long changedOutside;
        private final int evalBatch;
        private final Confidence confidence;

        /**
         * @param model θ_pre loaded from {@code base}, the working model
         * @param base θ_pre's checkpoint (read again to restore the tensors θ_ft changed)
         * @param finetuned θ_ft's checkpoint, same architecture
         */
        private Session(
                Transformer model,
                TensorSource base,
                TensorSource finetuned,
                TaskData data,
                LocalizationSettings settings,
                TensorSelection selection,
                String preHash,
                String ftHash) {
            this.model = model;
            this.data = data;
            this.regions = settings.regions();
            this.selection = selection;
            this.evalBatch = settings.evalBatch();
            this.confidence = settings.confidence();
            this.preHash = preHash;
            this.ftHash = ftHash;
            ParameterStore p = model.parameters();
            Map<String, String> baseNames = model.storedNames(base);
            Map<String, String> ftNames = model.storedNames(finetuned);
            this.prePredictions = TaskEval.predict(model, data, data.test(), evalBatch, confidence);
            this.preDev = TaskEval.predict(model, data, data.dev(), evalBatch, confidence);
            // θ_ft swapped in one tensor at a time, compared with θ_pre chunk by chunk on the way
            Map<String, Long> sizes = new LinkedHashMap<>();
            Map<String, Double> meanAbsDelta = new HashMap<>();
            Map<String, Long> differing = new LinkedHashMap<>();
            for (String name : p.names()) {
                boolean admitted = selection.admits(p.spec(name), regions);
                long[] diff = {0};
                double[] absSum = {0};
                NDArray a = p.get(name);
                p.streamRows(name, finetuned, ftNames.get(name), (row, chunk) -> {
                    float[] x = rowValues(a, row, chunk); // θ_pre's rows, at most ParameterStore's staging size
                    float[] y = chunk.toFloatArray(); // θ_ft's rows
                    long d = 0;
                    for (int i = 0; i < x.length; i++) {
                        if (Float.floatToIntBits(x[i]) != Float.floatToIntBits(y[i])) {
                            d++;
                            absSum[0] += Math.abs((double) x[i] - y[i]);
                        }
                    }
                    if (d > 0) {
                        diff[0] += d;
                        setRows(a, row, chunk);
                    }
                });
                differing.put(name, diff[0]);
                if (admitted) {
                    sizes.put(name, a.size());
                    meanAbsDelta.put(name, absSum[0] / Math.max(1, a.size()));
                }
            }
            Set<String> kept = sizes.isEmpty() ? Set.of() : new HashSet<>(selection.rank(sizes, meanAbsDelta));
            long included = kept.stream().mapToLong(sizes::get).sum();
            long largest = kept.stream().mapToLong(sizes::get).max().orElse(0);
            if (kept.isEmpty()) {
                restore(p, base, baseNames, differing);
                throw new LocalizationException(
                        "no parameter of " + model + " lies in the regions " + regions + " and selection " + selection);
            }
            this.ftPredictions = TaskEval.predict(model, data, data.test(), evalBatch, confidence);
            this.ftDev = TaskEval.predict(model, data, data.dev(), evalBatch, confidence);
            // θ_pre, θ_ft and S (12 bytes per included weight), γ_base (1 bit), and one tensor's gradient
            // and staging: refused before anything is copied when it exceeds the heap.
            MemoryBudget.check(new MemoryEstimate(
                    "localize (" + included + " included weights)",
                    0,
                    0,
                    0,
                    0,
                    included * 12 + included / 8 + largest * 12,
                    0));
            long changed = 0;
            for (String name : p.names()) {
                if (kept.contains(name)) {
                    ft.put(name, p.get(name).toFloatArray());
                    pre.put(name, base.readFloats(baseNames.get(name))); // widened as the load widened it
                } else {
                    changed += differing.get(name);
                }
            }
            restore(p, base, baseNames, differing);
            this.changedOutside = changed;
        }

        /** Streams back from θ_pre's checkpoint every tensor that θ_ft changed. */
        private static void restore(
                ParameterStore p, TensorSource base, Map<String, String> baseNames, Map<String, Long> differing) {
            for (Map.Entry<String, Long> e : differing.entrySet()) {
                if (e.getValue() > 0) {
                    p.overwrite(e.getKey(), base, baseNames.get(e.getKey()));
                }
            }
        }

        /** The values of rows {@code [row, row + k)} of {@code a} for a chunk {@code [k, ...]}. */
        private static float[] rowValues(NDArray a, long row, NDArray chunk) {
            if (a.getShape().dimension() == 0
                    || chunk.getShape().get(0) == a.getShape().get(0)) {
                return a.toFloatArray();
            }
            try (NDArray part =
                    a.get(new NDIndex(row + ":" + (row + chunk.getShape().get(0))))) { // [k, ...]
                return part.toFloatArray();
            }
        }

        private static void setRows(NDArray a, long row, NDArray chunk) {
            if (a.getShape().dimension() == 0
                    || chunk.getShape().get(0) == a.getShape().get(0)) {
                a.set(new NDIndex("..."), chunk);
            } else {
                a.set(new NDIndex(row + ":" + (row + chunk.getShape().get(0))), chunk);
            }
        }

        /** θ_pre's predictions on the test items. */
        public Predictions pre() {
            return prePredictions;
        }

        /** θ_ft's predictions on the test items. */
        public Predictions ft() {
            return ftPredictions;
        }

        /** θ_pre's predictions on the dev items. */
        public Predictions preDev() {
            return preDev;
        }

        /** θ_ft's predictions on the dev items. */
        public Predictions ftDev() {
            return ftDev;
        }

        /** Elements that differ between θ_pre and θ_ft outside the included regions (a graft cannot move them). */
        public long changedOutsideIncluded() {
            return changedOutside;
        }

        /** The working model. */
        public Transformer model() {
            return model;
        }

        /**
         * Learns a mask at the settings' sparsity and evaluates its graft.
         *
         * @param settings the settings (their regions must be the session's)
         * @return the result
         */
        public LocalizationResult localize(LocalizationSettings settings) {
            if (!settings.regions().equals(regions)) {
                throw new LocalizationException("this session includes " + regions + " but the settings ask for "
                        + settings.regions() + "; open a new session");
            }
            MaskOptimizer opt = new MaskOptimizer(model, pre, ft, settings, data.padId());
            List<TaskData.Item> scoreItems = scoreItems(settings);
            Batches batches = new Batches(data.trainSequences(), settings);
            List<LocalizationResult.StepRecord> history = new ArrayList<>();
            Mask learned = opt.binary();
            Mask best = budgeted(opt, learned, settings);
            // a form that keeps the final mask (the authors' Localize-and-Stitch) needs no per-step score:
            // only its last step is scored, for the record (NaN elsewhere)
            boolean keepsBest = opt.parametrization().keepsBestStep();
            double bestScore = keepsBest || settings.steps() == 0 ? score(opt, best, scoreItems, settings) : Double.NaN;
            int bestStep = 0;
            history.add(new LocalizationResult.StepRecord(
                    0, Double.NaN, best.cardinality(), learned.cardinality(), bestScore));
            String tag = String.format("[localize %s %s s=%.1e]", data.name(), settings.method(), settings.sparsity());
            int every = Math.max(1, settings.steps() / 10);
            Mask last = best;
            for (int step = 1; step <= settings.steps(); step++) {
                double loss = opt.step(batches.next());
                learned = opt.binary();
                Mask m = budgeted(opt, learned, settings);
                last = m;
                double sc = keepsBest || step == settings.steps() ? score(opt, m, scoreItems, settings) : Double.NaN;
                history.add(new LocalizationResult.StepRecord(step, loss, m.cardinality(), learned.cardinality(), sc));
                if (sc > bestScore) {
                    best = m;
                    bestScore = sc;
                    bestStep = step;
                }
                if (settings.progress() && (step % every == 0 || step == settings.steps())) {
                    System.err.printf(
                            "%s step %d/%d loss %.4f |γ| %,d (learned %,d, k %,d) score %.3f best %.3f@%d%n",
                            tag,
                            step,
                            settings.steps(),
                            loss,
                            m.cardinality(),
                            learned.cardinality(),
                            opt.k(),
                            sc,
                            bestScore,
                            bestStep);
                }
            }
            if (!opt.parametrization().keepsBestStep()) {
                best = last;
                bestStep = settings.steps();
            }
            opt.writeBinary(best);
            Predictions graft;
            Predictions graftDev;
            try {
                graftDev = TaskEval.predict(model, data, data.dev(), settings.evalBatch(), settings.confidence());
                graft = TaskEval.predict(model, data, data.test(), settings.evalBatch(), settings.confidence());
            } finally {
                opt.writePre();
            }
            Map<String, String> attrs = new LinkedHashMap<>();
            attrs.put("method", settings.method().name());
            attrs.put("task", data.name());
            attrs.put("target_sparsity", Double.toString(settings.sparsity()));
            attrs.put("k", Long.toString(opt.k()));
            attrs.put("budget", settings.budget().wire());
            attrs.put("learned_selected", Long.toString(history.get(bestStep).learned()));
            attrs.put("steps", Integer.toString(settings.steps()));
            attrs.put("best_step", Integer.toString(bestStep));
            attrs.put("learning_rate", Double.toString(settings.learningRate()));
            attrs.put("sigmoid_bias", Double.toString(opt.parametrization().bias()));
            attrs.put("seed", Long.toString(settings.seed()));
            attrs.put(
                    "regions",
                    regions.stream().map(Enum::name).sorted().toList().toString());
            attrs.put("pre_sha256", preHash);
            attrs.put("ft_sha256", ftHash);
            attrs.put("data_sha256", data.sha256());
            attrs.put("changed_outside_included", Long.toString(changedOutside));
            return new LocalizationResult(
                    data.name(),
                    best.withAttributes(attrs),
                    prePredictions,
                    ftPredictions,
                    graft,
                    bestStep,
                    history,
                    settings,
                    new DevScores(preDev, ftDev, graftDev));
        }

        /**
         * Localizes at each sparsity (other settings as given). Every point carries its dev scores; choose
         * among them with {@link SweepResult#best} (on dev).
         *
         * @param settings the settings
         * @param sparsities the sparsities, e.g. 1e-5 … 1e-2
         * @return one result per sparsity
         */
        public SweepResult sweep(LocalizationSettings settings, double... sparsities) {
            List<LocalizationResult> out = new ArrayList<>();
            for (double s : sparsities) {
                out.add(localize(settings.withSparsity(s)));
            }
            return new SweepResult(data.name(), out);
        }

        /** Grafts a mask into the working model, predicts the test items, and restores θ_pre. */
        public Predictions evaluate(Mask mask) {
            ParameterStore p = model.parameters();
            for (String name : mask.names()) {
                if (!pre.containsKey(name)) {
                    throw new LocalizationException(
                            "mask tensor " + name + " is outside this session's regions " + regions);
                }
                p.write(name, mask.graft(name, pre.get(name), ft.get(name)));
            }
            try {
                return TaskEval.predict(model, data, data.test(), evalBatch, confidence);
            } finally {
                for (String name : mask.names()) {
                    p.write(name, pre.get(name));
                }
            }
        }

        /** The rounded mask of a step under the settings' budget: cut to k with {@link SparsityBudget#CAP}. */
        private static Mask budgeted(MaskOptimizer opt, Mask learned, LocalizationSettings settings) {
            return settings.budget() == SparsityBudget.CAP && learned.cardinality() > opt.k()
                    ? opt.binary(opt.k())
                    : learned;
        }

        private List<TaskData.Item> scoreItems(LocalizationSettings settings) {
            List<TaskData.Item> all = data.trainAndDev();
            if (settings.scoreLimit() == 0 || all.size() <= settings.scoreLimit()) {
                return all;
            }
            List<TaskData.Item> shuffled = new ArrayList<>(all);
            Collections.shuffle(shuffled, new Random(settings.seed()));
            return shuffled.subList(0, settings.scoreLimit());
        }

        private double score(MaskOptimizer opt, Mask m, List<TaskData.Item> items, LocalizationSettings settings) {
            opt.writeBinary(m);
            return Calibration.accuracy(
                    TaskEval.teacherForcedCorrect(model, items, settings.evalBatch(), data.padId()));
        }

        /** Frees the working model. */
        @Override
        public void close() {
            model.close();
        }

        @Override
        public String toString() {
            long n = pre.values().stream().mapToLong(a -> a.length).sum();
            return String.format(
                    "Localizer.Session[%s, %d included tensors, N=%,d, pre %.3f, ft %.3f]",
                    data.name(), pre.size(), n, prePredictions.accuracy(), ftPredictions.accuracy());
        }
    }

    /** Draws A batches per step from the training sequences, reshuffling (seeded) at each pass. */
    static final class Batches {
        private final List<Sequence> all;
        private final int size;
        private final int perStep;
        private final Random rng;
        private final List<Sequence> order = new ArrayList<>();
        private int at;

        Batches(List<Sequence> all, LocalizationSettings s) {
            this.all = all;
            this.size = Math.min(s.batchSize(), all.size());
            this.perStep = s.accumulation();
            this.rng = new Random(s.seed() + 1);
        }

        List<List<Sequence>> next() {
            List<List<Sequence>> out = new ArrayList<>(perStep);
            for (int a = 0; a < perStep; a++) {
                List<Sequence> batch = new ArrayList<>(size);
                while (batch.size() < size) {
                    if (at == order.size()) {
                        order.clear();
                        order.addAll(all);
                        Collections.shuffle(order, rng);
                        at = 0;
                    }
                    batch.add(order.get(at++));
                }
                out.add(batch);
            }
            return out;
        }
    }
}
