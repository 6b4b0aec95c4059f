package io.skillscope.core.testing;

import java.nio.file.Path;

/** The models shipped in the repository's {@code models/} folder, as tests running in a module folder see them. */
public final class ShippedModels {
    /**
     * The shipped skill lab ({@code models/skill-lab-base}: 828k parameters, 4 layers, d 128; its earlier
     * stages in {@code stage1..stage3}), relative to the module folder that surefire runs tests in.
     */
    public static final Path SKILL_LAB_BASE = Path.of("..", "models", "skill-lab-base");

    private ShippedModels() {}
}
