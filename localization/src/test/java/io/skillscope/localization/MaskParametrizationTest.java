package io.skillscope.localization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MaskParametrizationTest {
    @Test
    void graftingFlipsTheBasePatchAroundTheBias() {
        MaskParametrization p = MaskMethod.GRAFTING.parametrization(LocalizationSettings.of(0.1));
        assertInstanceOf(GraftingParametrization.class, p);
        // γ(b) = 1/2 either way; far below b, γ = γ_base
        assertEquals(0.5, p.gamma(10f, true), 1e-12);
        assertEquals(1.0, p.gamma(-30f, true), 1e-9);
        assertEquals(0.0, p.gamma(-30f, false), 1e-9);
        // ∂L/∂S = ±gΔ σ'(S − b), σ'(0) = 1/4, negative on the base patch
        assertEquals(-0.5, p.gradient(2, 10f, true), 1e-12);
        assertEquals(0.5, p.gradient(2, 10f, false), 1e-12);
        assertTrue(p.selected(0f, true) && !p.selected(10.5f, true) && p.selected(10.5f, false));
        float s = p.init(true, new SplittableRandom(0));
        assertTrue(s >= 0 && s < 1);
    }

    @Test
    void referenceStitchFollowsTheAuthorsUpdateAndKeepsTheFinalMask() {
        MaskParametrization p = MaskMethod.LOCALIZE_AND_STITCH.parametrization(
                LocalizationSettings.of(0.1).withL1(0.5));
        assertInstanceOf(StitchReferenceParametrization.class, p);
        assertEquals(5f, p.init(true, null), "b = 5 as in the authors' code, whatever grafting's b");
        assertEquals(-5f, p.init(false, null));
        double sig = 1 / (1 + Math.exp(-2.0));
        double d = sig * (1 - sig);
        // ∂/∂S = (gΔ − λ sign(S)) σ'(S): the λ term pushes a positive score up and a negative one down
        assertEquals((2 - 0.5) * d, p.gradient(2, 2f, true), 1e-12);
        assertEquals((2 + 0.5) * d, p.gradient(2, -2f, false), 1e-12);
        assertEquals(2 * 0.25, p.gradient(2, 0f, false), 1e-12, "sign(0) = 0");
        assertTrue(p.selected(1e-3f, false));
        assertFalse(p.selected(0f, true));
        assertFalse(p.keepsBestStep(), "the reference keeps its final mask");
        assertEquals("Localize-and-Stitch (authors' code)", MaskMethod.LOCALIZE_AND_STITCH.label());
    }

    @Test
    void stitchStartsAtPlusMinusBAndPullsTowardsZero() {
        MaskParametrization p = MaskMethod.LOCALIZE_AND_STITCH_PAPER_L1.parametrization(
                LocalizationSettings.of(0.1).withL1(0.5));
        assertInstanceOf(StitchParametrization.class, p);
        assertEquals(10f, p.init(true, null));
        assertEquals(-10f, p.init(false, null));
        assertEquals(0.5, p.gamma(0f, true), 1e-12);
        assertEquals((2 + 0.5) / 4, p.gradient(2, 0f, false), 1e-12);
        assertTrue(p.selected(1e-3f, false));
        assertFalse(p.selected(0f, true));
        assertTrue(p.keepsBestStep());
    }
}
