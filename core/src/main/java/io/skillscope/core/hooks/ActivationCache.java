package io.skillscope.core.hooks;

import io.skillscope.core.SkillscopeException;
import io.skillscope.core.checkpoint.HostTensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Activations copied to the host at named hook points, one entry per firing (a forward fires each
 * hook once; generation fires at prefill and at every new token). Holds plain arrays, no native memory.
 */
public final class ActivationCache {
    private final Map<HookName, List<HostTensor>> entries = new TreeMap<>();

    synchronized void add(HookName name, HostTensor value) {
        entries.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }

    /** The activation of a hook point that fired once (or the first firing). */
    public synchronized HostTensor get(HookName name) {
        List<HostTensor> list = entries.get(name);
        if (list == null || list.isEmpty()) {
            throw new SkillscopeException("hook point " + name + " was not captured; captured: " + entries.keySet());
        }
        return list.get(0);
    }

    /** The activation of a hook point by its TransformerLens name. */
    public HostTensor get(String name) {
        return get(HookName.parse(name));
    }

    /** Every firing of a hook point, in order. */
    public synchronized List<HostTensor> firings(HookName name) {
        return Collections.unmodifiableList(entries.getOrDefault(name, List.of()));
    }

    /** The hook points captured so far. */
    public synchronized List<HookName> names() {
        return List.copyOf(entries.keySet());
    }

    /** Drops everything captured. */
    public synchronized void clear() {
        entries.clear();
    }

    @Override
    public synchronized String toString() {
        StringBuilder sb = new StringBuilder("ActivationCache[");
        boolean first = true;
        for (Map.Entry<HookName, List<HostTensor>> e : entries.entrySet()) {
            sb.append(first ? "" : ", ")
                    .append(e.getKey())
                    .append(' ')
                    .append(Arrays.toString(e.getValue().get(0).shape()));
            if (e.getValue().size() > 1) {
                sb.append(" x").append(e.getValue().size());
            }
            first = false;
        }
        return sb.append(']').toString();
    }
}
