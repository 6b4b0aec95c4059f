package io.skillscope.cli;

import ai.djl.Device;
import io.skillscope.bench.BenchReport;
import io.skillscope.bench.BenchSettings;
import io.skillscope.bench.CompositionStudy;
import io.skillscope.bench.ForwardBenchmark;
import io.skillscope.bench.KsdKeysStudy;
import io.skillscope.bench.LoadComparison;
import io.skillscope.bench.LocalizationBenchmark;
import io.skillscope.bench.MethodsBenchmark;
import io.skillscope.bench.MulStudy;
import io.skillscope.bench.OrthogonalityControls;
import io.skillscope.bench.RealShapesBenchmark;
import io.skillscope.bench.ThreadStudy;
import io.skillscope.bench.TorchAnchor;
import io.skillscope.bench.UnlearningBenchmark;
import io.skillscope.bench.WeightSpaceBenchmark;
import io.skillscope.core.model.Transformer;
import io.skillscope.core.runtime.ThreadSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code skillscope bench [NAME]}: the benchmark and study programs of the {@code bench} module. Without a
 * name (or with {@code forward}) it runs {@link ForwardBenchmark}: forward throughput of a GPT-2-small-shaped
 * model with random weights, its FLOP/s as a ratio of the matmul rate measured in the same run, and the cost
 * of streaming every {@code blocks.*.mlp.hook_post} into per-neuron statistics, then the rows of
 * {@link MethodsBenchmark} (idle, and under the same {@code --load}; {@code --no-methods} skips them). The other names run one
 * program each and pass their arguments through unchanged, as the program's own {@code main} reads them:
 *
 * <pre>
 * skillscope bench [forward] [--quick] [--device NAME] [--load N] [--rounds R] [--torch SCRIPT [--python BIN]]
 *                 [--no-methods] [--model DIR]
 * skillscope bench methods      [--quick] [--model DIR] [--out FILE.json] ({@link MethodsBenchmark})
 * skillscope bench unlearning   MODEL_DIR [--key value ...]   ({@link UnlearningBenchmark})
 * skillscope bench localization --model DIR [--key value ...] ({@link LocalizationBenchmark})
 * skillscope bench weight-space [MB_PER_MODEL [MB_PER_TENSOR [WORK_DIR]]] ({@link WeightSpaceBenchmark})
 * skillscope bench mul-study    [--key value ...]             ({@link MulStudy})
 * skillscope bench composition  [--key value ...]             ({@link CompositionStudy})
 * skillscope bench orthogonality-controls [--key value ...]   ({@link OrthogonalityControls})
 * skillscope bench real-shapes  --write DIR | --dir DIR [--shapes a,b] ({@link RealShapesBenchmark})
 * skillscope bench threads      [--workloads a,b] [--configs a,b] [--rounds N] [--load N] ({@link ThreadStudy})
 * </pre>
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = {
            "Benchmarks that print ratios: the forward pass by default, or the benchmark or study NAME.",
            "The forward benchmark runs a GPT-2-small-shaped model with random weights (12 layers, d_model 768,",
            "vocab 50257, batch 8 x 128 tokens) and prints forward FLOP/s over the fp32 matmul rate measured in the",
            "same run, and hooked over plain forward time; then the methods rows of 'bench methods' (--no-methods: not).",
            "With a NAME, run that benchmark or study instead; its arguments pass through unchanged."
        },
        subcommands = {
            BenchCommand.Forward.class,
            BenchCommand.Methods.class,
            BenchCommand.Unlearning.class,
            BenchCommand.KsdKeys.class,
            BenchCommand.Localization.class,
            BenchCommand.WeightSpace.class,
            BenchCommand.MulStudyProgram.class,
            BenchCommand.Composition.class,
            BenchCommand.OrthogonalityControlsProgram.class,
            BenchCommand.RealShapesProgram.class,
            BenchCommand.Threads.class
        })
final class BenchCommand implements Callable<Integer> {

