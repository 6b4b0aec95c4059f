package io.skillscope.core;

import ai.djl.engine.Engine;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where an artifact came from: library, engine and runtime versions. Steps add their own settings,
 * input hashes and seed next to these.
 */
public final class Provenance {
    /** The library version, from the jar manifest, or "dev" when run from classes. */
    public static final String VERSION = version();

    private Provenance() {}

    private static String version() {
        String v = Provenance.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-SNAPSHOT" : v;
    }

    /** Library, engine, JVM and OS versions, plus the time of the call. */
    public static Map<String, String> environment() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("skillscope", VERSION);
        m.put("djl", Engine.getDjlVersion());
        Engine e = Engine.getEngine("PyTorch");
        m.put("engine", e.getEngineName() + " " + e.getVersion());
        m.put("java", System.getProperty("java.version"));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        m.put("created", Instant.now().toString());
        return m;
    }
}
