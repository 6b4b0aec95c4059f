package io.skillscope.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Placeholder; filled below. */
public final class RealShapesBenchmark {
    private RealShapesBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path write = null;
        boolean noRope = false;
        List<String> shapes = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--write" -> write = Path.of(args[++i]);
                case "--shapes" -> shapes.addAll(List.of(args[++i].split(",")));
                case "--no-rope-scaling" -> noRope = true;
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        for (RealShapes.Shape s : RealShapes.all()) {
            if (!shapes.isEmpty() && !shapes.contains(s.name())) continue;
            RealShapes.Shape w = noRope
                            && s.config().has("rope_scaling")
                            && !s.config().get("rope_scaling").isJsonNull()
                    ? s.withoutRopeScaling()
                    : s;
            long t0 = System.nanoTime();
            RealShapes.write(w, write.resolve(w.name()), 1);
            System.out.printf(
                    Locale.ROOT,
                    "%s: %,d parameters in %.1f s%n",
                    w.name(),
                    w.parameters(),
                    (System.nanoTime() - t0) / 1e9);
        }
    }
}
