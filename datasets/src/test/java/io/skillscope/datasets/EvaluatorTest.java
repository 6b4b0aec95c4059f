package io.skillscope.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class EvaluatorTest {

    private final SkillSuite suite = SkillSuite.standard();

    @Test
    void rewards() {
        assertEquals(1, Outcome.CORRECT.reward());
        assertEquals(0, Outcome.WRONG.reward());
        assertEquals(-1, Outcome.UNPARSEABLE.reward());
    }

    @Test
    void stringSkillOutcomes() {
        Example e = suite.get("rev").example("abcde");
        assertEquals(Outcome.CORRECT, suite.score(e, "edcba", true));
        assertEquals(Outcome.WRONG, suite.score(e, "edcab", true));
        assertEquals(Outcome.WRONG, suite.score(e, "abc", true), "right alphabet and length: wrong, not unparseable");
        assertEquals(Outcome.UNPARSEABLE, suite.score(e, "edcba", false), "no end token");
        assertEquals(Outcome.UNPARSEABLE, suite.score(e, "EDCBA", true), "uppercase is outside rev's alphabet");
        assertEquals(Outcome.UNPARSEABLE, suite.score(e, "ed cba", true));
        assertEquals(Outcome.UNPARSEABLE, suite.score(e, "ab", true), "rev never answers with 2 characters");
        assertEquals(Outcome.UNPARSEABLE, suite.score(e, "abcdefghi", true), "longer than any rev answer");
        assertEquals(Outcome.UNPARSEABLE, suite.score(e, null, true));
    }

    @Test
    void outputAlphabetIsPerSkill() {
        Example alt = suite.get("alt").example("abcd");
        assertEquals(Outcome.CORRECT, suite.score(alt, "AbCd", true));
        assertEquals(Outcome.WRONG, suite.score(alt, "aBcD", true));
        Example vow = suite.get("vow").example("hello");
        assertEquals(Outcome.WRONG, suite.score(vow, "h2ll5", true));
        assertEquals(Outcome.UNPARSEABLE, suite.score(vow, "hell4", true), "vow never writes a vowel");
        Example sep = suite.get("sep").example("abc");
        assertEquals(Outcome.CORRECT, suite.score(sep, "a-b-c", true));
        assertEquals(Outcome.WRONG, suite.score(sep, "a-c-b", true));
    }

    @Test
    void emptyAnswers() {
        Example e = suite.get("rmv").example("aeiou");
        assertEquals("", e.answer());
        assertEquals(Outcome.CORRECT, suite.score(e, "", true));
        assertEquals(Outcome.WRONG, suite.score(e, "b", true));
        assertEquals(Outcome.UNPARSEABLE, suite.score(e, "", false));
        Example rev = suite.get("rev").example("abc");
        assertEquals(Outcome.UNPARSEABLE, suite.score(rev, "", true), "rev never answers empty");
    }

    @Test
    void arithmeticOutcomes() {
        Example e = suite.get("add").example("12+34");
        assertEquals(Outcome.CORRECT, suite.score(e, "46", true));
        assertEquals(Outcome.WRONG, suite.score(e, "47", true));
        assertEquals(Outcome.WRONG, suite.score(e, "046", true), "an integer, not canonical");
        assertEquals(Outcome.WRONG, suite.score(e, "-4", true));
        assertEquals(Outcome.UNPARSEABLE, suite.score(e, "4a", true));
        assertEquals(Outcome.UNPARSEABLE, suite.score(e, "46.0", true));
        assertEquals(Outcome.UNPARSEABLE, suite.score(e, "", true));
        assertEquals(Outcome.UNPARSEABLE, suite.score(e, "1234", true), "add answers have at most 3 digits");
        assertEquals(Outcome.UNPARSEABLE, suite.score(e, "46", false));
        Example mul = suite.get("mul").example("99*9");
        assertEquals(Outcome.CORRECT, suite.score(mul, "891", true));
        assertEquals(Outcome.WRONG, suite.score(mul, "881", true));
    }

    @Test
    void compositionOutcomes() {
        Example e = suite.get("rev.sort").example("dcab");
        assertEquals(Outcome.CORRECT, suite.score(e, "dcba", true));
        assertEquals(Outcome.WRONG, suite.score(e, "abcd", true));
        assertEquals(Outcome.UNPARSEABLE, suite.score(e, "dcba)", true));
    }

    @Test
    void skillMismatchAndUnknownSkillsAreRejected() {
        Example e = suite.get("rev").example("abc");
        IllegalArgumentException ex = assertThrows(
                IllegalArgumentException.class, () -> suite.get("sort").score(e, "cba", true));
        assertEquals(
                "cannot score an example of skill \"rev\" with skill \"sort\" (prompt \"rev(abc)=\")", ex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> suite.score(new Example("q=", "a", "nope"), "a", true));
    }
}
