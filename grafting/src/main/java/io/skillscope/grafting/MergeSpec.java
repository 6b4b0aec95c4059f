package io.skillscope.grafting;

import io.skillscope.core.checkpoint.TensorSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One weight-space operation described by a file, in the spirit of mergekit's configs: a merge of
 * several fine-tunes (task arithmetic, TIES, DARE), a masked graft, a Localize-and-Stitch of several
 * masks, or a skill-vector injection (PaST). {@link #read} parses JSON or YAML; {@link #run} writes a
 * Hugging Face folder, streaming tensor by tensor (docs/methods.md §1, §3, §4).
 *
 * <pre>{@code
 * method: ties            # task_arithmetic | ties | dare_sum | dare_ties | graft | stitch | skill_vector
 * base: models/pre        # θ_pre; for skill_vector the target θ_sft
 * models:
 *   - {model: ft-a, weight: 1.0}
 *   - {model: ft-b, weight: 0.5}
 * lambda: 1.0             # merges: λ of θ_pre + λ τ_m
 * density: 0.2            # ties, dare_ties: share of each τ_t kept
 * keep: 0.5               # dare_*: keep probability
 * seed: 0                 # dare_*: drop pattern
 * }</pre>
 *
 * A graft names one model with its {@code mask} (a folder written by {@code skillscope localize});
 * a stitch names several; a skill vector gives {@code vector: {from: SFT, to: RL}} (v = θ_to − θ_from)
 * or {@code vector: FOLDER} of a saved vector, and {@code scale} (λ, 1 by default). Relative paths are
 * resolved against the file's folder.
 */
public sealed interface MergeSpec {
    /** The folders this operation reads: never an output. */
    List<Path> inputs();

    /**
     * Writes the result as a Hugging Face folder with {@code result.json} provenance.
     *
     * @param out the folder to create
     * @return {@code out}
     */
    Path run(Path out);

    /** The method's name as the file spells it. */
    String method();

    /** θ_pre + λ τ_m over several fine-tunes ({@link Merger}). */
    record Merge(Path base, List<Path> models, MergeConfig config) implements MergeSpec {
        /** Copies the list. */
        public Merge {
            models = List.copyOf(models);
        }

        @Override
        public List<Path> inputs() {
            List<Path> in = new ArrayList<>(models);
            in.add(0, base);
            return in;
        }

        @Override
        public Path run(Path out) {
            List<TensorSource> opened = new ArrayList<>();
            try (TensorSource pre = TensorSource.open(base)) {
                for (Path m : models) {
                    opened.add(TensorSource.open(m));
                }
                return Merger.merge(pre, opened, config, out);
            } finally {
                opened.forEach(TensorSource::close);
            }
        }

        @Override
        public String method() {
            return config.method().name().toLowerCase(Locale.ROOT);
        }
    }

    /** θ_pre + γ ⊙ (θ_ft − θ_pre) with a saved mask ({@link Graft#apply}). */
    record MaskedGraft(Path base, Path finetuned, Path mask) implements MergeSpec {
        @Override
        public List<Path> inputs() {
            return List.of(base, finetuned, mask);
        }

        @Override
        public Path run(Path out) {
            try (TensorSource pre = TensorSource.open(base);
                    TensorSource ft = TensorSource.open(finetuned)) {
                return Graft.apply(pre, ft, Mask.load(mask), out);
            }
        }

        @Override
        public String method() {
            return "graft";
        }
    }

    /** Several masked grafts on one θ_pre, overlaps averaged ({@link Stitch#apply}). */
    record Stitching(Path base, List<Path> finetuned, List<Path> masks) implements MergeSpec {
        /** Copies the lists, which pair up. */
        public Stitching {
            finetuned = List.copyOf(finetuned);
            masks = List.copyOf(masks);
            if (finetuned.size() != masks.size()) {
                throw new GraftingException(
                        "stitch needs one mask per model, got " + finetuned.size() + " and " + masks.size());
            }
        }

        @Override
        public List<Path> inputs() {
            List<Path> in = new ArrayList<>(finetuned);
            in.addAll(masks);
            in.add(0, base);
            return in;
        }

        @Override
        public Path run(Path out) {
            List<TensorSource> opened = new ArrayList<>();
            try (TensorSource pre = TensorSource.open(base)) {
                for (Path m : finetuned) {
                    opened.add(TensorSource.open(m));
                }
                return Stitch.apply(pre, opened, masks.stream().map(Mask::load).toList(), out);
            } finally {
                opened.forEach(TensorSource::close);
            }
        }

        @Override
        public String method() {
            return "stitch";
        }
    }

    /**
     * θ_target + λ v (PaST): v read from a saved vector folder, or computed as θ_to − θ_from into
     * {@code OUT/skill-vector/} first.
     *
     * @param target θ_sft of the model that receives the skill
     * @param vector a saved vector's folder, or null when {@code from} and {@code to} are given
     * @param from θ_sft of the source (v = θ_to − θ_from), or null
     * @param to θ_rl of the source, or null
     * @param scale λ
     */
    record SkillVectorInjection(Path target, Path vector, Path from, Path to, double scale) implements MergeSpec {
        /** The folder under the output that holds a computed vector. */
        public static final String VECTOR_FOLDER = "skill-vector";

        /** Checks that exactly one source of the vector is given. */
        public SkillVectorInjection {
            if ((vector == null) == (from == null || to == null)) {
                throw new GraftingException("skill_vector needs either vector: FOLDER or vector: {from: SFT, to: RL}");
            }
            if (!Double.isFinite(scale)) {
                throw new GraftingException("skill_vector scale must be finite, got " + scale);
            }
        }

        @Override
        public List<Path> inputs() {
            return vector != null ? List.of(target, vector) : List.of(target, from, to);
        }

        @Override
        public Path run(Path out) {
            SkillVector v;
            if (vector != null) {
                v = SkillVector.load(vector);
            } else {
                try (TensorSource a = TensorSource.open(to);
                        TensorSource b = TensorSource.open(from)) {
                    v = SkillVector.between(a, b, out.resolve(VECTOR_FOLDER));
                }
            }
            try (TensorSource t = TensorSource.open(target)) {
                return Past.inject(t, v, scale, out);
            }
        }

        @Override
        public String method() {
            return "skill_vector";
        }
    }

    /**
     * Reads a spec from a {@code .json}, {@code .yaml} or {@code .yml} file.
     *
     * @param file the file
     * @return the spec, its paths resolved against the file's folder
     * @throws GraftingException naming the file, the field and the value of anything malformed
     */
    public static MergeSpec read(Path file) {
        return MergeSpecReader.read(file);
    }
}
