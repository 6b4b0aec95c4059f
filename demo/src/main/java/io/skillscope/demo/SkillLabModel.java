package io.skillscope.demo;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the shipped skill-lab model, {@code models/skill-lab-base}, without a path from the user: in the
 * working directory or one of its parents, under the folder named by the {@code skillscope.repo} system
 * property, or above the jar or classes folder this class was loaded from (the repository's
 * {@code cli/target/lib} when run by the {@code skillscope} launcher).
 */
public final class SkillLabModel {
    /** The model's path relative to the repository root. */
    public static final String RELATIVE = "models/skill-lab-base";

    private SkillLabModel() {}

    /**
     * The model folder.
     *
     * @throws DemoException listing the places searched when none holds the model
     */
    public static Path locate() {
        List<Path> roots = candidates();
        return find(roots)
                .orElseThrow(() -> new DemoException(
                        "cannot find " + RELATIVE + " (looked under " + roots + "); pass --model DIR"));
    }

    static Optional<Path> find(List<Path> roots) {
        for (Path r : roots) {
            Path m = r.resolve(RELATIVE);
            if (Files.isRegularFile(m.resolve("config.json")) && Files.isRegularFile(m.resolve("model.safetensors"))) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    private static List<Path> candidates() {
        Set<Path> out = new LinkedHashSet<>();
        ancestors(Path.of("").toAbsolutePath(), out);
        String repo = System.getProperty("skillscope.repo");
        if (repo != null && !repo.isBlank()) {
            out.add(Path.of(repo).toAbsolutePath().normalize());
        }
        try {
            var src = SkillLabModel.class.getProtectionDomain().getCodeSource();
            if (src != null && src.getLocation() != null) {
                ancestors(Path.of(src.getLocation().toURI()).toAbsolutePath(), out);
            }
        } catch (URISyntaxException | SecurityException | IllegalArgumentException e) {
            // no usable code source: the other places are still searched
        }
        return new ArrayList<>(out);
    }

    private static void ancestors(Path p, Set<Path> out) {
        for (Path x = p.normalize(); x != null; x = x.getParent()) {
            out.add(x);
        }
    }
}
