package io.skillscope.cli;

import io.skillscope.core.SkillscopeException;
import io.skillscope.core.checkpoint.AtomicFolder;
import io.skillscope.core.runtime.ThreadSettings;
import io.skillscope.demo.Demo;
import io.skillscope.demo.DemoResult;
import io.skillscope.demo.DemoScale;
import io.skillscope.demo.SkillLabModel;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code skillscope demo}: the whole pipeline on the shipped skill lab ({@link Demo}): probe two skills,
 * unlearn arithmetic, fine-tune and localize a held-out skill, compare SFT and RL updates. Progress and
 * per-step timings go to stderr; the path of {@code index.html} is printed on stdout.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Run the skill lab end to end (probe, unlearn, localize, SFT vs RL) and write one report per step"
                    + " plus DIR/index.html.",
            "--scale full took 2 min 19 s on 2 CPU cores (one PyTorch thread); --scale ci well under a minute."
        })
final class DemoCommand implements Callable<Integer> {

    @Option(
            names = "--out",
            required = true,
            paramLabel = "DIR",
            description = "Output folder; must be empty or missing unless --force.")
    Path out;

    @Option(
            names = "--scale",
            defaultValue = "full",
            paramLabel = "full|ci",
            description = "full (default) or ci (tiny step and example counts, to check the pipeline).")
    DemoScale scale;

    @Option(
            names = "--model",
            paramLabel = "DIR",
            description = "The base model; default " + SkillLabModel.RELATIVE
                    + " found from the working directory or the repository root.")
    Path model;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "Seed of every draw (default 0).")
    long seed;

    @Option(
            names = "--force",
            description = "Replace a previous demo output in --out (only once the new one is complete).")
    boolean force;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        // No thread pin: with the launcher's OMP_WAIT_POLICY=PASSIVE, libtorch's default of one intra-op
        // thread per core trained and ran the skill lab 4x faster than one thread, idle and with a core busy
        // (bench/THREADS.md). -Dai.djl.pytorch.num_threads=N in SKILLSCOPE_JAVA_OPTS still sets it.
        ThreadSettings.applyDefaults();
        Path m = model != null ? model : SkillLabModel.locate();
        if (!Files.isDirectory(m)) {
            throw new SkillscopeException("model folder " + m + " does not exist or is not a folder");
        }
        if (!force && Files.isDirectory(out) && !isEmpty(out)) {
            throw new ParameterException(
                    spec.commandLine(), "--out " + out + " is not empty; choose another folder or add --force");
        }
        AtomicFolder.requireComplete(m, "--model");
        OutputFolder.cleanBeside(spec.commandLine(), out);
        DemoResult r = Demo.run(scale.settings(seed), m, out, force, System.err);
        PrintWriter w = spec.commandLine().getOut();
        w.println(r.index());
        w.flush();
        return 0;
    }

    private static boolean isEmpty(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            throw new SkillscopeException("cannot list " + dir + " (" + e.getMessage() + ")", e);
        }
    }
}
