package io.skillscope.core.hooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skillscope.core.SkillscopeException;
import java.util.List;
import org.junit.jupiter.api.Test;

class HookFilterTest {
    private static final HookName POST0 = HookName.block(0, HookSite.MLP_POST);
    private static final HookName POST3 = HookName.block(3, HookSite.MLP_POST);
    private static final HookName PRE2 = HookName.block(2, HookSite.MLP_PRE);
    private static final HookName LN_FINAL = HookName.global(HookSite.LN_FINAL);

    @Test
    void eachFormParsesToItsTypeAndPrintsBack() {
        assertEquals(HookFilter.allLayers(HookSite.MLP_PRE), HookFilter.parse("blocks.*.mlp.hook_pre"));
        assertEquals(HookFilter.layers(HookSite.MLP_POST, 3, 0), HookFilter.parse("blocks.{0,3}.mlp.hook_post"));
        assertEquals(HookFilter.layers(HookSite.MLP_POST, 0, 3), HookFilter.parse(" blocks.{3, 0, 3}.mlp.hook_post "));
        assertEquals(HookFilter.of(POST3), HookFilter.parse("blocks.3.mlp.hook_post"));
        assertEquals(HookFilter.of(LN_FINAL), HookFilter.parse("ln_final.hook_normalized"));
        assertEquals(HookFilter.regex("blocks\\.[0-3]\\.mlp\\..*"), HookFilter.parse("re:blocks\\.[0-3]\\.mlp\\..*"));
        assertInstanceOf(HookFilter.Glob.class, HookFilter.parse("blocks.0.*"));
        assertInstanceOf(HookFilter.Glob.class, HookFilter.parse("*hook_resid_post"));
        for (String text : List.of(
                "blocks.*.mlp.hook_pre",
                "blocks.{0,3}.mlp.hook_post",
                "blocks.3.mlp.hook_post",
                "hook_embed",
                "ln_final.hook_normalized",
                "re:blocks\\.[0-3]\\.mlp\\..*",
                "blocks.0.*",
                "*hook_resid_post",
                "blocks.*.attn.*")) {
            assertEquals(text, HookFilter.parse(text).toString(), "round trip of " + text);
            assertEquals(
                    HookFilter.parse(text),
                    HookFilter.parse(HookFilter.parse(text).toString()));
        }
        assertEquals(
                "blocks.{0,3}.mlp.hook_post",
                HookFilter.layers(HookSite.MLP_POST, 3, 0).toString());
    }

    @Test
    void matchesSelectsByForm() {
        HookFilter all = HookFilter.allLayers(HookSite.MLP_POST);
        assertTrue(all.matches(POST0) && all.matches(POST3));
        assertFalse(all.matches(PRE2));
        assertFalse(all.matches(HookName.block(0, HookSite.MLP_PRE_LINEAR)));
        HookFilter some = HookFilter.layers(HookSite.MLP_POST, 0, 3);
        assertTrue(some.matches(POST0) && some.matches(POST3));
        assertFalse(some.matches(HookName.block(1, HookSite.MLP_POST)));
        assertTrue(HookFilter.of(LN_FINAL).matches(LN_FINAL));
        assertFalse(HookFilter.of(LN_FINAL).matches(POST0));
        HookFilter re = HookFilter.parse("re:blocks\\.[0-2]\\.mlp\\..*");
        assertTrue(re.matches(POST0) && re.matches(PRE2));
        assertFalse(re.matches(POST3));
        assertFalse(re.matches(HookName.block(0, HookSite.RESID_POST)));
        HookFilter pre = HookFilter.parse("re:blocks\\.0\\.mlp\\.hook_pre");
        assertFalse(pre.matches(HookName.block(0, HookSite.MLP_PRE_LINEAR)), "the whole name must match");
        HookFilter glob = HookFilter.parse("blocks.0.*");
        assertTrue(glob.matches(POST0) && glob.matches(HookName.block(0, HookSite.ATTN_Q)));
        assertFalse(glob.matches(POST3) || glob.matches(LN_FINAL));
    }

