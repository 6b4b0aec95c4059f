package io.skillscope.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class BackgroundLoadTest {

    /** User plus system CPU seconds of a process, from /proc/PID/stat (Linux; clock ticks of 1/100 s). */
    private static double cpuSeconds(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0; // utime, stime (fields 14, 15)
    }

    @Test
    void oneBusyThreadBurnsCpuInAnotherProcessUntilClosed() throws Exception {
        long pid;
        try (BackgroundLoad load = BackgroundLoad.start(1)) {
            pid = load.pid();
            assertTrue(load.isAlive());
            assertTrue(pid > 0 && pid != ProcessHandle.current().pid());
            double before = cpuSeconds(pid);
            Thread.sleep(2000);
            double burnt = cpuSeconds(pid) - before;
            // a spinning thread uses what the scheduler gives it: well above an idle JVM's near-zero even on a
            // loaded machine
            assertTrue(burnt > 0.2, "the load used only " + burnt + " CPU s in 2 s");
        }
        long gone = pid;
        assertFalse(ProcessHandle.of(gone).map(ProcessHandle::isAlive).orElse(false), "the load outlived close()");
    }

    @Test
    void zeroThreadsIsNoProcessAndNegativeIsRefused() {
        try (BackgroundLoad none = BackgroundLoad.start(0)) {
            assertEquals(-1, none.pid());
            assertFalse(none.isAlive());
            assertEquals(0, none.threads());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BackgroundLoad.start(-1));
        assertEquals("load threads must be >= 0, got -1", e.getMessage());
    }
}
