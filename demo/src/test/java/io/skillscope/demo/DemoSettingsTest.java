package io.skillscope.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skillscope.datasets.SplitSizes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoSettingsTest {
    @Test
    void bothScalesAreValidAndCiIsSmallerEverywhere() {
        DemoSettings full = DemoScale.FULL.settings(5);
        DemoSettings ci = DemoScale.CI.settings(5);
        assertEquals(5, full.seed());
        assertTrue(ci.probe().examples() < full.probe().examples());
        assertTrue(ci.unlearn().sizes().total() < full.unlearn().sizes().total());
        assertTrue(ci.unlearn().retain().size() < full.unlearn().retain().size());
        assertTrue(ci.localize().ftSteps() < full.localize().ftSteps());
        assertTrue(
                ci.localize().sparsities().size() < full.localize().sparsities().size());
        assertTrue(ci.localize().maskSteps() < full.localize().maskSteps());
        assertTrue(ci.sftVsRl().sftSteps() < full.sftVsRl().sftSteps());
        assertTrue(ci.sftVsRl().rlRounds() < full.sftVsRl().rlRounds());
        assertEquals(List.of("add", "sub", "mul"), full.unlearn().forget());
        assertEquals(13, full.unlearn().retain().size(), "every seen string skill is kept");
        assertEquals(DemoSettings.RlStart.SFT, full.sftVsRl().rlStart(), "GRPO starts from the SFT model (PaST)");
        assertTrue(full.toString().startsWith("DemoSettings[full, seed 5: probe rev/add x256"), full.toString());
    }

    @Test
    void theLocalizationStepUsesTheMaskL1ChosenOnDevAtBothScales() {
        // localization/BENCHMARK.md, Result 3: bench localization's dev grid (λ 1e-6, 1e-5, 1e-4) chooses
        // λ = 1e-4 for evn on the shipped base with the demo's 60-step fine-tune; 1e-5 was chosen on test
        DemoSettings.Localize full = DemoScale.FULL.settings(0).localize();
        assertEquals("evn", full.skill());
        assertEquals(60, full.ftSteps());
        assertEquals(1e-4, full.maskL1());
        assertEquals(full.maskL1(), DemoScale.CI.settings(0).localize().maskL1());
    }

    @Test
    void aBadSettingNamesItsField() {
        DemoSettings.Unlearn u = DemoScale.CI.settings(0).unlearn();
        DemoException e = assertThrows(
                DemoException.class,
                () -> new DemoSettings.Unlearn(
                        u.forgetName(), u.forget(), List.of("rev", "add"), u.sizes(), u.naPercent(), u.batchSize()));
        assertTrue(e.getMessage().contains("unlearn.retain") && e.getMessage().contains("disjoint"), e.getMessage());
        DemoSettings.Localize l = DemoScale.CI.settings(0).localize();
        DemoException s = assertThrows(
                DemoException.class,
                () -> new DemoSettings.Localize(
                        l.skill(),
                        l.sizes(),
                        l.ftSteps(),
                        l.ftBatch(),
                        l.ftLr(),
                        l.momentum(),
                        List.of(1e-3, 2.0),
                        l.maskSteps(),
                        l.maskBatch(),
                        l.maskAccumulation(),
                        l.maskLr(),
                        l.scoreLimit(),
                        l.recoverShare(),
                        l.blocksOnly(),
                        l.method(),
                        l.maskL1()));
        assertTrue(
                s.getMessage().contains("localize.sparsities") && s.getMessage().contains("2.0"), s.getMessage());
        assertThrows(
                DemoException.class,
                () -> new DemoSettings.Unlearn("a", List.of("add"), List.of("rev"), new SplitSizes(10, 0, 10), 1.5, 8),
                "KSD needs dev queries to calibrate h");
        IllegalArgumentException p = assertThrows(IllegalArgumentException.class, () -> DemoScale.parse("huge"));
        assertTrue(p.getMessage().contains("full or ci"));
        assertEquals(DemoScale.CI, DemoScale.parse(" CI "));
    }

    @Test
    void theModelIsFoundUnderTheFirstRootThatHoldsIt(@TempDir Path dir) throws Exception {
        Path repo = dir.resolve("repo");
        Path m = Files.createDirectories(repo.resolve(SkillLabModel.RELATIVE));
        Files.writeString(m.resolve("config.json"), "{}");
        assertTrue(SkillLabModel.find(List.of(dir, repo)).isEmpty(), "a folder without weights is not the model");
        Files.write(m.resolve("model.safetensors"), new byte[8]);
        assertEquals(
                m, SkillLabModel.find(List.of(dir, repo.resolve("cli"), repo)).orElseThrow());
    }
}
