package io.skillscope.core.hooks;

import ai.djl.ndarray.NDArray;
import io.skillscope.core.checkpoint.HostTensor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A scoped set of hooks on one model. Open it with try-with-resources; every hook it added is gone
 * when it closes, also when the body throws.
 *
 * <pre>{@code
 * try (HookSession hooks = model.hooks()) {
 *     ActivationCache cache = hooks.cache("blocks.0.mlp.hook_post");
 *     hooks.replace("blocks.1.mlp.hook_post", (x, ctx) -> x.zerosLike());
 *     float[][] logits = model.logits(ids);
 * }
 * }</pre>
 */
public final class HookSession implements AutoCloseable {
    private record Entry(HookName name, HookReader reader, HookReplacer replacer) {}

    private final HookRegistry registry;
    private final List<Entry> entries = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    HookSession(HookRegistry registry) {
        this.registry = registry;
    }

    /** Adds a reader at a hook point. */
    public HookSession read(HookName name, HookReader reader) {
        return add(new Entry(name, reader, null));
    }

    /** Adds a reader at a hook point given by its TransformerLens name. */
    public HookSession read(String name, HookReader reader) {
        return read(registry.resolve(name), reader);
    }

    /** Adds a replacer at a hook point. */
    public HookSession replace(HookName name, HookReplacer replacer) {
        return add(new Entry(name, null, replacer));
    }

    /** Adds a replacer at a hook point given by its TransformerLens name. */
    public HookSession replace(String name, HookReplacer replacer) {
        return replace(registry.resolve(name), replacer);
    }

    /** Captures the named hook points into a new host-side cache; nothing else is captured. */
    public ActivationCache cache(Collection<HookName> names) {
        ActivationCache cache = new ActivationCache();
        for (HookName n : names) {
            read(
                    n,
                    (x, ctx) -> cache.add(
                            n,
                            HostTensor.ofFloats(x.toFloatArray(), x.getShape().getShape())));
        }
        return cache;
    }

    /** Captures hook points given by TransformerLens names. */
    public ActivationCache cache(String... names) {
        List<HookName> typed = new ArrayList<>();
        for (String n : names) {
            typed.add(registry.resolve(n));
        }
        return cache(typed);
    }

    private HookSession add(Entry e) {
        if (closed) {
            throw new IllegalStateException("hook session is closed");
        }
        registry.check(e.name());
        entries.add(e);
        registry.rebuild();
        return this;
    }

    Set<HookName> names() {
        Set<HookName> s = new LinkedHashSet<>();
        for (Entry e : entries) {
            s.add(e.name());
        }
        return s;
    }

    NDArray dispatch(NDArray value, HookContext ctx) {
        NDArray current = value;
        for (Entry e : entries) {
            if (!e.name().equals(ctx.name())) {
                continue;
            }
            if (e.reader() != null) {
                e.reader().read(current, ctx);
            } else {
                NDArray next = e.replacer().replace(current, ctx);
                HookRegistry.checkShape(current, next, ctx.name());
                if (next != current && next.getManager() != ctx.manager()) {
                    next.attach(ctx.manager());
                }
                current = next;
            }
        }
        return current;
    }

    /** Removes every hook of this session from the model. Idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            entries.clear();
            registry.closed(this);
        }
    }

    @Override
    public String toString() {
        return "HookSession" + names() + (closed ? " (closed)" : "");
    }
}
