package io.skillscope.core.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ThreadSettingsTest {

    /**
     * The test JVM runs with the settings every skillscope launcher sets (the root pom's Surefire
     * configuration): fails when OMP_WAIT_POLICY is not exported or the engine's thread counts are not the
     * configured ones.
     */
    @Test
    void theSurefireJvmRunsWithSkillscopesThreadSettings() {
        assertEquals(ThreadSettings.WAIT_POLICY, System.getenv(ThreadSettings.WAIT_POLICY_ENV));
        ThreadSettings.Effective e = ThreadSettings.effective();
        assertTrue(e.passive(), e.line());
        assertEquals(ThreadSettings.DEFAULT_INTER_OP, e.interOp(), e.line());
        assertEquals(Integer.getInteger(ThreadSettings.INTRA_OP_PROPERTY), e.intraOp(), e.line());
        assertEquals(1, e.intraOp(), "tests run tiny models on one intra-op thread: " + e.line());
        assertTrue(e.warnings().isEmpty(), e.warnings().toString());
        assertTrue(e.line().contains("OMP_WAIT_POLICY=PASSIVE"), e.line());
    }

    @Test
    void anUnsetOrSpinningWaitPolicyIsWarnedAbout() {
        ThreadSettings.Effective unset = new ThreadSettings.Effective(2, 1, null, null, 2);
        assertFalse(unset.passive());
        assertEquals(1, unset.warnings().size());
        assertTrue(
                unset.warnings().get(0).contains("export OMP_WAIT_POLICY=PASSIVE"),
                unset.warnings().toString());
        assertTrue(unset.line().contains("OMP_WAIT_POLICY=(unset)"), unset.line());
        ThreadSettings.Effective active = new ThreadSettings.Effective(2, 1, "ACTIVE", "10000", 2);
        assertFalse(active.passive());
        assertTrue(active.line().contains("GOMP_SPINCOUNT=10000"), active.line());
        assertTrue(new ThreadSettings.Effective(2, 1, " passive ", null, 2).passive());
    }

    @Test
    void tinyModelsGetOneIntraOpThreadAndAnExplicitSettingWins() {
        assertEquals(1, ThreadSettings.intraOpFor(128));
        assertEquals(1, ThreadSettings.intraOpFor(ThreadSettings.TINY_HIDDEN));
        assertEquals(Runtime.getRuntime().availableProcessors(), ThreadSettings.intraOpFor(768));
        // Surefire sets the property to 1; applyDefaults never overrides what is set
        String before = System.getProperty(ThreadSettings.INTRA_OP_PROPERTY);
        ThreadSettings.applyDefaults(4);
        assertEquals(before, System.getProperty(ThreadSettings.INTRA_OP_PROPERTY));
        IllegalArgumentException bad =
                assertThrows(IllegalArgumentException.class, () -> ThreadSettings.applyDefaults(0));
        assertTrue(bad.getMessage().contains("ai.djl.pytorch.num_threads must be >= 1, got 0"), bad.getMessage());
    }
}
