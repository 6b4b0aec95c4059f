package io.skillscope.spark;

import java.io.Serializable;
import java.util.List;

/**
 * One point of a sweep: a {@code skillscope} command line without {@code --out}, and the name of its folder
 * under the sweep's root.
 *
 * @param name the point's folder name ({@code localize-mul-sparsity-0.001-seed-0}); letters, digits and
 *     {@code ._+-} only
 * @param title a line for the index ({@code localize mul, sparsity 0.001, seed 0})
 * @param args the command and its options, e.g. {@code localize --base B --finetuned F --skill mul ...}
 */
public record SweepPoint(String name, String title, List<String> args) implements Serializable {
    private static final long serialVersionUID = 1L;

    public SweepPoint {
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._+-]*")) {
            throw new IllegalArgumentException(
                    "a sweep point's name must be letters, digits and ._+- (not starting with one of ._+-), got '"
                            + name + "'");
        }
        args = List.copyOf(args);
        if (args.isEmpty()) {
            throw new IllegalArgumentException("sweep point " + name + " has no command");
        }
        if (args.contains("--out")) {
            throw new IllegalArgumentException("sweep point " + name + ": --out is the sweep's to give");
        }
    }
}
