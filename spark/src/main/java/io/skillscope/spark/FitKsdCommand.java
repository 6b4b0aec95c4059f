package io.skillscope.spark;

import io.skillscope.core.hooks.HookSite;
import io.skillscope.unlearning.KeySpaceDetector;
import io.skillscope.unlearning.KsdFitOn;
import io.skillscope.unlearning.KsdOptions;
import io.skillscope.unlearning.KsdPreset;
import io.skillscope.unlearning.LayerChoice;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code skillscope-spark fit-ksd}: {@link KsdJob} from the command line. */
@Command(
        name = "fit-ksd",
        mixinStandardHelpOptions = true,
        description = {
            "Key Space Detection fitted from statistics probed over partitions: the box (mean, sd, min, max per",
            "dimension of the preset's key) over the forget corpus, h calibrated on the driver on the dev prompts",
            "as 'skillscope unlearn ksd' calibrates it. Writes OUT/artifact (what 'unlearn ksd' writes there) and",
            "OUT/result.json."
        })
final class FitKsdCommand implements Callable<Integer> {
    @Mixin
    SparkMain.SparkOptions spark;

    @Mixin
    JobOutput job;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "A model folder every executor sees.")
    Path model;

    @Option(
            names = "--forget",
            required = true,
            paramLabel = "FILE.jsonl",
            description = "The forget corpus the box is fitted on (any Hadoop-FS path).")
    String forget;

    @Option(
            names = "--dev-forget",
            required = true,
            paramLabel = "FILE.jsonl",
            description = "The forget set's dev examples h is calibrated on (read on the driver).")
    String devForget;

    @Option(
            names = "--dev-retain",
            required = true,
            split = ",",
            paramLabel = "FILE.jsonl",
            description = "Each retain set's dev examples, named by file name (read on the driver).")
    List<String> devRetain;

    @Option(
            names = "--max-new-tokens",
            defaultValue = "0",
            paramLabel = "N",
            description = "Generation limit of the calibration pass; 0 (the default) takes the limit unlearn ksd"
                    + " gives JSONL sets: the longest dev answer's UTF-8 bytes plus two.")
    int maxNewTokens;

    @Option(
            names = "--preset",
            defaultValue = "paper",
            paramLabel = "NAME",
            description = "paper (default), key-prompt-variant or up-proj-prompt-variant, as unlearn ksd takes them;"
                    + " --layer, --site, --check-decode override it.")
    String preset;

    @Option(
            names = "--layer",
            paramLabel = "L",
            description = "Block to read: a number, last (the preset's) or auto (every block probed in one pass,"
                    + " block and check chosen on dev).")
    String layer;

    @Option(names = "--site", paramLabel = "SITE", description = "The per-block activation boxed (mlp.hook_post ...).")
    String site;

    @Option(
            names = "--check-decode",
            arity = "1",
            paramLabel = "BOOL",
            description = "Check every generated token as well as the prompt.")
    Boolean checkDecode;

    @Option(
            names = "--fit-on",
            defaultValue = "prompt",
            paramLabel = "KEYS",
            description = "prompt (default), answer-text or answer-tokens, as unlearn ksd takes them.")
    String fitOn;

    @Option(names = "--refusal", paramLabel = "TEXT", description = "The answer to a detected query.")
    String refusal;

    @Option(
            names = "--max-retain-detection",
            paramLabel = "R",
            description = "Calibration bound on each retain set's detection rate, in [0, 1] (default: 0.05).")
    Double maxRetainDetection;

    @Option(
            names = "--batch",
            defaultValue = "64",
            paramLabel = "N",
            description = "Rows per probe pass and prompts per generation batch (default: ${DEFAULT-VALUE}).")
    int batch;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        CommandLine cmd = spec.commandLine();
        if (batch < 1 || job.partitions < 0 || maxNewTokens < 0) {
            throw new ParameterException(cmd, "--batch must be >= 1, --max-new-tokens and --partitions >= 0");
        }
        KsdPreset p;
        KsdOptions o;
        KsdJob.Dev dev;
        try {
            p = KsdPreset.parse(preset);
            o = options(p);
            dev = new KsdJob.Dev(
                    Corpus.of(devForget), devRetain.stream().map(Corpus::of).toList(), maxNewTokens);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(cmd, e.getMessage());
        }
        PrintWriter err = cmd.getErr();
        err.println("spark fit-ksd: " + KsdPreset.label(o) + " (preset " + p.wire() + ")");
        err.flush();
        try (JavaSparkContext sc = spark.open("skillscope fit-ksd")) {
            int n = SparkMain.partitions(sc, job.partitions);
            KsdJob.Fit fit =
                    KsdJob.run(sc, model, Corpus.of(forget), o, p, dev, n, job.out, job.force, SparkMain.notesTo(err));
            PrintWriter w = cmd.getOut();
            w.println("method: " + KsdPreset.label(o) + " (preset " + p.wire() + ")");
            w.println(fit.detector());
            if (fit.detector().calibration() != null) {
                w.printf(
                        Locale.ROOT,
                        "dev forget detection %.3f at h %.6g (calibrated on the driver)%n",
                        fit.detector().calibration().forgetDetection(),
                        fit.detector().h());
            }
            w.println("wrote " + job.out.resolve("result.json") + ", " + job.out.resolve("artifact"));
            w.flush();
        }
        return 0;
    }

    /** The preset's options with the flags given applied, as {@code unlearn ksd} builds them. */
    KsdOptions options(KsdPreset p) {
        KeySpaceDetector.Settings d = p.options().settings();
        LayerChoice l = layer == null ? d.layer() : layerOf(layer);
        HookSite hs = site == null ? d.site() : siteOf(site);
        return new KsdOptions(
                new KeySpaceDetector.Settings(
                        l,
                        refusal == null ? d.refusal() : refusal,
                        maxRetainDetection == null ? d.maxRetainDetection() : maxRetainDetection,
                        batch,
                        checkDecode == null ? d.checkDecode() : checkDecode,
                        hs),
                false,
                KsdFitOn.parse(fitOn));
    }

    /** A block index, {@code last} or {@code auto}. */
    static LayerChoice layerOf(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.equals("last")) {
            return LayerChoice.LAST;
        }
        if (v.equals("auto")) {
            return LayerChoice.CHOSEN_ON_DEV;
        }
        try {
            return new LayerChoice.Fixed(Integer.parseInt(v));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "--layer '" + value + "' is not a layer; use a block index >= 0, last or auto");
        }
    }

    /** A per-block hook site by its suffix, e.g. {@code mlp.hook_post}. */
    static HookSite siteOf(String value) {
        return HookSite.bySuffix(value.trim(), true)
                .orElseThrow(() -> new IllegalArgumentException("--site '" + value
                        + "' is not a per-block hook site; use one of "
                        + String.join(
                                ", ",
                                Arrays.stream(HookSite.values())
                                        .filter(HookSite::perLayer)
                                        .map(HookSite::suffix)
                                        .toList())));
    }
}
