package io.skillscope.bench;

import io.skillscope.core.checkpoint.DType;
import io.skillscope.core.checkpoint.HostTensor;
import io.skillscope.core.checkpoint.SafetensorsWriter;
import io.skillscope.core.checkpoint.TensorSource;
import io.skillscope.grafting.GraftingException;
import io.skillscope.grafting.MergeConfig;
import io.skillscope.grafting.MergeMath;
import io.skillscope.grafting.Merger;
import io.skillscope.grafting.SkillVector;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Measures the memory of streaming weight-space work: writes a synthetic pair of float32 checkpoints
 * (θ_pre random, θ_ft = θ_pre + small noise), then times a skill-vector subtraction and a TIES merge of
 * two models, printing peak heap and peak RSS against the size of one model.
 *
 * <p>Usage: {@code SKILLSCOPE_JAVA_OPTS=-Xmx512m skillscope bench weight-space [MB per model, default
 * 1536] [MB per tensor, default 32] [work folder, default a temp folder, deleted afterwards]}. With a
 * heap cap smaller than one model the run can only succeed by streaming.
 */
public final class WeightSpaceBenchmark {
    private WeightSpaceBenchmark() {}

    /**
     * One measured phase.
     *
     * @param name what ran
     * @param seconds wall time
     * @param peakHeapBytes the highest heap use sampled during the phase (live data plus not yet collected garbage)
     * @param peakRssBytes the highest resident set size of the process during the phase (-1 when unknown)
     */
    public record Phase(String name, double seconds, long peakHeapBytes, long peakRssBytes) {}

