package io.skillscope.core.runtime;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How skillscope runs PyTorch's CPU threads, in one place. DJL's {@code pytorch-native-cpu} 2.7.1 parallelises
 * with GNU OpenMP (it bundles {@code libgomp}; MKL is linked in with GNU threading). Three settings matter on
 * a machine that other programs share (bench/THREADS.md has the measurements):
 *
 * <ul>
 *   <li>{@value #WAIT_POLICY_ENV}{@code =}{@value #WAIT_POLICY}: OpenMP's idle threads sleep instead of
 *       spinning for about 300,000 iterations (libgomp's default) between parallel regions. With a core
 *       taken by another process, spinning threads steal the time the working thread needs. An environment
 *       variable, read once when {@code libgomp} loads: only a launcher can set it (the {@code skillscope}
 *       script, the Surefire configuration, the notebook kernel, the benchmark's child JVMs). Java programs
 *       that embed skillscope export it before starting the JVM.
 *   <li>{@value #INTER_OP_PROPERTY}{@code =}{@value #DEFAULT_INTER_OP}: skillscope never runs operators
 *       concurrently (no TorchScript forks), so a second inter-op pool only adds idle threads.
 *   <li>{@value #INTRA_OP_PROPERTY}: left at libtorch's default, one per core. Once idle threads sleep, that
 *       was the fastest count for every workload measured, the tiny skill-lab model included (one thread had
 *       been the workaround for spinning threads). The test JVMs pin one thread so that their numbers do
 *       not depend on the machine's core count.
 * </ul>
 *
 * <p>{@link #applyDefaults()} sets the two system properties when they are unset and must run before the
 * PyTorch engine loads; {@code Transformer} calls it in its static initialiser, so a program that reaches
 * PyTorch through skillscope gets it. A value already set ({@code -D...} on the command line) always wins.
 * {@link #effective()} reports what is actually in effect.
 */
public final class ThreadSettings {
    /** DJL's system property for libtorch's intra-op threads ({@code torch.set_num_threads}). */
    public static final String INTRA_OP_PROPERTY = "ai.djl.pytorch.num_threads";

    /** DJL's system property for libtorch's inter-op threads ({@code torch.set_num_interop_threads}). */
    public static final String INTER_OP_PROPERTY = "ai.djl.pytorch.num_interop_threads";

    /** OpenMP's wait policy, read by libgomp when it loads. */
    public static final String WAIT_POLICY_ENV = "OMP_WAIT_POLICY";

    /** libgomp's spin count before a waiting thread sleeps (ignored under {@code PASSIVE}). */
    public static final String SPIN_COUNT_ENV = "GOMP_SPINCOUNT";

    /** The wait policy every skillscope launcher exports. */
    public static final String WAIT_POLICY = "PASSIVE";

    /** The inter-op thread count skillscope sets when none is given. */
    public static final int DEFAULT_INTER_OP = 1;

    private ThreadSettings() {}

    /**
     * Sets {@value #INTER_OP_PROPERTY} to {@value #DEFAULT_INTER_OP} unless it is already set. Call before the
     * PyTorch engine loads; later calls change nothing in the engine.
     */
    public static synchronized void applyDefaults() {
        setIfAbsent(INTER_OP_PROPERTY, DEFAULT_INTER_OP);
    }

    private static void setIfAbsent(String property, int value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, Integer.toString(value));
        }
    }

    /**
     * What is in effect: the engine's thread counts (this loads the PyTorch engine) and the OpenMP
     * environment of this process.
     *
     * @return the settings
     */
    public static Effective effective() {
        applyDefaults();
        Engine.getEngine("PyTorch");
        return new Effective(
                JniUtils.getNumThreads(),
                JniUtils.getNumInteropThreads(),
                System.getenv(WAIT_POLICY_ENV),
                System.getenv(SPIN_COUNT_ENV),
                Runtime.getRuntime().availableProcessors());
    }

    /**
     * The threading in effect in this process.
     *
     * @param intraOp libtorch's intra-op threads
     * @param interOp libtorch's inter-op threads
     * @param waitPolicy {@value #WAIT_POLICY_ENV}, or null when unset
     * @param spinCount {@value #SPIN_COUNT_ENV}, or null when unset
     * @param cores processors available to the JVM
     */
    public record Effective(int intraOp, int interOp, String waitPolicy, String spinCount, int cores) {
        /**
         * Whether OpenMP's threads sleep when idle.
         *
         * @return {@code waitPolicy} is {@value #WAIT_POLICY} (any case)
         */
        public boolean passive() {
            return waitPolicy != null && WAIT_POLICY.equalsIgnoreCase(waitPolicy.strip());
        }

        /**
         * What differs from skillscope's defaults, one line each (empty when nothing does).
         *
         * @return the differences
         */
        public List<String> warnings() {
            List<String> w = new ArrayList<>();
            if (!passive()) {
                w.add(WAIT_POLICY_ENV + " is " + (waitPolicy == null ? "unset" : "'" + waitPolicy + "'")
                        + ": OpenMP threads spin while idle, which slows a shared machine; export "
                        + WAIT_POLICY_ENV + "=" + WAIT_POLICY + " before starting Java");
            }
            return w;
        }

        /**
         * One line for {@code skillscope info} and benchmark headers.
         *
         * @return for example {@code intra-op 2, inter-op 1, OMP_WAIT_POLICY=PASSIVE, 2 cores}
         */
        public String line() {
            return String.format(
                    Locale.ROOT,
                    "intra-op %d, inter-op %d, %s=%s%s, %d cores",
                    intraOp,
                    interOp,
                    WAIT_POLICY_ENV,
                    waitPolicy == null ? "(unset)" : waitPolicy,
                    spinCount == null ? "" : ", " + SPIN_COUNT_ENV + "=" + spinCount,
                    cores);
        }
    }
}
