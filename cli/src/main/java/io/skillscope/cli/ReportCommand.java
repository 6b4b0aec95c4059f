package io.skillscope.cli;

import io.skillscope.core.checkpoint.AtomicFolder;
import io.skillscope.demo.ArtifactReports;
import io.skillscope.demo.StepArtifact;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code skillscope report}: one self-contained HTML file from artifact folders, through
 * {@link ArtifactReports}: the demo's step folders and what every command writes ({@code probe},
 * {@code unlearn}, {@code localize}, {@code eval --out}, {@code merge}, {@code overlap} and {@code forward}
 * folders with their {@code result.json}, and model folders {@code train} wrote, by their
 * {@code recipe.json}). A folder it cannot read is one line naming the file and what is missing.
 */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description = "Render artifact folders as one self-contained HTML report: the demo's steps, and the --out"
                + " folders of probe, unlearn, localize, train, eval --out, merge, overlap and forward.")
final class ReportCommand implements Callable<Integer> {

    @Option(
            names = "--in",
            required = true,
            arity = "1..*",
            paramLabel = "DIR",
            description = "Artifact folders, e.g. out/demo/probe out/demo/unlearning, or a command's --out folder.")
    List<Path> in;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The HTML file to write.")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Path target = out.toAbsolutePath().normalize();
        if (Files.isDirectory(target)) {
            throw new ParameterException(
                    spec.commandLine(), "--out " + out + " is a folder; give a file name such as " + "report.html");
        }
        for (Path dir : in) {
            for (String f : List.of(StepArtifact.FILE, "recipe.json")) {
                if (target.equals(dir.toAbsolutePath().normalize().resolve(f))) {
                    throw new ParameterException(
                            spec.commandLine(), "--out " + out + " would overwrite the input " + dir.resolve(f));
                }
            }
        }
        for (Path dir : in) {
            AtomicFolder.requireComplete(dir, "--in");
        }
        OutputFolder.cleanBeside(spec.commandLine(), out);
        Path written = ArtifactReports.report(in).writeTo(out);
        PrintWriter w = spec.commandLine().getOut();
        w.println(written);
        w.flush();
        return 0;
    }
}
