package io.skillscope.bench;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.skillscope.core.runtime.ThreadSettings;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The thread-settings study behind {@code skillscope bench threads}: each {@link Config} (OpenMP wait policy
 * and spin count, intra- and inter-op threads) runs each {@link ThreadWorkload} in a fresh child JVM, idle
 * and with {@code --load N} busy threads of a {@link BackgroundLoad}, alternating. Every round runs, for
 * each load, every config in turn (rotated each round, so that no config always follows another); each
 * figure is the median over rounds. The table gives tokens/s idle and loaded, loaded ÷ idle, and each
 * config's ratio to libtorch's defaults under the same load.
 *
 * <pre>
 * skillscope bench threads [--workloads gpt2-forward,gpt2-train,tiny-forward,tiny-train] [--rounds 3]
 *                          [--load 1] [--configs default,passive,...]
 * </pre>
 *
 * <p>bench/THREADS.md records a run and the settings it led to ({@link ThreadSettings}).
 */
public final class ThreadStudy {
    private ThreadStudy() {}

    /**
     * One candidate setting.
     *
     * @param name short name for the table
     * @param waitPolicy {@code OMP_WAIT_POLICY}, or null for unset
     * @param spinCount {@code GOMP_SPINCOUNT}, or null for unset
     * @param intraOp intra-op threads, or 0 for one per core (libtorch's default)
     * @param interOp inter-op threads, or 0 for one per core (libtorch's default)
     */
    record Config(String name, String waitPolicy, String spinCount, int intraOp, int interOp) {
        Map<String, String> env() {
            Map<String, String> env = new LinkedHashMap<>();
            env.put(ThreadSettings.WAIT_POLICY_ENV, waitPolicy);
            env.put(ThreadSettings.SPIN_COUNT_ENV, spinCount);
            env.put("OMP_NUM_THREADS", null);
            return env;
        }

        Map<String, String> properties() {
            int cores = Runtime.getRuntime().availableProcessors();
            Map<String, String> p = new LinkedHashMap<>();
            p.put(ThreadSettings.INTRA_OP_PROPERTY, Integer.toString(intraOp == 0 ? cores : intraOp));
            p.put(ThreadSettings.INTER_OP_PROPERTY, Integer.toString(interOp == 0 ? cores : interOp));
            p.put("ai.djl.offline", "true");
            p.put("org.slf4j.simpleLogger.defaultLogLevel", "warn");
            return p;
        }

        String describe() {
            return String.format(
                    Locale.ROOT,
                    "%s=%s%s, intra %s, inter %s",
                    ThreadSettings.WAIT_POLICY_ENV,
                    waitPolicy == null ? "unset" : waitPolicy,
                    spinCount == null ? "" : ", " + ThreadSettings.SPIN_COUNT_ENV + "=" + spinCount,
                    intraOp == 0 ? "cores" : Integer.toString(intraOp),
                    interOp == 0 ? "cores" : Integer.toString(interOp));
        }
    }

    /** The candidates; the first is libtorch's defaults, the reference of every ratio. */
    static final List<Config> CONFIGS = List.of(
            new Config("default", null, null, 0, 0),
            new Config("passive", "PASSIVE", null, 0, 0),
            new Config("passive-inter1", "PASSIVE", null, 0, 1),
            new Config("active-inter1", "ACTIVE", null, 0, 1),
            new Config("spin10k-inter1", null, "10000", 0, 1),
            new Config("passive-1thread", "PASSIVE", null, 1, 1),
            new Config("default-1thread", null, null, 1, 1));

    /** One workload's medians under one config. */
    record Row(ThreadWorkload workload, Config config, double idle, double loaded) {}

