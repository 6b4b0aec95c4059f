package io.skillscope.core.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
    void anExplicitSettingWins() {
        // Surefire sets both properties; applyDefaults never overrides what is set
        String intra = System.getProperty(ThreadSettings.INTRA_OP_PROPERTY);
        System.setProperty(ThreadSettings.INTER_OP_PROPERTY, "3");
        try {
            ThreadSettings.applyDefaults();
            assertEquals("3", System.getProperty(ThreadSettings.INTER_OP_PROPERTY));
            assertEquals(intra, System.getProperty(ThreadSettings.INTRA_OP_PROPERTY));
            System.clearProperty(ThreadSettings.INTER_OP_PROPERTY);
            ThreadSettings.applyDefaults();
            assertEquals("1", System.getProperty(ThreadSettings.INTER_OP_PROPERTY));
        } finally {
            System.setProperty(ThreadSettings.INTER_OP_PROPERTY, "1");
        }
    }
}
