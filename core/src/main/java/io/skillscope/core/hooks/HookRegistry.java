package io.skillscope.core.hooks;

import ai.djl.ndarray.NDArray;
import io.skillscope.core.SkillscopeException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The hooks open on one model. The model asks {@link #active(HookName)} at every site (an array
 * look-up, so unhooked sites cost nothing) and routes the activation through {@link #apply}. Sessions
 * register and unregister themselves; nothing stays once a session is closed.
 */
public final class HookRegistry {
    private final int numLayers;
    private final boolean gated;
    private final boolean learnedPositions;
    private final boolean parallel;
    private final List<HookSession> sessions = new CopyOnWriteArrayList<>();
    private volatile boolean[] active;

    public HookRegistry(int numLayers, boolean gated, boolean learnedPositions) {
        this(numLayers, gated, learnedPositions, false);
    }

    /**
     * The registry of a model whose blocks may be parallel-residual (GPT-NeoX), which have no
     * {@code hook_resid_mid}.
     */
    public HookRegistry(int numLayers, boolean gated, boolean learnedPositions, boolean parallel) {
        this.numLayers = numLayers;
        this.gated = gated;
        this.learnedPositions = learnedPositions;
        this.parallel = parallel;
        this.active = new boolean[slots()];
    }

    private int slots() {
        return HookSite.values().length * (numLayers + 1);
    }

    private int slot(HookName n) {
        return (n.layer() + 1) * HookSite.values().length + n.site().ordinal();
    }

    /** Resolves a TransformerLens name against this model, with suggestions when it is wrong. */
    public HookName resolve(String name) {
        return HookNames.resolve(name, numLayers, gated, learnedPositions, parallel);
    }

    /**
     * The hook points of this model that any of {@code filters} selects, filter by filter, each in the
     * model's hook order, without repeats.
     *
     * @throws SkillscopeException naming a filter that selects nothing on this model
     */
    public List<HookName> resolve(List<HookFilter> filters) {
        return HookFilter.resolveAll(filters, numLayers, gated, learnedPositions, parallel);
    }

    /** Checks a typed name against this model. */
    public void check(HookName name) {
        HookNames.check(name, numLayers, gated, learnedPositions, parallel);
    }

    /** Every hook point of this model. */
    public List<HookName> names() {
        return HookNames.all(numLayers, gated, learnedPositions, parallel);
    }

    /** Opens a new session on this model. */
    public HookSession open() {
        HookSession s = new HookSession(this);
        sessions.add(s);
        return s;
    }

    void closed(HookSession s) {
        sessions.remove(s);
        rebuild();
    }

    synchronized void rebuild() {
        boolean[] a = new boolean[slots()];
        for (HookSession s : sessions) {
            for (HookName n : s.names()) {
                a[slot(n)] = true;
            }
        }
        active = a;
    }

    /** Whether any open session has a hook at this point. */
    public boolean active(HookName name) {
        return active[slot(name)];
    }

    /** Whether any hook at all is open. */
    public boolean any() {
        return !sessions.isEmpty();
    }

    /** Number of open sessions (0 once every session is closed). */
    public int openSessions() {
        return sessions.size();
    }

    /** Runs the activation through every open session's hooks at this point, in order. */
    public NDArray apply(NDArray value, HookContext ctx) {
        NDArray current = value;
        for (HookSession s : sessions) {
            current = s.dispatch(current, ctx);
        }
        return current;
    }

    static void checkShape(NDArray before, NDArray after, HookName name) {
        if (after == null) {
            throw new SkillscopeException("replacer at " + name + " returned null");
        }
        if (!after.getShape().equals(before.getShape())) {
            throw new SkillscopeException("replacer at " + name + " returned shape " + after.getShape()
                    + " but the activation has shape " + before.getShape());
        }
    }

    static List<HookName> copy(List<HookName> l) {
        return new ArrayList<>(l);
    }
}
