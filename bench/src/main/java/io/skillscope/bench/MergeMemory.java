package io.skillscope.bench;

import io.skillscope.core.checkpoint.TensorSource;
import io.skillscope.core.config.ModelConfig;
import io.skillscope.core.model.Transformer;
import io.skillscope.grafting.MergeSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The peak memory of a streamed merge as {@code skillscope merge --config} runs it ({@link MergeSpec#read}
 * then {@link MergeSpec#run}), measured in a child JVM: the child reads its {@code VmHWM} from
 * {@code /proc/self/status} before the merge (the JVM's own baseline) and after it, and the parent
 * reports the difference over one model's weight bytes. Streaming means the difference is one model
 * (the output is written tensor by tensor, so not even that) plus a few tensors of working arrays.
 */
final class MergeMemory {
    private MergeMemory() {}

    /** The child's argument that selects {@link #child}. */
    static final String CHILD_FLAG = "--merge-child";

    /**
     * What one merge measured.
     *
     * @param baselineBytes the child's VmHWM before the merge
     * @param peakBytes the child's VmHWM after it
     * @param modelBytes one input's {@code model.safetensors} tensor bytes
     * @param largestTensorBytes the largest tensor of one input, in float32
     * @param heap the child's {@code -Xmx}
     */
    record Result(long baselineBytes, long peakBytes, long modelBytes, long largestTensorBytes, String heap) {
        /** Peak above the baseline. */
        long merged() {
            return peakBytes - baselineBytes;
        }
    }

    /**
     * Writes θ_pre and two fine-tunes (random models of {@code config}, seeds 1 to 3) under {@code work},
     * and a TIES config naming them.
     *
     * @return the config file
     */
    static Path writeInputs(ModelConfig config, Path work) {
        List<String> names = List.of("pre", "ft-a", "ft-b");
        for (int i = 0; i < names.size(); i++) {
            try (Transformer m = Transformer.random(config, i + 1L, ai.djl.Device.cpu())) {
                m.save(work.resolve(names.get(i)), Map.of());
            }
        }
        Path spec = work.resolve("merge.json");
        String json = "{\"method\": \"ties\", \"base\": \"pre\", \"density\": 0.2, \"lambda\": 1.0,"
                + " \"models\": [{\"model\": \"ft-a\"}, {\"model\": \"ft-b\"}]}\n";
        try {
            Files.writeString(spec, json);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + spec, e);
        }
        return spec;
    }

    /**
     * Runs the merge of {@code spec} into {@code out} in a child JVM with this JVM's classpath.
     *
     * @param heap the child's {@code -Xmx} value, e.g. {@code 3g} (the launcher's default)
     */
    static Result measure(Path spec, Path out, String heap) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx" + heap);
        cmd.add("-Dai.djl.offline=true");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(MethodsBenchmark.class.getName());
        cmd.add(CHILD_FLAG);
        cmd.add(spec.toString());
        cmd.add(out.toString());
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            int exit = p.waitFor();
            long base = -1;
            long peak = -1;
            for (String line : text.lines().toList()) {
                if (line.startsWith("merge-memory ")) {
                    String[] kv = line.split("\\s+");
                    base = Long.parseLong(kv[1].substring("baseline=".length()));
                    peak = Long.parseLong(kv[2].substring("peak=".length()));
                }
            }
            if (exit != 0 || base < 0) {
                throw new IllegalStateException("merge child exited " + exit + ": " + text.strip());
            }
            Path pre = MergeSpec.read(spec).inputs().get(0);
            long model;
            long largest = 0;
            try (TensorSource s = TensorSource.open(pre)) {
                model = 0;
                for (String n : s.names()) {
                    long bytes = 4L * s.info(n).numel();
                    model += bytes;
                    largest = Math.max(largest, bytes);
                }
            }
            return new Result(base, peak, model, largest, heap);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run the merge child", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the merge child", e);
        }
    }

    /** In the child: VmHWM, the merge, VmHWM again; prints {@code merge-memory baseline=B peak=P}. */
    static void child(Path spec, Path out) {
        long base = hwm();
        MergeSpec.read(spec).run(out);
        System.out.println("merge-memory baseline=" + base + " peak=" + hwm());
    }

    /** {@code VmHWM} of this process in bytes. */
    static long hwm() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/status"))) {
            return lines.filter(l -> l.startsWith("VmHWM:"))
                    .findFirst()
                    .map(l -> Long.parseLong(l.replaceAll("\\D", "")) * 1024)
                    .orElseThrow(() -> new IllegalStateException("/proc/self/status has no VmHWM"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/self/status (Linux only)", e);
        }
    }
}
