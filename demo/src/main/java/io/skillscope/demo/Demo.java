package io.skillscope.demo;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.skillscope.core.Provenance;
import io.skillscope.core.checkpoint.AtomicFolder;
import io.skillscope.core.checkpoint.Hashing;
import io.skillscope.reports.IndexPage;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The whole pipeline on the shipped skill lab, step by step: (1) probe two skills, (2) unlearn one set
 * with Neuron Adjust and Key Space Detection, (3) fine-tune a held-out skill with SGD and localize it with
 * learned masks over a sparsity sweep, (4) SFT, GRPO and a control SFT on compositions and the
 * orthogonality of their updates. Each step writes {@code out/<step>/result.json} (see
 * {@link StepArtifact}), its tensors or models, and {@code out/<step>/report.html}; {@code out/index.html}
 * links the reports and {@code out/demo.json} records the settings and timings.
 *
 * <pre>{@code
 * DemoResult r = Demo.run(DemoScale.FULL.settings(0), Path.of("models/skill-lab-base"), Path.of("out/demo"),
 *         false, System.err);
 * }</pre>
 */
public final class Demo {
    /** The step folders, in the order they run. */
    public static final List<String> STEPS =
            List.of(ProbeStep.FOLDER, UnlearningStep.FOLDER, LocalizationStep.FOLDER, OrthogonalityStep.FOLDER);

    private Demo() {}

    /**
     * Runs the demo.
     *
     * @param settings what to run (see {@link DemoScale#settings})
     * @param model the base model folder (only read)
     * @param out the output folder; must be empty or missing unless {@code force}
     * @param force write into a non-empty folder, replacing the demo's own files and step folders there
     * @param log progress lines, or null for silence
     * @return where the reports are and how long each step took
     * @throws DemoException if the model folder is missing, {@code out} is not empty (without force), or
     *     {@code out} and the model folder contain one another
     */
    public static DemoResult run(DemoSettings settings, Path model, Path out, boolean force, PrintStream log) {
        checkFolders(model, out, force);
        // built under a partial name and renamed into place when every step is done (AtomicFolder)
        List<DemoResult.Step> done = new ArrayList<>();
        try (AtomicFolder folder = AtomicFolder.begin(out, "demo")) {
            Path work = folder.dir();
            for (DemoResult.Step s : run(settings, model, work, out, log)) {
                done.add(new DemoResult.Step(
                        s.name(),
                        s.title(),
                        s.summary(),
                        out.resolve(s.name()),
                        out.resolve(s.name()).resolve("report.html"),
                        s.seconds()));
            }
            folder.commit();
        }
        DemoResult result = new DemoResult(settings, out.toAbsolutePath().normalize(), out.resolve("index.html"), done);
        if (log != null) {
            log.print(result.timingTable());
            log.flush();
        }
        return result;
    }

    private static List<DemoResult.Step> run(
            DemoSettings settings, Path model, Path out, Path shownOut, PrintStream log) {
        StepContext ctx = new StepContext(
                settings,
                model,
                Hashing.sha256(model.resolve("model.safetensors")),
                Hashing.sha256(model.resolve("config.json")),
                out,
                log);
        ctx.say("skillscope demo (" + settings + ") from "
                + model.toAbsolutePath().normalize() + " into "
                + shownOut.toAbsolutePath().normalize());
        List<Function<StepContext, StepArtifact>> steps =
                List.of(ProbeStep::run, UnlearningStep::run, LocalizationStep::run, OrthogonalityStep::run);
        List<DemoResult.Step> done = new ArrayList<>();
        IndexPage.Builder index = IndexPage.builder("skillscope demo");
        for (int i = 0; i < steps.size(); i++) {
            String name = STEPS.get(i);
            ctx.say("step " + (i + 1) + "/" + steps.size() + ": " + name);
            long t0 = System.nanoTime();
            StepArtifact art = steps.get(i).apply(ctx);
            Path dir = out.resolve(name);
            Path report = ArtifactReports.report(dir).writeTo(dir.resolve("report.html"));
            double seconds = (System.nanoTime() - t0) / 1e9;
            done.add(new DemoResult.Step(name, art.title(), art.summary(), dir, report, seconds));
            index.entry(
                    art.title(),
                    name + "/report.html",
                    art.summary() + String.format(Locale.ROOT, " (%.0f s)", seconds));
            ctx.say(String.format(
                    Locale.ROOT,
                    "step %d/%d %s done in %.1f s: %s",
                    i + 1,
                    steps.size(),
                    name,
                    seconds,
                    art.summary()));
        }
        double total = done.stream().mapToDouble(DemoResult.Step::seconds).sum();
        index.summary(String.format(
                Locale.ROOT,
                "The skill lab end to end (%s scale, seed %d, model %s): probe, unlearn,"
                        + " localize, SFT vs RL. %.0f s in all; each link is one step's report, and each step's folder"
                        + " holds its result.json, tensors and models.",
                settings.scale().label(),
                settings.seed(),
                model.toAbsolutePath().normalize().getFileName(),
                total));
        index.build().writeTo(out.resolve("index.html"));
        writeRecord(settings, model, ctx, out, done);
        return done;
    }

    /** {@code demo.json}: the settings record, the model's hashes, per-step seconds and the environment. */
    private static void writeRecord(
            DemoSettings settings, Path model, StepContext ctx, Path out, List<DemoResult.Step> done) {
        JsonObject o = new JsonObject();
        o.add("settings", StepArtifact.GSON.toJsonTree(settings));
        o.add("inputs", StepArtifact.GSON.toJsonTree(ctx.modelInputs()));
        JsonArray steps = new JsonArray();
        for (DemoResult.Step s : done) {
            JsonObject j = new JsonObject();
            j.addProperty("step", s.name());
            j.addProperty("report", s.name() + "/report.html");
            j.addProperty("seconds", Math.round(s.seconds() * 10) / 10.0);
            steps.add(j);
        }
        o.add("steps", steps);
        o.addProperty(
                "threads", io.skillscope.core.runtime.ThreadSettings.effective().line());
        o.add("environment", StepArtifact.GSON.toJsonTree(Provenance.environment()));
        io.skillscope.core.Json.write(out.resolve("demo.json"), o);
    }

    /**
     * Checks that the model folder exists, that the output folder is empty (or forced), and that neither
     * folder lies inside the other, so the demo can never write into its input. With {@code force}, a
     * previous output is replaced as a whole once the new one is complete ({@link AtomicFolder}).
     */
    static void checkFolders(Path model, Path out, boolean force) {
        if (!Files.isRegularFile(model.resolve("config.json"))
                || !Files.isRegularFile(model.resolve("model.safetensors"))) {
            throw new DemoException("model folder " + model + " has no config.json and model.safetensors");
        }
        Path m = model.toAbsolutePath().normalize();
        Path o = out.toAbsolutePath().normalize();
        if (o.startsWith(m) || m.startsWith(o)) {
            throw new DemoException("output folder " + out + " and model folder " + model + " must not contain one"
                    + " another: the demo never writes next to its input");
        }
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new DemoException("output " + out + " exists and is not a folder");
        }
        if (Files.isDirectory(out) && !isEmpty(out)) {
            if (!force) {
                throw new DemoException("output folder " + out + " is not empty; choose another or pass --force to"
                        + " replace the demo's files in it");
            }
            if (!AtomicFolder.isPreviousOutput(out)) {
                throw new DemoException("output folder " + out + " holds no previous output (no " + AtomicFolder.MARKER
                        + " or demo.json); --force replaces a previous output, never other files");
            }
        }
    }

    private static boolean isEmpty(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
