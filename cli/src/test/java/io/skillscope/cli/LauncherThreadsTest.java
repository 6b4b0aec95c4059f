package io.skillscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code skillscope} launcher starts Java with skillscope's thread settings: it runs the real script in a
 * copy of the repository layout whose jar is up to date (so nothing is built) and whose {@code java} is a
 * stub that prints its environment and arguments.
 */
class LauncherThreadsTest {
    @TempDir
    Path dir;

    private List<String> launch(Map<String, String> env) throws IOException, InterruptedException {
        Path root = dir.resolve("repo");
        Files.createDirectories(root.resolve("cli/target/lib"));
        Path script = root.resolve("skillscope");
        Files.copy(Path.of("..", "skillscope"), script);
        script.toFile().setExecutable(true);
        Files.writeString(root.resolve("pom.xml"), "<project>\n  <version>9.9</version>\n</project>\n");
        Path jar = Files.writeString(root.resolve("cli/target/skillscope-cli-9.9.jar"), "");
        Files.setLastModifiedTime(root.resolve("pom.xml"), FileTime.fromMillis(System.currentTimeMillis() - 60_000));
        Files.setLastModifiedTime(script, FileTime.fromMillis(System.currentTimeMillis() - 60_000));
        Files.setLastModifiedTime(jar, FileTime.fromMillis(System.currentTimeMillis()));
        Path java = Files.createDirectories(dir.resolve("jdk/bin")).resolve("java");
        Files.writeString(
                java,
                "#!/bin/sh\necho \"env OMP_WAIT_POLICY=$OMP_WAIT_POLICY\"\nfor a in \"$@\"; do echo \"arg $a\"; done\n");
        java.toFile().setExecutable(true);
        ProcessBuilder pb = new ProcessBuilder("bash", script.toString(), "info").redirectErrorStream(true);
        pb.environment().put("JAVA_HOME", dir.resolve("jdk").toString());
        pb.environment().remove("OMP_WAIT_POLICY");
        pb.environment().remove("SKILLSCOPE_JAVA_OPTS");
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out.lines().toList();
    }

    @Test
    void theLauncherExportsAPassiveWaitPolicyAndOneInterOpThread() throws Exception {
        List<String> lines = launch(Map.of());
        assertTrue(lines.contains("env OMP_WAIT_POLICY=PASSIVE"), lines.toString());
        assertTrue(lines.contains("arg -Dai.djl.pytorch.num_interop_threads=1"), lines.toString());
        assertTrue(lines.contains("arg io.skillscope.cli.Main"), lines.toString());
        assertEquals("arg info", lines.get(lines.size() - 1), lines.toString());
    }

    @Test
    void aUsersOwnSettingsWin() throws Exception {
        List<String> lines = launch(
                Map.of("OMP_WAIT_POLICY", "ACTIVE", "SKILLSCOPE_JAVA_OPTS", "-Dai.djl.pytorch.num_interop_threads=2"));
        assertTrue(lines.contains("env OMP_WAIT_POLICY=ACTIVE"), lines.toString());
        // both -D options are passed; the JVM keeps the last, which is the user's
        int ours = lines.indexOf("arg -Dai.djl.pytorch.num_interop_threads=1");
        int theirs = lines.indexOf("arg -Dai.djl.pytorch.num_interop_threads=2");
        assertTrue(ours >= 0 && theirs > ours, lines.toString());
    }
}
