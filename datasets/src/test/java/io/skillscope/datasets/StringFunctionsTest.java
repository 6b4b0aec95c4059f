package io.skillscope.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class StringFunctionsTest {

    private static void check(StringFunction f, String... pairs) {
        for (int i = 0; i < pairs.length; i += 2) {
            assertEquals(pairs[i + 1], f.apply(pairs[i]), f.name() + "(" + pairs[i] + ")");
        }
    }

    @Test
    void reverse() {
        check(StringFunctions.reverse(), "abcde", "edcba", "ab", "ba", "a", "a", "", "");
    }

    @Test
    void sortOrdersByCharacterCode() {
        check(StringFunctions.sortChars(), "dcab", "abcd", "banana", "aaabnn", "bA1-", "-1Ab");
    }

    @Test
    void removeVowelsMayGiveTheEmptyString() {
        check(StringFunctions.removeVowels(), "hello", "hll", "aei", "", "AbEy", "by", "xyz", "xyz");
    }

    @Test
    void caesarWrapsAroundAndKeepsCase() {
        check(StringFunctions.caesar(3), "xyz", "abc", "abc", "def", "XyZ1", "AbC1");
        check(StringFunctions.caesar(1), "zoo", "app", "az", "ba");
        assertEquals("cs3", StringFunctions.caesar(3).name());
        assertThrows(IllegalArgumentException.class, () -> StringFunctions.caesar(26));
    }

    @Test
    void rotateLeftModuloLength() {
        check(StringFunctions.rotate(2), "abcde", "cdeab", "ab", "ab", "abc", "cab", "", "");
        check(StringFunctions.rotate(7), "abcde", "cdeab", "abc", "bca");
        assertEquals("rot2", StringFunctions.rotate(2).name());
    }

    @Test
    void mirror() {
        check(StringFunctions.mirror(), "abc", "abccba", "xy", "xyyx");
    }

    @Test
    void duplicate() {
        check(StringFunctions.duplicate(), "abc", "aabbcc", "zz", "zzzz");
    }

    @Test
    void collapseRuns() {
        check(StringFunctions.collapse(), "aaabcc", "abc", "abab", "abab", "zzzz", "z", "abba", "aba");
        assertEquals(InputStyle.RUNS, StringFunctions.collapse().preferredInputs());
    }

    @Test
    void alternateCaseStartsUpperAtPositionZero() {
        check(StringFunctions.alternateCase(), "abcd", "AbCd", "ABCDE", "AbCdE", "a1bc", "A1Bc");
    }

    @Test
    void vowelsToDigits() {
        check(StringFunctions.vowelsToDigits(), "hello", "h2ll4", "aeiou", "12345", "AUxy", "15xy");
    }

    @Test
    void separate() {
        check(StringFunctions.separate(), "abc", "a-b-c", "a", "a", "", "");
    }

    @Test
    void prefixAndSuffix() {
        check(StringFunctions.prefix("ab"), "xyz", "abxyz", "q", "abq");
        check(StringFunctions.suffix("yz"), "abc", "abcyz", "q", "qyz");
        assertThrows(IllegalArgumentException.class, () -> StringFunctions.prefix(""));
    }

    @Test
    void evenPositions() {
        check(StringFunctions.evenPositions(), "abcdef", "ace", "abcde", "ace", "a", "a");
    }

    @Test
    void riffleInterleavesHalves() {
        check(StringFunctions.riffle(), "abcdef", "adbecf", "abcde", "adbec", "abc", "acb");
    }

    @Test
    void swapPairs() {
        check(StringFunctions.swapPairs(), "abcdef", "badcfe", "abcde", "badce", "a", "a");
    }

    @Test
    void upper() {
        check(StringFunctions.upper(), "abc", "ABC", "aB1", "AB1");
    }

    @Test
    void interlaceAppendsTheRestOfTheLongerString() {
        assertEquals("adbec", StringFunctions.interlace("abc", "de"));
        assertEquals("axyz", StringFunctions.interlace("a", "xyz"));
        assertEquals("aabbcc", StringFunctions.interlace("abc", "abc"));
    }

    @Test
    void imagesContainEveryOutput() {
        StringSpace in = StringSpace.DEFAULT_INPUTS;
        java.util.SplittableRandom rng = new java.util.SplittableRandom(1);
        for (StringFunction f : SkillSuite.standard().functions()) {
            StringSpace image = f.image(in);
            for (int i = 0; i < 500; i++) {
                String x = InputStyle.RUNS.sample(in, rng);
                assertTrue(image.contains(f.apply(x)), f.name() + "(" + x + ") = " + f.apply(x) + " not in " + image);
            }
        }
        assertEquals(
                new StringSpace(Alphabet.of("bcdfghjklmnpqrstvwxyz"), 0, 8),
                StringFunctions.removeVowels().image(in));
        assertEquals(
                new StringSpace(Alphabet.of("-abcdefghijklmnopqrstuvwxyz"), 5, 15),
                StringFunctions.separate().image(in));
    }

    @Test
    void namesMustBeShortAndDotFree() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new StringFunction("re.v", "x", s -> s, in -> in, InputStyle.UNIFORM));
        assertEquals(
                List.of(
                        "rev", "sort", "rmv", "cs1", "cs3", "rot2", "mir", "dup", "col", "alt", "vow", "sep", "pre",
                        "suf", "evn", "shuf", "swp", "upc"),
                SkillSuite.standard().functions().stream()
                        .map(StringFunction::name)
                        .toList());
    }
}
