package io.skillscope.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SkillSuiteTest {

    private final SkillSuite suite = SkillSuite.standard();

    @Test
    void namesSeenAndHeldOut() {
        assertEquals(
                List.of(
                        "rev", "sort", "rmv", "cs1", "cs3", "rot2", "mir", "dup", "col", "alt", "vow", "sep", "pre",
                        "suf", "evn", "shuf", "swp", "upc", "itl", "add", "sub", "mul"),
                suite.names());
        assertEquals(16, suite.seen().size());
        assertEquals(
                13,
                suite.seen().stream().filter(s -> !(s instanceof Arithmetic)).count());
        assertEquals(6, suite.heldOut().size());
        Set<String> both = new HashSet<>(SkillSuite.SEEN);
        both.addAll(SkillSuite.HELD_OUT);
        assertEquals(new HashSet<>(suite.names()), both, "every skill is either seen or held out, never both");
        assertEquals(SkillSuite.SEEN.size() + SkillSuite.HELD_OUT.size(), both.size());
    }

    @Test
    void unknownNamesListTheValidOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> suite.get("reverse"));
        assertTrue(
                e.getMessage().startsWith("unknown skill \"reverse\"; valid names: [rev, sort, rmv"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> suite.get("rev.itl"));
        assertTrue(e.getMessage().contains("unknown function \"itl\" in composition \"rev.itl\""), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> suite.compositions(List.of("rev", "add"), 2));
        assertTrue(e.getMessage().contains("\"add\" is not a unary string function"), e.getMessage());
    }

    @Test
    void depthTwoCompositionsAreDeduplicatedByBehaviour() {
        List<String> names = suite.compositions(List.of("rev", "sort"), 2).stream()
                .map(Composition::name)
                .toList();
        // rev.rev is the identity; sort.rev and sort.sort are sort; rev.sort survives.
        assertEquals(List.of("rev.sort"), names);

        List<String> affixes = suite.compositions(List.of("pre", "suf", "cs1"), 2).stream()
                .map(Composition::name)
                .toList();
        // suf.pre equals pre.suf (kept first); cs1.pre differs from pre.cs1 (the prefix is shifted too).
        assertEquals(
                List.of("pre.pre", "pre.suf", "pre.cs1", "suf.suf", "suf.cs1", "cs1.pre", "cs1.suf", "cs1.cs1"),
                affixes);
    }

    @Test
    void compositionsOfAllSeenFunctionsAreDistinct() {
        List<String> unary = SkillSuite.SEEN.stream()
                .filter(n -> suite.get(n) instanceof Composition)
                .toList();
        List<Composition> depth2 = suite.compositions(unary, 2);
        assertEquals(
                depth2.size(),
                new HashSet<>(depth2.stream().map(Composition::name).toList()).size());
        List<String> names = depth2.stream().map(Composition::name).toList();
        assertTrue(names.contains("rev.sort"));
        for (String dropped : List.of(
                "rev.rev",
                "sort.rev",
                "sort.sort",
                "col.col",
                "alt.alt",
                "rmv.rmv",
                "suf.pre",
                "sort.rot2",
                "sort.dup")) {
            assertFalse(names.contains(dropped), dropped + " duplicates a simpler skill");
        }
        assertTrue(depth2.size() > 100 && depth2.size() < 13 * 13, "depth-2 count " + depth2.size());
        List<Composition> short2 = suite.compositions(unary, 2, 16);
        assertTrue(short2.stream().allMatch(c -> c.maxAnswerLength() <= 16));
        assertFalse(short2.stream().anyMatch(c -> c.name().equals("mir.dup")), "mir.dup answers reach 32 characters");
    }

    @Test
    void depthThreeCompositions() {
        List<Composition> depth3 = suite.compositions(List.of("rev", "sort", "cs1"), 3);
        List<String> names =
                new ArrayList<>(depth3.stream().map(Composition::name).toList());
        assertTrue(depth3.stream().allMatch(c -> c.depth() == 3));
        // cs1.cs1.cs1 is a shift by 3, new; rev.rev.cs1 is cs1 and rev.sort.rev is rev.sort.
        assertTrue(names.contains("cs1.cs1.cs1"));
        assertFalse(names.contains("rev.rev.cs1"));
        assertFalse(names.contains("rev.sort.rev"));
        Composition c = depth3.get(names.indexOf("cs1.cs1.cs1"));
        assertEquals(new Example("cs1(cs1(cs1(xyz)))=", "abc", "cs1.cs1.cs1"), c.example("xyz"));
        Skill viaName = suite.get("rev.sort.cs1");
        assertEquals(new Example("rev(sort(cs1(zab)))=", "cba", "rev.sort.cs1"), viaName.example("zab"));
    }

    @Test
    void configurableLengthsAndOperands() {
        SkillSuite small = SkillSuite.create(new SuiteConfig(new StringSpace(Alphabet.of("abc"), 2, 2), 9, 3));
        assertEquals(9, small.get("rev").inputSpaceSize());
        assertEquals(40, small.get("mul").inputSpaceSize());
        assertThrows(
                IllegalArgumentException.class, () -> new SuiteConfig(new StringSpace(Alphabet.of("ab,"), 2, 3), 9, 9));
        assertThrows(IllegalArgumentException.class, () -> SuiteConfig.withLengths(0, 4));
        assertEquals(
                new StringSpace(Alphabet.LOWERCASE, 4, 6),
                SuiteConfig.withLengths(4, 6).inputs());

        // mul's left operand has its own range: 0..999 x 0..9 by default (10,000 inputs), 0..99 in LEGACY
        assertEquals(10_000, suite.get("mul").inputSpaceSize());
        assertEquals(new Example("987*9=", "8883", "mul"), suite.get("mul").example("987*9"));
        assertEquals(10_000, suite.get("add").inputSpaceSize(), "add stays on 0..99");
        assertEquals(1_000, SkillSuite.create(SuiteConfig.LEGACY).get("mul").inputSpaceSize());
        assertThrows(
                IllegalArgumentException.class,
                () -> SkillSuite.create(SuiteConfig.LEGACY).get("mul").example("100*9"));
        SkillSuite wide = SkillSuite.create(new SuiteConfig(StringSpace.DEFAULT_INPUTS, 9, 99, 3));
        assertEquals(100 * 4, wide.get("mul").inputSpaceSize());
        assertEquals(100, wide.get("add").inputSpaceSize());
    }
}
