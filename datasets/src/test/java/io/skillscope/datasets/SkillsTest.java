package io.skillscope.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SkillsTest {

    private final SkillSuite suite = SkillSuite.standard();

    @Test
    void atomicStringSkillPrompt() {
        assertEquals(
                new Example("rev(abcde)=", "edcba", "rev"), suite.get("rev").example("abcde"));
        assertEquals(
                new Example("rot2(abcde)=", "cdeab", "rot2"), suite.get("rot2").example("abcde"));
    }

    @Test
    void compositionNestsOutermostFirst() {
        Skill revSort = suite.get("rev.sort");
        assertEquals(new Example("rev(sort(dcab))=", "dcba", "rev.sort"), revSort.example("dcab"));
        Composition c = (Composition) suite.get("dup.rev.cs1");
        assertEquals(3, c.depth());
        // cs1(abc) = bcd, rev = dcb, dup = ddccbb
        assertEquals(new Example("dup(rev(cs1(abc)))=", "ddccbb", "dup.rev.cs1"), c.example("abc"));
        assertEquals(new StringSpace(Alphabet.LOWERCASE, 6, 16), c.answers());
    }

    @Test
    void stringInputsAreValidated() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> suite.get("rev").example("ab"));
        assertTrue(e.getMessage().contains("length 2 is outside [3, 8]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> suite.get("rev").example("abC"));
        assertTrue(e.getMessage().contains("'C' at index 2"), e.getMessage());
    }

    @Test
    void interlaceSkill() {
        Skill itl = suite.get("itl");
        assertEquals(new Example("itl(abc,def)=", "adbecf", "itl"), itl.example("abc,def"));
        assertEquals(new Example("itl(abcd,xyz)=", "axbyczd", "itl"), itl.example("abcd,xyz"));
        assertThrows(IllegalArgumentException.class, () -> itl.example("abc"));
        assertThrows(IllegalArgumentException.class, () -> itl.example("abc,de"));
    }

    @Test
    void arithmeticSkills() {
        assertEquals(new Example("12+34=", "46", "add"), suite.get("add").example("12+34"));
        assertEquals(new Example("99+99=", "198", "add"), suite.get("add").example("99+99"));
        assertEquals(new Example("56-7=", "49", "sub"), suite.get("sub").example("56-7"));
        assertEquals(new Example("5-5=", "0", "sub"), suite.get("sub").example("5-5"));
        assertEquals(new Example("12*3=", "36", "mul"), suite.get("mul").example("12*3"));
        assertEquals(new Example("99*9=", "891", "mul"), suite.get("mul").example("99*9"));
        assertEquals(new Example("999*9=", "8991", "mul"), suite.get("mul").example("999*9"));
        assertThrows(IllegalArgumentException.class, () -> suite.get("mul").example("1000*9"));
        assertThrows(IllegalArgumentException.class, () -> suite.get("sub").example("3-5"));
        assertThrows(IllegalArgumentException.class, () -> suite.get("mul").example("3*10"));
        assertThrows(IllegalArgumentException.class, () -> suite.get("add").example("03+5"));
        assertEquals(10_000, suite.get("add").inputSpaceSize());
        assertEquals(5050, suite.get("sub").inputSpaceSize());
        assertEquals(10_000, suite.get("mul").inputSpaceSize());
    }

    @Test
    void samplesStayInTheirSpacesAndShort() {
        SplittableRandom rng = new SplittableRandom(3);
        int longest = 0;
        for (Skill skill : suite.all()) {
            for (int i = 0; i < 300; i++) {
                Example e = skill.sample(rng);
                assertEquals(skill.name(), e.skill());
                assertTrue(skill.parseable(e.answer()), skill.name() + " answer " + e.answer());
                assertTrue(e.answer().length() <= skill.maxAnswerLength());
                longest = Math.max(longest, e.text().length());
            }
        }
        assertTrue(longest <= 40, "longest atomic example was " + longest + " characters");
        // The sampled sub inputs never go negative.
        for (int i = 0; i < 200; i++) {
            assertTrue(!suite.get("sub").sample(rng).answer().startsWith("-"));
        }
    }

    @Test
    void runsStyleMakesRepeatsCommon() {
        SplittableRandom rng = new SplittableRandom(5);
        Skill col = suite.get("col");
        int changed = 0;
        for (int i = 0; i < 200; i++) {
            Example e = col.sample(rng);
            String input = e.prompt().substring(4, e.prompt().length() - 2);
            if (!input.equals(e.answer())) {
                changed++;
            }
        }
        assertTrue(changed > 120, "col changed only " + changed + " of 200 inputs");
    }

    @Test
    void inputSpaceSizeSaturates() {
        assertEquals(26L * 26 * 26, new StringSpace(Alphabet.LOWERCASE, 3, 3).size());
        assertEquals(Long.MAX_VALUE, new StringSpace(Alphabet.LOWERCASE, 1, 30).size());
    }
}