    @Test
    void resolveFollowsTheModelsHookOrderAndArchitecture() {
        assertEquals(
                List.of(
                        HookName.block(0, HookSite.MLP_PRE),
                        HookName.block(1, HookSite.MLP_PRE),
                        HookName.block(2, HookSite.MLP_PRE)),
                HookFilter.parse("blocks.*.mlp.hook_pre").resolve(3, false, true));
        // in execution order: per block, hook_pre before hook_post, whatever the regex says
        assertEquals(
                List.of(
                        HookName.block(0, HookSite.MLP_PRE),
                        HookName.block(0, HookSite.MLP_PRE_LINEAR),
                        POST0,
                        HookName.block(1, HookSite.MLP_PRE),
                        HookName.block(1, HookSite.MLP_PRE_LINEAR),
                        HookName.block(1, HookSite.MLP_POST)),
                HookFilter.parse("re:blocks\\.[01]\\.mlp\\.hook_p(ost|re.*)").resolve(2, true, false));
        assertEquals(
                List.of(HookName.block(0, HookSite.MLP_PRE), POST0),
                HookFilter.parse("re:blocks\\.0\\.mlp\\.hook_p(ost|re.*)").resolve(2, false, false),
                "no hook_pre_linear without a gated MLP");
        assertEquals(
                List.of(POST0, POST3),
                HookFilter.parse("blocks.{3,0}.mlp.hook_post").resolve(4, false, false));
        assertEquals(
                List.of(HookName.global(HookSite.EMBED), HookName.global(HookSite.POS_EMBED)),
                HookFilter.parse("*embed").resolve(1, false, true));
        assertEquals(List.of(LN_FINAL), HookFilter.of(LN_FINAL).resolve(1, true, false));
        // several filters: filter by filter, without repeats
        assertEquals(
                List.of(POST3, POST0, HookName.block(1, HookSite.MLP_POST)),
                HookFilter.resolveAll(
                                List.of(HookFilter.of(POST3), HookFilter.allLayers(HookSite.MLP_POST)), 4, false, false)
                        .subList(0, 3));
    }

    @Test
    void aFilterThatSelectsNothingOnTheModelIsNamed() {
        SkillscopeException linear = assertThrows(
                SkillscopeException.class,
                () -> HookFilter.allLayers(HookSite.MLP_PRE_LINEAR).resolve(2, false, true));
        assertTrue(linear.getMessage().contains("'blocks.*.mlp.hook_pre_linear' matches none"), linear.getMessage());
        assertTrue(linear.getMessage().contains("2 layers"), linear.getMessage());
        SkillscopeException layer = assertThrows(
                SkillscopeException.class,
                () -> HookFilter.layers(HookSite.MLP_POST, 0, 7).resolve(4, false, false));
        assertTrue(
                layer.getMessage().contains("'blocks.{0,7}.mlp.hook_post' names layer 7")
                        && layer.getMessage().contains("4 layers"),
                layer.getMessage());
        SkillscopeException exact = assertThrows(
                SkillscopeException.class,
                () -> HookFilter.parse("blocks.7.mlp.hook_pre").resolve(4, false, false));
        assertTrue(
                exact.getMessage().contains("'blocks.7.mlp.hook_pre' for a model with 4 layers"), exact.getMessage());
        SkillscopeException pos = assertThrows(
                SkillscopeException.class,
                () -> HookFilter.parse("hook_pos_embed").resolve(2, true, false));
        assertTrue(pos.getMessage().contains("hook_pos_embed"), pos.getMessage());
        SkillscopeException re = assertThrows(
                SkillscopeException.class,
                () -> HookFilter.parse("re:blocks\\.9\\..*").resolve(2, false, false));
        assertTrue(
                re.getMessage().contains("'re:blocks\\.9\\..*' matches none")
                        && re.getMessage().contains("nearest valid names: "),
                re.getMessage());
    }

    @Test
    void badTextIsNamedWithTheNearestValidNames() {
        SkillscopeException site =
                assertThrows(SkillscopeException.class, () -> HookFilter.parse("blocks.*.mlp.hook_pst"));
        assertTrue(
                site.getMessage().contains("'blocks.*.mlp.hook_pst'")
                        && site.getMessage().contains("nearest valid names: blocks.*.mlp.hook_post"),
                site.getMessage());
        assertTrue(site.getMessage().contains("hook_embed"), "global hooks are listed: " + site.getMessage());
        SkillscopeException set =
                assertThrows(SkillscopeException.class, () -> HookFilter.parse("blocks.{1,2}.mlp.hook_prex"));
        assertTrue(set.getMessage().contains("nearest valid names: blocks.{1,2}.mlp.hook_pre"), set.getMessage());
        SkillscopeException exact =
                assertThrows(SkillscopeException.class, () -> HookFilter.parse("blocks.2.hook_resid_psot"));
        assertTrue(
                exact.getMessage().contains("'blocks.2.hook_resid_psot'")
                        && exact.getMessage().contains("nearest valid names: blocks.2.hook_resid_post"),
                exact.getMessage());
        SkillscopeException global =
                assertThrows(SkillscopeException.class, () -> HookFilter.parse("ln_final.hook_normalised"));
        assertTrue(global.getMessage().contains("nearest valid names: ln_final.hook_normalized"), global.getMessage());
        SkillscopeException regex = assertThrows(SkillscopeException.class, () -> HookFilter.parse("re:blocks.[0-"));
        assertTrue(regex.getMessage().contains("'re:blocks.[0-' is not a regular expression"), regex.getMessage());
        assertThrows(SkillscopeException.class, () -> HookFilter.parse("re:"));
        assertThrows(SkillscopeException.class, () -> HookFilter.parse(null));
        assertThrows(IllegalArgumentException.class, () -> HookFilter.allLayers(HookSite.EMBED));
        assertThrows(IllegalArgumentException.class, () -> HookFilter.layers(HookSite.MLP_POST));
        assertThrows(IllegalArgumentException.class, () -> HookFilter.layers(HookSite.MLP_POST, -1));
    }
}
