package io.skillscope.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ModuleTypeTest {
    @Test
    void moduleTypeLabelsAndGroups() {
        assertEquals("gate", ModuleType.GATE.label());
        assertTrue(ModuleType.QKV.isAttention());
        assertTrue(ModuleType.DOWN.isMlp());
        assertFalse(ModuleType.NORM.isMlp());
    }

    @Test
    void tensorLabels() {
        assertEquals(OptionalInt.of(3), TensorLabel.block(3, ModuleType.UP).layer());
        assertEquals(ModuleType.OTHER, TensorLabel.UNKNOWN.module());
        assertTrue(TensorLabel.UNKNOWN.layer().isEmpty());
        assertThrows(IllegalArgumentException.class, () -> TensorLabel.block(-1, ModuleType.Q));
    }
}
