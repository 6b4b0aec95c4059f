package io.skillscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import io.skillscope.core.testing.ShippedModels;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class DeviceConverterTest {
    final DeviceConverter c = new DeviceConverter();

    @Test
    void everyDocumentedSpellingParses() {
        assertEquals(Device.cpu(), c.convert("cpu"));
        assertEquals(Device.gpu(), c.convert("gpu"));
        assertEquals(Device.gpu(0), c.convert("gpu(0)"));
        assertEquals(Device.gpu(1), c.convert("GPU1"));
        assertEquals(Device.gpu(2), c.convert("cuda:2"));
    }

    @Test
    void anUnknownDeviceIsAUsageError() {
        TypeConversionException e = assertThrows(TypeConversionException.class, () -> c.convert("tpu"));
        assertTrue(e.getMessage().contains("unknown device 'tpu'"), e.getMessage());
        CliRun r = CliRun.of(
                "forward",
                "--model",
                ShippedModels.SKILL_LAB_BASE.toString(),
                "--device",
                "tpu",
                "--ids",
                "1",
                "--out",
                "unused");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("unknown device 'tpu'"), r.err());
        assertEquals(1, r.errLines(), r.err());
    }
}
