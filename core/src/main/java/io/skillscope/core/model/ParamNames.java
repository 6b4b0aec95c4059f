package io.skillscope.core.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * An adapter's one table from canonical parameter names to {@link ParamSpec.Role}s: block parameters are
 * {@code <blockPrefix><layer>.<suffix>} with the suffix naming the module, the others are listed by full
 * name. The adapter makes its {@link ParamSpec}s through this table ({@link #block}, {@link #global}), so
 * the names it declares and the roles {@link #role} reads back cannot disagree.
 */
final class ParamNames {
    private final String blockPrefix;
    private final Map<String, ModuleKind> blockSuffixes = new LinkedHashMap<>();
    private final Map<String, ParamSpec.Role> globals = new LinkedHashMap<>();

    /** A table whose block parameters start with {@code blockPrefix}, e.g. {@code "model.layers."}. */
    ParamNames(String blockPrefix) {
        this.blockPrefix = blockPrefix;
    }

    /** Declares the block parameters {@code <prefix><layer>.<suffix>} of a module. */
    ParamNames inBlock(ModuleKind kind, String... suffixes) {
        for (String s : suffixes) {
            blockSuffixes.put(s, kind);
        }
        return this;
    }

    /** Declares a parameter outside the blocks. */
    ParamNames outside(String name, ModuleKind kind, ParamSpec.Region region) {
        globals.put(name, ParamSpec.Role.global(kind, region));
        return this;
    }

    /** The spec of block {@code layer}'s parameter {@code suffix}, which must be declared. */
    ParamSpec block(int layer, String suffix, long[] shape, ParamSpec.Init init) {
        ModuleKind kind = blockSuffixes.get(suffix);
        if (kind == null) {
            throw new IllegalStateException("undeclared block parameter suffix '" + suffix + "'");
        }
        return new ParamSpec(blockPrefix + layer + "." + suffix, shape, init, ParamSpec.Role.block(layer, kind));
    }

    /** The spec of the declared parameter {@code name} outside the blocks. */
    ParamSpec global(String name, long[] shape, ParamSpec.Init init) {
        ParamSpec.Role role = globals.get(name);
        if (role == null) {
            throw new IllegalStateException("undeclared parameter '" + name + "'");
        }
        return new ParamSpec(name, shape, init, role);
    }

    /** The prefix of block {@code layer}'s parameters, e.g. {@code "model.layers.3."}. */
    String blockPrefix(int layer) {
        return blockPrefix + layer + ".";
    }

    /** The role of a canonical name; empty when the table declares no such parameter. */
    Optional<ParamSpec.Role> role(String canonicalName) {
        ParamSpec.Role g = globals.get(canonicalName);
        if (g != null) {
            return Optional.of(g);
        }
        OptionalInt layer = layer(canonicalName);
        if (layer.isEmpty()) {
            return Optional.empty();
        }
        ModuleKind kind = blockSuffixes.get(
                canonicalName.substring(blockPrefix(layer.getAsInt()).length()));
        return kind == null ? Optional.empty() : Optional.of(ParamSpec.Role.block(layer.getAsInt(), kind));
    }

    /**
     * The block a name sits in by its prefix alone, {@code <blockPrefix><layer>.}, whether or not the
     * rest names a declared parameter (buffers such as GPT-2's {@code attn.bias} sit in blocks too).
     */
    OptionalInt layer(String name) {
        if (!name.startsWith(blockPrefix)) {
            return OptionalInt.empty();
        }
        int dot = name.indexOf('.', blockPrefix.length());
        if (dot < 0 || !isIndex(name.substring(blockPrefix.length(), dot))) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(Integer.parseInt(name.substring(blockPrefix.length(), dot)));
    }

    private static boolean isIndex(String s) {
        if (s.isEmpty() || s.length() > 9) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