    @Mixin
    ForwardOptions forward;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return forward.run(spec);
    }

    /** The forward benchmark's options, shared by {@code bench} and {@code bench forward}. */
    static final class ForwardOptions {
        @Option(names = "--quick", description = "2 layers and batch 2: runs in seconds (a smoke test).")
        boolean quick;

        @Option(
                names = "--device",
                paramLabel = "NAME",
                converter = DeviceConverter.class,
                description = "cpu, gpu, gpu(N), gpuN or cuda:N; default: the first GPU DJL finds, else the CPU.")
        Device device;

        @Option(
                names = "--load",
                paramLabel = "N",
                defaultValue = "0",
                description = {
                    "Also measure with N threads spinning in another process (the benchmark starts and stops it),",
                    "alternating with idle runs; 1 keeps one core busy. Default 0: idle only."
                })
        int load;

        @Option(
                names = "--rounds",
                paramLabel = "R",
                description =
                        "Alternating rounds (idle, loaded) whose medians are printed; default 3 with --load or --torch.")
        Integer rounds;

        @Option(
                names = "--torch",
                paramLabel = "SCRIPT",
                description = {
                    "A PyTorch-eager script of the same forward (GPT-2 small, batch 8 x 128, fp32) that takes the",
                    "thread count as its argument and prints one JSON line with tokens_per_s (and matmul_gflops);",
                    "run after each measurement under the same load, and the ratio printed."
                })
        Path torch;

        @Option(
                names = "--methods",
                negatable = true,
                defaultValue = "true",
                fallbackValue = "true",
                description = {
                    "After the forward figures, time the methods (what 'bench methods' runs: probe, Neuron Adjust,",
                    "KSD, grafting vs fine-tuning step, KV-cache decode, streamed merge), idle and under each --load.",
                    "Default on; --no-methods prints the forward figures only."
                })
        boolean methods;

        @Option(
                names = "--model",
                paramLabel = "DIR",
                defaultValue = "models/skill-lab-base",
                description = "The skill-lab model folder the methods rows run on (default: models/skill-lab-base).")
        Path model;

        @Option(
                names = "--python",
                paramLabel = "BIN",
                defaultValue = "/usr/bin/python3",
                description = "The interpreter of --torch (default: /usr/bin/python3).")
        Path python;

        int run(CommandSpec spec) {
            Device d = device == null ? Transformer.defaultDevice() : device;
            BenchSettings settings = quick ? BenchSettings.quick(d) : BenchSettings.full(d);
            PrintWriter out = spec.commandLine().getOut();
            if (load < 0) {
                throw new ParameterException(spec.commandLine(), "--load must be >= 0, got " + load);
            }
            if (rounds != null && rounds < 1) {
                throw new ParameterException(spec.commandLine(), "--rounds must be >= 1, got " + rounds);
            }
            if (load == 0 && torch == null && rounds == null) {
                requireModel(spec);
                BenchReport report = ForwardBenchmark.run(settings);
                out.println("threads: " + ThreadSettings.effective().line());
                out.print(report.table());
                out.flush();
                methods(out, d, 0);
                return 0;
            }
            if (torch != null && quick) {
                throw new ParameterException(
                        spec.commandLine(),
                        "--torch compares the full GPT-2-small shape (batch 8 x 128); drop --quick");
            }
            TorchAnchor anchor;
            try {
                anchor = torch == null
                        ? null
                        : new TorchAnchor(python, torch, Runtime.getRuntime().availableProcessors());
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
            requireModel(spec);
            LoadComparison c =
                    ForwardBenchmark.compare(settings, load, anchor, rounds == null ? 3 : rounds, System.err);
            out.print(c.table(ThreadSettings.effective().line()));
            out.flush();
            methods(out, d, load);
            return 0;
        }

        /** Refuses a missing skill-lab model before anything runs, when the methods rows will run. */
        private void requireModel(CommandSpec spec) {
            if (methods && !java.nio.file.Files.isRegularFile(model.resolve("config.json"))) {
                throw new ParameterException(
                        spec.commandLine(),
                        "--model " + model + " has no config.json (the skill-lab model folder the methods rows run"
                                + " on); pass --model DIR or --no-methods");
            }
        }

        /**
         * The methods rows ({@link MethodsBenchmark}), idle and, when {@code load > 0}, again with {@code load}
         * busy threads of a {@link io.skillscope.bench.BackgroundLoad}; nothing with {@code --no-methods}.
         */
        private void methods(PrintWriter out, Device d, int load) {
            if (!methods) {
                return;
            }
            MethodsBenchmark.Settings ms =
                    quick ? MethodsBenchmark.Settings.quick(model, d) : MethodsBenchmark.Settings.full(model, d);
            for (int threads : load == 0 ? new int[] {0} : new int[] {0, load}) {
                MethodsBenchmark.Report r;
                try (io.skillscope.bench.BackgroundLoad bg = io.skillscope.bench.BackgroundLoad.start(threads)) {
                    r = MethodsBenchmark.measure(ms);
                }
                out.println();
                out.println(
                        threads == 0
                                ? "methods, idle:"
                                : "methods, with " + threads + " busy thread(s) in another process:");
                out.print(r.table());
                out.flush();
            }
        }
    }

    @Command(
            name = "forward",
            mixinStandardHelpOptions = true,
            description = "Forward throughput and hook cost (what plain 'skillscope bench' runs).")
    static final class Forward implements Callable<Integer> {
        @Mixin
        ForwardOptions forward;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            return forward.run(spec);
        }
    }

    /** A benchmark program: its arguments, in order, go to the program as they were given. */
    abstract static class Program implements Callable<Integer> {
        @Unmatched
        List<String> args = new ArrayList<>();

        @Spec
        CommandSpec spec;

        abstract void run(String[] args) throws Exception;

        @Override
        public Integer call() throws Exception {
            spec.commandLine().getOut().flush();
            run(args.toArray(new String[0]));
            return 0;
        }
    }

    @Command(
            name = "methods",
            mixinStandardHelpOptions = true,
            description = {
                "The methods against a plain forward, generation or training step, in one run (MethodsBenchmark):",
                "probe tokens/s, a Neuron Adjust and a KSD generation pass, a grafting step against a fine-tuning",
                "step on the same batch, KV-cache decode against prefill, and the peak memory of a streamed merge,",
                "on the skill-lab model and a GPT-2-shaped random model; alternating samples, medians.",
                "Arguments: [--quick] [--model DIR, default models/skill-lab-base] [--out FILE.json]"
            })
    static final class Methods extends Program {
        @Override
        void run(String[] args) {
            MethodsBenchmark.main(args);
        }
    }

    @Command(
            name = "unlearning",
            mixinStandardHelpOptions = true,
            description = {
                "Unlearning benchmark: KSD, Neuron Adjust and Selective Pruning on a skill-lab model.",
                "Forgets arithmetic and one string skill and prints every table and a summary (UnlearningBenchmark).",
                "Arguments: MODEL_DIR [--train 200] [--dev 100] [--test 100] [--batch 64] [--seed 0] [--skill rev]",
                "[--out DIR] [--sweep true] [--curve true] [--spaces true|only]"
            })
    static final class Unlearning extends Program {
        @Override
        void run(String[] args) {
            if (args.length == 0) {
                throw new ParameterException(
                        spec.commandLine(),
                        "the model folder is required: bench unlearning MODEL_DIR"
                                + " [--train N] [--dev N] [--test N] [--batch N] [--seed S] [--skill NAME] [--out DIR] [--sweep true]"
                                + " [--curve true] [--spaces true|only]");
            }
            UnlearningBenchmark.main(args);
        }
    }

    @Command(
            name = "ksd-keys",
            mixinStandardHelpOptions = true,
            description = {
                "Key Space Detection's keys on the dev split (KsdKeysStudy): per-dimension |μ|/σ of forget and retain",
                "keys, the box fitted on prompts, on the answer text alone (the authors' probe default) and on answer",
                "tokens, each at the dev-calibrated h and at the paper code's fixed h, and key norms at decode steps.",
                "Arguments: --out DIR [--model models/skill-lab-base] [--forget arithmetic|SKILL] [--train 200]",
                "[--dev 100] [--test 100] [--seed 0] [--batch 64] [--fixed-h 2,1.4,0.06] [--force true]"
            })
    static final class KsdKeys extends Program {
        @Override
        void run(String[] args) {
            KsdKeysStudy.main(args);
        }
    }

    @Command(
            name = "localization",
            mixinStandardHelpOptions = true,
            description = {
                "Localization benchmark: fine-tune held-out skills and sweep the graft sparsity.",
                "Reports the smallest graft that recovers the fine-tuned accuracy (LocalizationBenchmark).",
                "Arguments: --model DIR [--skills cs3,evn,swp,upc] [--out DIR] [--ft-steps 1000] ... (see the class)"
            })
    static final class Localization extends Program {
        @Override
        void run(String[] args) throws Exception {
            LocalizationBenchmark.main(args);
        }
    }

    @Command(
            name = "weight-space",
            mixinStandardHelpOptions = true,
            description = {
                "Weight-space benchmark: peak heap and RSS of a skill vector and a TIES merge.",
                "Runs on a synthetic checkpoint pair (WeightSpaceBenchmark).",
                "Arguments: [MB per model, default 1536] [MB per tensor, default 32] [work folder]"
            })
    static final class WeightSpace extends Program {
        @Override
        void run(String[] args) throws Exception {
            WeightSpaceBenchmark.main(args);
        }
    }

    @Command(
            name = "mul-study",
            mixinStandardHelpOptions = true,
            description = {
                "Mul study: fine-tune products on a fresh operator, print train and test accuracy.",
                "Why the third stage's mul stalled on held-out inputs (MulStudy).",
                "Arguments: --model DIR [--left-max 99] [--format forward|reversed] [--steps 2000] [--batch 64]",
                "[--lr 1e-3] [--seed 5] [--eval-every 250]"
            })
    static final class MulStudyProgram extends Program {
        @Override
        void run(String[] args) {
            MulStudy.main(args);
        }
    }

    @Command(
            name = "composition",
            mixinStandardHelpOptions = true,
            description = {
                "Composition study: GRPO vs SFT on compositions, and how orthogonal their updates are.",
                "SFT warm-up, GRPO and SFT controls on depth-2 compositions, scored on depth 2 and 3 (CompositionStudy).",
                "Arguments: --model DIR --out DIR [--functions ...] [--sft-steps 300] [--rounds 150] ... (see the class)"
            })
    static final class Composition extends Program {
        @Override
        void run(String[] args) throws Exception {
            CompositionStudy.main(args);
        }
    }

    @Command(
            name = "orthogonality-controls",
            mixinStandardHelpOptions = true,
            description = {
                "The controls of PaST's SFT-vs-RL orthogonality over seeds, and PaST's skill-vector transfer",
                "(OrthogonalityControls; analysis/ORTHOGONALITY.md): per seed SFT from the base, GRPO from it twice,",
                "continued SFT with GRPO's budget and SFT from the base again; cosines, principal angles against",
                "random subspaces, support overlap; v = θ_rl − θ_sft added to another SFT model against random",
                "vectors of the same norms, λ chosen on dev.",
                "Arguments: --model DIR --out DIR [--seeds 0,1,2] [--functions ...] [--rounds 30] ... (see the class)"
            })
    static final class OrthogonalityControlsProgram extends Program {
        @Override
        void run(String[] args) {
            OrthogonalityControls.main(args);
        }
    }

    @Command(
            name = "real-shapes",
            mixinStandardHelpOptions = true,
            description = {
                "Real-shape benchmark: random-weight checkpoints with the published configs of Qwen2.5-0.5B/1.5B,",
                "Llama-3.2-1B, Pythia-410M/1.4B, Gemma-2-2B and Phi-3-mini (RealShapesBenchmark).",
                "--write DIR [--shapes a,b] [--no-rope-scaling]: write them (BF16/F16/F32 as published) under DIR.",
                "--dir DIR [--shapes a,b] [--prompts 1000]: measure load, prefill, decode, probe, NA, KSD, localize",
                "and peak RSS, each in its own child JVM, and print one table row per shape."
            })
    static final class RealShapesProgram extends Program {
        @Override
        void run(String[] args) throws Exception {
            RealShapesBenchmark.main(args);
        }
    }

    @Command(
            name = "threads",
            mixinStandardHelpOptions = true,
            description = {
                "Thread-settings study: OpenMP wait policy and spin count, intra- and inter-op threads, each",
                "workload in a fresh child JVM, idle and with N busy threads of another process, alternating;",
                "medians of the rounds (ThreadStudy; results in bench/THREADS.md).",
                "Arguments: [--workloads gpt2-forward,gpt2-train,tiny-forward,tiny-train] [--rounds 3] [--load 1]",
                "[--configs default,passive,passive-inter1,active-inter1,spin10k-inter1,passive-1thread,default-1thread]"
            })
    static final class Threads extends Program {
        @Override
        void run(String[] args) {
            ThreadStudy.main(args);
        }
    }
}
