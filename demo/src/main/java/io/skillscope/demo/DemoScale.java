package io.skillscope.demo;

import io.skillscope.datasets.SplitSizes;
import io.skillscope.localization.MaskMethod;
import java.util.List;
import java.util.Locale;

/**
 * How big the demo runs. {@link #FULL} finished in 2 min 19 s on a 2-core CPU with
 * PyTorch on one thread; {@link #CI} uses tiny step and example counts (well under a minute) to check that
 * every step and report works, not to produce meaningful numbers.
 */
public enum DemoScale {
    /** The demo as a user runs it. */
    FULL,
    /** A smoke run for tests and CI. */
    CI;

    /**
     * The mask L1 λ of the localization step at every scale: the λ that {@code bench localization} chooses on
     * the <b>dev</b> split for {@code evn} on the shipped base ({@code --ft-steps 30,60,120 --mask-l1
     * 1e-6,1e-5,1e-4 --sparsities 3e-3,6e-3}, the fine-tune length dev chose being the demo's 60 steps;
     * localization/BENCHMARK.md, Result 3). The demo itself learns one λ (a grid would triple its mask
     * time) and chooses its operating point on dev.
     */
    static final double MASK_L1 = 1e-4;

    /** Parses {@code full} or {@code ci} (any case). */
    public static DemoScale parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown demo scale '" + s + "'; use full or ci");
        }
    }

    /** {@code full} or {@code ci}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The settings of this scale with a seed. */
    public DemoSettings settings(long seed) {
        return switch (this) {
            case FULL ->
                new DemoSettings(
                        this,
                        seed,
                        new DemoSettings.Probing("rev", "add", "blocks.*.mlp.hook_pre", 256, 64, 20),
                        new DemoSettings.Unlearn(
                                "arithmetic",
                                List.of("add", "sub", "mul"),
                                List.of(
                                        "rev", "sort", "rmv", "cs1", "rot2", "mir", "dup", "col", "alt", "vow", "sep",
                                        "pre", "suf"),
                                new SplitSizes(200, 100, 100),
                                1.5,
                                128),
                        new DemoSettings.Localize(
                                "evn",
                                new SplitSizes(512, 64, 200),
                                60,
                                32,
                                1e-2,
                                0.9,
                                List.of(1e-3, 3e-3, 6e-3),
                                60,
                                64,
                                2,
                                1e7,
                                256,
                                0.95,
                                true,
                                MaskMethod.LOCALIZE_AND_STITCH_PAPER_L1,
                                MASK_L1),
                        new DemoSettings.SftVsRl(
                                List.of("rev", "sort", "cs1", "pre", "suf", "alt"),
                                12,
                                new SplitSizes(200, 10, 10),
                                80,
                                64,
                                1e-3,
                                30,
                                8,
                                8,
                                1e-4,
                                1.0,
                                DemoSettings.RlStart.SFT,
                                true));
            case CI ->
                new DemoSettings(
                        this,
                        seed,
                        new DemoSettings.Probing("rev", "add", "blocks.*.mlp.hook_pre", 24, 32, 10),
                        new DemoSettings.Unlearn(
                                "arithmetic",
                                List.of("add", "sub", "mul"),
                                List.of("rev", "sort", "dup"),
                                new SplitSizes(24, 12, 12),
                                1.5,
                                64),
                        new DemoSettings.Localize(
                                "evn",
                                new SplitSizes(64, 16, 24),
                                20,
                                16,
                                1e-2,
                                0.9,
                                List.of(1e-3, 1e-2),
                                2,
                                16,
                                1,
                                1e7,
                                32,
                                0.95,
                                true,
                                MaskMethod.LOCALIZE_AND_STITCH_PAPER_L1,
                                MASK_L1),
                        new DemoSettings.SftVsRl(
                                List.of("rev", "cs1"),
                                12,
                                new SplitSizes(32, 4, 6),
                                6,
                                16,
                                1e-3,
                                4,
                                8,
                                4,
                                1e-4,
                                1.5,
                                DemoSettings.RlStart.SFT,
                                false));
        };
    }
}
