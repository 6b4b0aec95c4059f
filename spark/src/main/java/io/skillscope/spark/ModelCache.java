package io.skillscope.spark;

import io.skillscope.api.ModelCodec;
import io.skillscope.core.model.Transformer;
import io.skillscope.probes.TokenCodec;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The models of this JVM, loaded once each and kept for the JVM's life: an executor runs many partitions
 * of a job (and of later jobs in the same application) on one copy. Keyed by the absolute, normalized
 * path, which must name the same folder on every executor (a shared file system). A task that uses a
 * model holds its lock, so two task threads of one executor never interleave forward passes and hooks.
 */
public final class ModelCache {
    private static final ConcurrentMap<String, Loaded> MODELS = new ConcurrentHashMap<>();
    private static final java.util.concurrent.atomic.AtomicInteger LOADS =
            new java.util.concurrent.atomic.AtomicInteger();

    private ModelCache() {}

    /**
     * A loaded model: the network, its folder's token conventions and its weights' hash. Synchronize on it
     * while running it.
     *
     * @param model the network (never closed while the JVM lives)
     * @param codec the folder's tokenizer
     * @param sha256 the weights' hash ({@code ParameterStore.sha256})
     */
    public record Loaded(Transformer model, ModelCodec codec, String sha256) {
        /** The token conventions of the method modules. */
        public TokenCodec tokens() {
            return codec.codec();
        }
    }

    /** The model of {@code folder}, loaded on first use in this JVM. */
    public static Loaded get(String folder) {
        String key = Path.of(folder).toAbsolutePath().normalize().toString();
        return MODELS.computeIfAbsent(key, k -> {
            Path dir = Path.of(k);
            ModelCodec codec = ModelCodec.of(dir);
            Transformer m = Transformer.load(dir);
            LOADS.incrementAndGet();
            return new Loaded(m, codec, m.parameters().sha256());
        });
    }

    /** How many models this JVM has loaded (a test checks that partitions share one). */
    public static int loads() {
        return LOADS.get();
    }
}