    /**
     * What a run measured.
     *
     * @param modelBytes bytes of tensor data in one model
     * @param tensorBytes bytes of the largest tensor
     * @param tensors tensors per model
     * @param maxHeapBytes the JVM's heap limit
     * @param phases the measured phases
     * @param maxVectorError the largest |v − float32(θ_ft − θ_pre)| found when checking the vector (0 expected)
     * @param maxMergeError the largest |merged − expected| found when checking the merge (0 expected)
     */
    public record Report(
            long modelBytes,
            long tensorBytes,
            int tensors,
            long maxHeapBytes,
            List<Phase> phases,
            double maxVectorError,
            double maxMergeError) {
        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(
                    "model: %d tensors, %.1f MiB (largest tensor %.1f MiB); max heap %.0f MiB%n",
                    tensors, mib(modelBytes), mib(tensorBytes), mib(maxHeapBytes)));
            for (Phase p : phases) {
                sb.append(String.format(
                        "%-34s %7.1f s   peak heap %8.1f MiB (%.3f x model)   peak RSS %8.1f MiB" + " (%.3f x model)%n",
                        p.name,
                        p.seconds,
                        mib(p.peakHeapBytes),
                        (double) p.peakHeapBytes / modelBytes,
                        mib(p.peakRssBytes),
                        (double) p.peakRssBytes / modelBytes));
            }
            sb.append(String.format(
                    "checks: max |v - (ft - pre)| = %.3g, max |merge - expected| = %.3g",
                    maxVectorError, maxMergeError));
            return sb.toString();
        }
    }

    /**
     * Runs the benchmark.
     *
     * @param work an empty folder for the checkpoints
     * @param modelBytes bytes of float32 data per model
     * @param tensorBytes bytes per tensor
     * @return the measurements
     */
    public static Report run(Path work, long modelBytes, long tensorBytes) {
        int perTensor = (int) Math.max(1, tensorBytes / 4);
        int tensors = (int) Math.max(1, modelBytes / 4 / perTensor);
        Path pre = work.resolve("pre/model.safetensors");
        Path ft = work.resolve("ft/model.safetensors");
        writePair(pre, ft, tensors, perTensor);
        List<Phase> phases = new ArrayList<>();
        double vectorError;
        double mergeError;
        try (TensorSource a = TensorSource.open(pre);
                TensorSource b = TensorSource.open(ft)) {
            phases.add(measure("skill vector v = ft - pre", () -> SkillVector.between(b, a, work.resolve("vector"))));
            phases.add(measure(
                    "TIES merge of 2 models (density 0.2)",
                    () -> Merger.merge(a, List.of(b, b), MergeConfig.ties(0.2, 1.0), work.resolve("merged"))));
            String last = a.names().last();
            float[] pa = a.readFloats(last);
            float[] pb = b.readFloats(last);
            vectorError = 0;
            mergeError = 0;
            try (TensorSource v = TensorSource.open(work.resolve("vector/vector.safetensors"));
                    TensorSource m = TensorSource.open(work.resolve("merged"))) {
                float[] pv = v.readFloats(last);
                float[] pm = m.readFloats(last);
                double[] tau = new double[pa.length];
                for (int i = 0; i < pa.length; i++) {
                    vectorError = Math.max(vectorError, Math.abs(pv[i] - (float) ((double) pb[i] - pa[i])));
                    tau[i] = (double) pb[i] - pa[i];
                }
                double[] trimmed = MergeMath.trim(tau, 0.2); // two identical models: τ_m = trimmed τ
                for (int i = 0; i < pa.length; i++) {
                    mergeError = Math.max(mergeError, Math.abs(pm[i] - (float) (pa[i] + trimmed[i])));
                }
            }
        }
        return new Report(
                (long) tensors * perTensor * 4,
                (long) perTensor * 4,
                tensors,
                Runtime.getRuntime().maxMemory(),
                phases,
                vectorError,
                mergeError);
    }

    private static void writePair(Path pre, Path ft, int tensors, int perTensor) {
        SafetensorsWriter.Builder ba = SafetensorsWriter.builder(pre);
        SafetensorsWriter.Builder bb = SafetensorsWriter.builder(ft);
        for (int t = 0; t < tensors; t++) {
            ba.addTensor(name(t), DType.F32, perTensor);
            bb.addTensor(name(t), DType.F32, perTensor);
        }
        try {
            Files.createDirectories(pre.getParent());
            Files.createDirectories(ft.getParent());
        } catch (IOException e) {
            throw new GraftingException("cannot create " + pre.getParent() + " (" + e + ")", e);
        }
        SplittableRandom rng = new SplittableRandom(7);
        try (SafetensorsWriter.Output oa = ba.open();
                SafetensorsWriter.Output ob = bb.open()) {
            for (int t = 0; t < tensors; t++) {
                float[] a = new float[perTensor];
                float[] b = new float[perTensor];
                for (int i = 0; i < perTensor; i++) {
                    a[i] = (float) (rng.nextDouble() - 0.5) * 0.1f;
                    b[i] = a[i] + (float) (rng.nextDouble() - 0.5) * 0.002f;
                }
                oa.write(name(t), HostTensor.ofFloats(a, perTensor));
                ob.write(name(t), HostTensor.ofFloats(b, perTensor));
            }
            oa.commit();
            ob.commit();
        }
    }

    private static String name(int t) {
        return String.format("model.layers.%d.mlp.weight", t);
    }

    private static Phase measure(String name, Runnable work) {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
        resetRssPeak();
        AtomicLong peakHeap = new AtomicLong();
        AtomicLong peakRss = new AtomicLong(rss("VmRSS"));
        Thread sampler = new Thread(
                () -> {
                    while (!Thread.currentThread().isInterrupted()) {
                        peakHeap.accumulateAndGet(heapUsed(), Math::max);
                        peakRss.accumulateAndGet(rss("VmRSS"), Math::max);
                        try {
                            Thread.sleep(5);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                },
                "memory-sampler");
        sampler.setDaemon(true);
        long t0 = System.nanoTime();
        sampler.start();
        work.run();
        sampler.interrupt();
        double seconds = (System.nanoTime() - t0) / 1e9;
        try {
            sampler.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long poolPeaks = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                poolPeaks += pool.getPeakUsage().getUsed();
            }
        }
        long hwm = rss("VmHWM");
        return new Phase(
                name,
                seconds,
                Math.max(
                        peakHeap.get(), Math.min(poolPeaks, Runtime.getRuntime().maxMemory())),
                Math.max(peakRss.get(), hwm));
    }

    private static long heapUsed() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Resets the kernel's RSS high-water mark (Linux: writing 5 to /proc/self/clear_refs). */
    private static void resetRssPeak() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
        } catch (IOException | RuntimeException e) {
            // not Linux, or not permitted: the sampler's maximum is used instead
        }
    }

    /** A field of /proc/self/status in bytes, or -1. */
    private static long rss(String field) {
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/status"))) {
            return lines.filter(l -> l.startsWith(field + ":"))
                    .findFirst()
                    .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024)
                    .orElse(-1L);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static double mib(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }

    /**
     * Runs the benchmark and prints the report.
     *
     * @param args [MB per model] [MB per tensor] [work folder]
     */
    public static void main(String[] args) throws IOException {
        long modelMb = args.length > 0 ? Long.parseLong(args[0]) : 1536;
        long tensorMb = args.length > 1 ? Long.parseLong(args[1]) : 32;
        boolean temp = args.length <= 2;
        Path work = temp ? Files.createTempDirectory("skillscope-ws-bench") : Path.of(args[2]);
        try {
            System.out.println(run(work, modelMb << 20, tensorMb << 20));
        } finally {
            if (temp) {
                try (Stream<Path> s = Files.walk(work)) {
                    s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }
}