    /**
     * Runs the study.
     *
     * @param workloads what to time
     * @param configs the candidates (the first is the reference of the ratios)
     * @param rounds alternating rounds; medians over them
     * @param loadThreads busy threads of the loaded runs
     * @param log progress, one line per child run
     * @return one row per workload and config
     */
    static List<Row> run(
            List<ThreadWorkload> workloads, List<Config> configs, int rounds, int loadThreads, PrintStream log) {
        int[] loads = {0, loadThreads};
        // samples[w][c][load][round]
        double[][][][] s = new double[workloads.size()][configs.size()][2][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int l = 0; l < 2; l++) {
                try (BackgroundLoad load = BackgroundLoad.start(loads[l])) {
                    for (int w = 0; w < workloads.size(); w++) {
                        for (int i = 0; i < configs.size(); i++) {
                            int c = Math.floorMod(i + r, configs.size());
                            Config config = configs.get(c);
                            ThreadWorkload wl = workloads.get(w);
                            String line = ChildJvm.runJava(
                                    ThreadWorkload.class,
                                    config.env(),
                                    config.properties(),
                                    List.of("-Xmx2g"),
                                    List.of(wl.id),
                                    1800);
                            JsonObject o = JsonParser.parseString(line).getAsJsonObject();
                            s[w][c][l][r] = o.get("tokens_per_s").getAsDouble();
                            log.printf(
                                    Locale.ROOT,
                                    "round %d, load %d, %-14s %-16s %8.1f tokens/s (intra %d, inter %d)%n",
                                    r + 1,
                                    loads[l],
                                    wl.id,
                                    config.name(),
                                    s[w][c][l][r],
                                    o.get("intra_op").getAsInt(),
                                    o.get("inter_op").getAsInt());
                        }
                    }
                }
            }
        }
        List<Row> rows = new ArrayList<>();
        for (int w = 0; w < workloads.size(); w++) {
            for (int c = 0; c < configs.size(); c++) {
                rows.add(new Row(workloads.get(w), configs.get(c), median(s[w][c][0]), median(s[w][c][1])));
            }
        }
        return rows;
    }

    static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        int m = s.length / 2;
        return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
    }

    /**
     * The table: per workload and config, tokens/s idle and loaded, loaded ÷ idle, and the ratio to the
     * first config's tokens/s under the same load.
     */
    static String table(List<Row> rows, int rounds, int loadThreads) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(
                Locale.ROOT,
                "tokens/s, median of %d alternating rounds; loaded = %d busy thread(s) in another process; %d cores%n",
                rounds,
                loadThreads,
                Runtime.getRuntime().availableProcessors()));
        sb.append(String.format(
                Locale.ROOT,
                "%-14s %-16s %10s %10s %8s %9s %9s  %s%n",
                "workload",
                "config",
                "idle",
                "loaded",
                "ld/idle",
                "idle/ref",
                "ld/ref",
                "settings"));
        Row ref = null;
        for (Row r : rows) {
            if (ref == null || ref.workload() != r.workload()) {
                ref = r;
            }
            sb.append(String.format(
                    Locale.ROOT,
                    "%-14s %-16s %10.1f %10.1f %8.2f %9.2f %9.2f  %s%n",
                    r.workload().id,
                    r.config().name(),
                    r.idle(),
                    r.loaded(),
                    r.loaded() / r.idle(),
                    r.idle() / ref.idle(),
                    r.loaded() / ref.loaded(),
                    r.config().describe()));
        }
        return sb.toString();
    }

    /**
     * Runs the study and prints the table.
     *
     * @param args {@code [--workloads a,b] [--configs a,b] [--rounds N] [--load N]}
     */
    public static void main(String[] args) {
        List<ThreadWorkload> workloads = new ArrayList<>(List.of(ThreadWorkload.values()));
        List<Config> configs = CONFIGS;
        int rounds = 3;
        int load = 1;
        for (int i = 0; i < args.length; i++) {
            String key = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(key + " needs a value");
            }
            String v = args[++i];
            switch (key) {
                case "--workloads" -> {
                    workloads = new ArrayList<>();
                    for (String id : v.split(",")) {
                        workloads.add(ThreadWorkload.of(id.strip()));
                    }
                }
                case "--configs" -> configs = configs(v);
                case "--rounds" -> rounds = positive(key, v);
                case "--load" -> load = positive(key, v);
                default ->
                    throw new IllegalArgumentException(
                            "unknown option " + key + "; known: --workloads, --configs, --rounds, --load");
            }
        }
        List<Row> rows = run(workloads, configs, rounds, load, System.err);
        System.out.print(table(rows, rounds, load));
    }

    private static List<Config> configs(String names) {
        List<Config> out = new ArrayList<>();
        for (String n : names.split(",")) {
            Config found = null;
            for (Config c : CONFIGS) {
                if (c.name().equals(n.strip())) {
                    found = c;
                }
            }
            if (found == null) {
                List<String> known = new ArrayList<>();
                CONFIGS.forEach(c -> known.add(c.name()));
                throw new IllegalArgumentException(
                        "--configs: unknown config '" + n + "'; known: " + String.join(", ", known));
            }
            out.add(found);
        }
        return out;
    }

    private static int positive(String key, String v) {
        int n;
        try {
            n = Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a positive integer, got '" + v + "'");
        }
        if (n < 1) {
            throw new IllegalArgumentException(key + " must be a positive integer, got " + n);
        }
        return n;
    }
}
