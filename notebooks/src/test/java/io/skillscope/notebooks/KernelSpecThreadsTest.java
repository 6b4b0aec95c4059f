package io.skillscope.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kernelspec that {@code install-kernel.sh} writes starts the kernel JVM with skillscope's thread settings:
 * {@code OMP_WAIT_POLICY=PASSIVE} in its environment (PyTorch's OpenMP reads it when it loads) and one inter-op
 * thread. Runs the real script over a stand-in build layout and a stub {@code java}.
 */
class KernelSpecThreadsTest {
    @TempDir
    Path dir;

    private JsonObject install(Map<String, String> env) throws IOException, InterruptedException {
        Path repo = Path.of(System.getProperty("skillscope.repo", ".."));
        Path nb = Files.createDirectories(dir.resolve("repo/notebooks"));
        Path script = nb.resolve("install-kernel.sh");
        Files.copy(repo.resolve("notebooks/install-kernel.sh"), script);
        Path target = nb.resolve("target");
        Files.createDirectories(target.resolve("kernel"));
        Files.createDirectories(target.resolve("classpath"));
        for (Path f : List.of(
                target.resolve("kernel/rapaio-jupyter-kernel.jar"),
                target.resolve("kernel/skillscope-notebooks-9.9-kernel-launcher.jar"),
                target.resolve("classpath/dep.jar"),
                target.resolve("skillscope-notebooks-9.9.jar"))) {
            Files.writeString(f, "");
        }
        Path java = dir.resolve("java");
        Files.writeString(java, "#!/bin/sh\necho '    java.specification.version = 17'\n");
        java.toFile().setExecutable(true);
        List<String> cmd = new ArrayList<>(List.of("bash", script.toString(), "--no-build", "--data-dir"));
        cmd.add(dir.resolve("jupyter").toString());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("SKILLSCOPE_JAVA", java.toString());
        pb.environment().remove("OMP_WAIT_POLICY");
        pb.environment().remove("SKILLSCOPE_KERNEL_JAVA_OPTS");
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        Path spec = dir.resolve("jupyter/kernels/skillscope-java/kernel.json");
        return JsonParser.parseString(Files.readString(spec)).getAsJsonObject();
    }

    @Test
    void theKernelRunsWithAPassiveWaitPolicyAndOneInterOpThread() throws Exception {
        JsonObject spec = install(Map.of());
        assertEquals(
                "PASSIVE", spec.getAsJsonObject("env").get("OMP_WAIT_POLICY").getAsString(), spec.toString());
        List<String> argv = new ArrayList<>();
        spec.getAsJsonArray("argv").forEach(a -> argv.add(a.getAsString()));
        assertTrue(argv.contains("-Dai.djl.pytorch.num_interop_threads=1"), argv.toString());
    }

    @Test
    void aWaitPolicySetAtInstallTimeIsKept() throws Exception {
        JsonObject spec = install(Map.of("OMP_WAIT_POLICY", "ACTIVE"));
        assertEquals(
                "ACTIVE", spec.getAsJsonObject("env").get("OMP_WAIT_POLICY").getAsString(), spec.toString());
    }
}
