package io.skillscope.core.model;

import io.skillscope.core.SkillscopeException;
import io.skillscope.core.checkpoint.TensorInfo;
import io.skillscope.core.checkpoint.TensorSource;
import io.skillscope.core.config.ModelConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks a checkpoint against what its config implies, from the headers alone (no weights read): every
 * {@link ParamSpec} of the family's adapter must have exactly one stored tensor, of the implied shape
 * and a floating-point dtype, and no stored tensor may be left over. {@link Transformer#load} runs it
 * before it allocates anything, and {@code skillscope info} runs it too, so a {@code config.json}
 * claiming trillions of parameters beside a few small tensors, or norm weights relabelled I32, is
 * refused by name.
 */
public final class CheckpointMatch {
    private CheckpointMatch() {}

    /**
     * Matches the checkpoint's tensors to the config's parameters.
     *
     * @return each parameter's stored tensor name, in the adapter's order
     * @throws SkillscopeException naming the file, the first problem (the tensor and both shapes, its
     *     dtype, or the missing or unused names) and how many other tensors are wrong
     */
    public static Map<String, String> check(ModelConfig config, TensorSource src) {
        ArchitectureAdapter adapter = ArchitectureAdapter.of(config.architecture());
        List<ParamSpec> specs = adapter.parameters(config);
        Map<String, ParamSpec> wanted = new HashMap<>();
        for (ParamSpec s : specs) {
            wanted.put(s.name(), s);
        }
        Map<String, String> byCanonical = new HashMap<>();
        Set<String> unexpected = new TreeSet<>();
        for (String name : src.names()) {
            Optional<String> canonical = adapter.canonicalName(name);
            if (canonical.isEmpty()) {
                continue;
            }
            String c = canonical.get();
            if (!wanted.containsKey(c)) {
                if (config.tieWordEmbeddings()
                        && adapter.role(c)
                                .filter(r -> r.region() == ParamSpec.Region.HEAD)
                                .isPresent()) {
                    continue; // a tied head saved explicitly
                }
                unexpected.add(name);
                continue;
            }
            String prev = byCanonical.put(c, name);
            if (prev != null) {
                throw new SkillscopeException(
                        src.path() + ": tensors '" + prev + "' and '" + name + "' both map to parameter " + c);
            }
        }
        List<String> problems = new ArrayList<>();
        Map<String, String> ordered = new LinkedHashMap<>();
        for (ParamSpec s : specs) {
            String name = byCanonical.get(s.name());
            if (name == null) {
                problems.add("missing tensor '" + s.name() + "' (shape " + Arrays.toString(s.shape())
                        + ") required by the " + config.architecture() + " config");
                continue;
            }
            TensorInfo info = src.info(name);
            if (!Arrays.equals(info.shape(), s.shape())) {
                problems.add("tensor '" + name + "' has shape " + Arrays.toString(info.shape())
                        + " but the config implies " + Arrays.toString(s.shape()));
            } else if (!info.dtype().isFloating()) {
                problems.add(
                        "tensor '" + name + "' is stored as " + info.dtype().safetensorsName()
                                + ", an integer dtype, but it is a floating-point parameter (expected F32, F16, BF16 or F64)");
            }
            ordered.put(s.name(), name);
        }
        if (!problems.isEmpty()) {
            int more = problems.size() - 1;
            throw new SkillscopeException(src.path() + ": " + problems.get(0)
                    + (more > 0 ? " (and " + more + " more tensors that do not match config.json)" : ""));
        }
        if (!unexpected.isEmpty()) {
            throw new SkillscopeException(src.path() + ": tensors not used by a " + config.architecture()
                    + " model with this config: " + abbreviate(unexpected));
        }
        return ordered;
    }

    private static String abbreviate(Set<String> names) {
        if (names.size() <= 8) {
            return names.toString();
        }
        return new ArrayList<>(names).subList(0, 8) + " and " + (names.size() - 8) + " more";
    }
}
