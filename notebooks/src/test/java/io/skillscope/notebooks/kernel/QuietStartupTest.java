package io.skillscope.notebooks.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class QuietStartupTest {
    @Test
    void dropsTheKernelsClasspathLinesAndKeepsEverythingElse() {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(new QuietStartup.DroppingLines(sink), true, StandardCharsets.UTF_8)) {
            out.println("Parsing classpath: /x/target/classpath/gson-2.11.0.jar");
            out.println("Add /x/target/classpath/gson-2.11.0.jar to classpath");
            out.println("[skillscope-kernel] restarted the shell loop thread");
            out.print("Add nothing");
            out.println(" here");
            out.print("no newline yet");
        }
        assertEquals(
                "[skillscope-kernel] restarted the shell loop thread\nAdd nothing here\nno newline yet",
                sink.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theLauncherJarsLoggingPropertiesKeepWarningsOnly() throws IOException {
        Properties p = new Properties();
        try (InputStream in = QuietStartup.class.getClassLoader().getResourceAsStream("logging.properties")) {
            p.load(in);
        }
        assertEquals("WARNING", p.getProperty(".level").strip());
        assertEquals(
                "WARNING",
                p.getProperty("java.util.logging.ConsoleHandler.level").strip());
    }
}
