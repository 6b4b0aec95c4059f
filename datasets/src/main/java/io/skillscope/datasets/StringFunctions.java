package io.skillscope.datasets;

import java.util.Arrays;

/**
 * The standard string functions of the composition framework (docs/methods.md §5), each with exact
 * semantics.
 *
 * <p>The functions are written for the default inputs (lowercase letters) but are total on any
 * string, because inside a composition they also read the outputs of other functions (uppercase
 * letters, digits, separators). Unless a function says otherwise, characters it does not mention
 * pass through unchanged. Positions are 0-based. Vowels are {@code aeiou} and {@code AEIOU};
 * {@code y} is a consonant.
 */
public final class StringFunctions {

    private static final String VOWELS = "aeiouAEIOU";

    private StringFunctions() {}

    /** {@code rev}: the characters in reverse order; {@code abcde → edcba}. */
    public static StringFunction reverse() {
        return new StringFunction(
                "rev",
                "the characters in reverse order",
                s -> new StringBuilder(s).reverse().toString(),
                in -> in,
                InputStyle.UNIFORM);
    }

    /** {@code sort}: the characters sorted by ascending UTF-16 code; {@code dcab → abcd}, {@code bA1 → 1Ab}. */
    public static StringFunction sortChars() {
        return new StringFunction(
                "sort",
                "the characters sorted by ascending character code",
                s -> {
                    char[] cs = s.toCharArray();
                    Arrays.sort(cs);
                    return new String(cs);
                },
                in -> in,
                InputStyle.UNIFORM);
    }

    /** {@code rmv}: every vowel removed; {@code hello → hll}, {@code aei → ""} (empty answers are allowed). */
    public static StringFunction removeVowels() {
        return new StringFunction(
                "rmv",
                "every vowel (aeiou, AEIOU) removed; the result may be empty",
                s -> {
                    StringBuilder sb = new StringBuilder(s.length());
                    s.chars().filter(c -> VOWELS.indexOf(c) < 0).forEach(c -> sb.append((char) c));
                    return sb.toString();
                },
                in -> new StringSpace(in.alphabet().filter(c -> VOWELS.indexOf(c) < 0), 0, in.maxLength()),
                InputStyle.UNIFORM);
    }

    /**
     * {@code cs<k>}: Caesar shift by {@code k}; a–z and A–Z shift cyclically within their case;
     * {@code cs3: xyz → abc}.
     *
     * @param k the shift, 1 to 25
     */
    public static StringFunction caesar(int k) {
        if (k < 1 || k > 25) {
            throw new IllegalArgumentException("Caesar shift k must be in [1, 25], was " + k);
        }
        return new StringFunction(
                "cs" + k,
                "each letter shifted " + k + " places forward, z wrapping to a," + " case kept",
                s -> mapChars(s, c -> shift(c, k)),
                in -> new StringSpace(in.alphabet().map(c -> shift((char) c, k)), in.minLength(), in.maxLength()),
                InputStyle.UNIFORM);
    }

    private static char shift(char c, int k) {
        if (c >= 'a' && c <= 'z') {
            return (char) ('a' + (c - 'a' + k) % 26);
        }
        if (c >= 'A' && c <= 'Z') {
            return (char) ('A' + (c - 'A' + k) % 26);
        }
        return c;
    }

    /**
     * {@code rot<n>}: rotate left by {@code n} modulo the length; {@code rot2: abcde → cdeab}, and
     * rotating by 7 is rotating by 2 on five characters.
     *
     * @param n the rotation, 0 to 99
     */
    public static StringFunction rotate(int n) {
        if (n < 0 || n > 99) {
            throw new IllegalArgumentException("rotation n must be in [0, 99], was " + n);
        }
        return new StringFunction(
                "rot" + n,
                "rotated left by " + n + " modulo the length (first " + n + " characters moved to the end)",
                s -> {
                    if (s.isEmpty()) {
                        return s;
                    }
                    int r = n % s.length();
                    return s.substring(r) + s.substring(0, r);
                },
                in -> in,
                InputStyle.UNIFORM);
    }

    /** {@code mir}: the string followed by its reverse; {@code abc → abccba}. */
    public static StringFunction mirror() {
        return new StringFunction(
                "mir",
                "the string followed by its reverse",
                s -> s + new StringBuilder(s).reverse(),
                in -> new StringSpace(in.alphabet(), 2 * in.minLength(), 2 * in.maxLength()),
                InputStyle.UNIFORM);
    }

    /** {@code dup}: every character written twice; {@code abc → aabbcc}. */
    public static StringFunction duplicate() {
        return new StringFunction(
                "dup",
                "every character written twice",
                s -> {
                    StringBuilder sb = new StringBuilder(2 * s.length());
                    s.chars().forEach(c -> sb.append((char) c).append((char) c));
                    return sb.toString();
                },
                in -> new StringSpace(in.alphabet(), 2 * in.minLength(), 2 * in.maxLength()),
                InputStyle.UNIFORM);
    }

    /** {@code col}: each run of equal adjacent characters collapsed to one; {@code aaabcc → abc}. */
    public static StringFunction collapse() {
        return new StringFunction(
                "col",
                "each run of equal adjacent characters collapsed to one",
                s -> {
                    StringBuilder sb = new StringBuilder(s.length());
                    for (int i = 0; i < s.length(); i++) {
                        if (i == 0 || s.charAt(i) != s.charAt(i - 1)) {
                            sb.append(s.charAt(i));
                        }
                    }
                    return sb.toString();
                },
                in -> new StringSpace(in.alphabet(), Math.min(1, in.minLength()), in.maxLength()),
                InputStyle.RUNS);
    }

    /**
     * {@code alt}: letters at even positions uppercase, at odd positions lowercase (positions count
     * every character); {@code abcd → AbCd}, {@code a1bc → A1Bc}.
     */
    public static StringFunction alternateCase() {
        return new StringFunction(
                "alt",
                "letters at even positions (0, 2, ...) uppercase, at odd positions"
                        + " lowercase; positions count every character",
                s -> {
                    StringBuilder sb = new StringBuilder(s.length());
                    for (int i = 0; i < s.length(); i++) {
                        char c = s.charAt(i);
                        sb.append(i % 2 == 0 ? Character.toUpperCase(c) : Character.toLowerCase(c));
                    }
                    return sb.toString();
                },
                in -> new StringSpace(
                        in.alphabet()
                                .union(in.alphabet().map(Character::toUpperCase).chars()
                                        + in.alphabet()
                                                .map(Character::toLowerCase)
                                                .chars()),
                        in.minLength(),
                        in.maxLength()),
                InputStyle.UNIFORM);
    }

    /** {@code vow}: vowels to digits, a→1 e→2 i→3 o→4 u→5 (either case); {@code hello → h2ll4}. */
    public static StringFunction vowelsToDigits() {
        return new StringFunction(
                "vow",
                "vowels replaced by digits: a/A→1, e/E→2, i/I→3, o/O→4, u/U→5",
                s -> mapChars(s, StringFunctions::vowelDigit),
                in -> new StringSpace(in.alphabet().map(c -> vowelDigit((char) c)), in.minLength(), in.maxLength()),
                InputStyle.UNIFORM);
    }

    private static char vowelDigit(char c) {
        int v = VOWELS.indexOf(c);
        return v < 0 ? c : (char) ('1' + v % 5);
    }

    /** {@code sep}: a {@code -} between every two adjacent characters; {@code abc → a-b-c}, {@code a → a}. */
    public static StringFunction separate() {
        return new StringFunction(
                "sep",
                "a '-' inserted between every two adjacent characters",
                s -> String.join("-", s.split("")),
                in -> new StringSpace(
                        in.alphabet().union("-"),
                        Math.max(0, 2 * in.minLength() - 1),
                        Math.max(0, 2 * in.maxLength() - 1)),
                InputStyle.UNIFORM);
    }

    /**
     * {@code pre}: {@code prefix} written before the string; with {@code "ab"}: {@code xyz → abxyz}.
     *
     * @param prefix a non-empty prefix
     */
    public static StringFunction prefix(String prefix) {
        requireAffix(prefix, "prefix");
        return new StringFunction(
                "pre",
                "\"" + prefix + "\" written before the string",
                s -> prefix + s,
                in -> new StringSpace(
                        in.alphabet().union(prefix),
                        in.minLength() + prefix.length(),
                        in.maxLength() + prefix.length()),
                InputStyle.UNIFORM);
    }

    /**
     * {@code suf}: {@code suffix} written after the string; with {@code "yz"}: {@code abc → abcyz}.
     *
     * @param suffix a non-empty suffix
     */
    public static StringFunction suffix(String suffix) {
        requireAffix(suffix, "suffix");
        return new StringFunction(
                "suf",
                "\"" + suffix + "\" written after the string",
                s -> s + suffix,
                in -> new StringSpace(
                        in.alphabet().union(suffix),
                        in.minLength() + suffix.length(),
                        in.maxLength() + suffix.length()),
                InputStyle.UNIFORM);
    }

    private static void requireAffix(String affix, String what) {
        if (affix == null || affix.isEmpty() || affix.chars().anyMatch(c -> Character.isSurrogate((char) c))) {
            throw new IllegalArgumentException(what + " must be a non-empty string without surrogates, was "
                    + (affix == null ? "null" : "\"" + affix + "\""));
        }
    }

    /** {@code evn}: the characters at even positions 0, 2, 4, ...; {@code abcdef → ace}, {@code abcde → ace}. */
    public static StringFunction evenPositions() {
        return new StringFunction(
                "evn",
                "the characters at even positions 0, 2, 4, ...",
                s -> {
                    StringBuilder sb = new StringBuilder((s.length() + 1) / 2);
                    for (int i = 0; i < s.length(); i += 2) {
                        sb.append(s.charAt(i));
                    }
                    return sb.toString();
                },
                in -> new StringSpace(in.alphabet(), (in.minLength() + 1) / 2, (in.maxLength() + 1) / 2),
                InputStyle.UNIFORM);
    }

    /**
     * {@code shuf}: the deterministic riffle shuffle; the first ⌈n/2⌉ characters and the rest are
     * interleaved, first half first; {@code abcdef → adbecf}, {@code abcde → adbec}.
     */
    public static StringFunction riffle() {
        return new StringFunction(
                "shuf",
                "riffle shuffle: the first ceil(n/2) characters interleaved with the" + " rest, first half first",
                s -> {
                    int half = (s.length() + 1) / 2;
                    return interlace(s.substring(0, half), s.substring(half));
                },
                in -> in,
                InputStyle.UNIFORM);
    }

    /** {@code swp}: characters swapped in pairs (0,1), (2,3), ...; an odd last one stays; {@code abcde → badce}. */
    public static StringFunction swapPairs() {
        return new StringFunction(
                "swp",
                "characters swapped in pairs (0,1), (2,3), ...; an odd last one stays",
                s -> {
                    char[] cs = s.toCharArray();
                    for (int i = 0; i + 1 < cs.length; i += 2) {
                        char t = cs[i];
                        cs[i] = cs[i + 1];
                        cs[i + 1] = t;
                    }
                    return new String(cs);
                },
                in -> in,
                InputStyle.UNIFORM);
    }

    /** {@code upc}: every letter uppercase; {@code abc → ABC}. */
    public static StringFunction upper() {
        return new StringFunction(
                "upc",
                "every letter uppercase",
                s -> mapChars(s, c -> Character.toUpperCase(c)),
                in -> new StringSpace(in.alphabet().map(Character::toUpperCase), in.minLength(), in.maxLength()),
                InputStyle.UNIFORM);
    }

    /**
     * Interleaves two strings, {@code a[0] b[0] a[1] b[1] ...}, then appends the rest of the longer;
     * {@code (abc, de) → adbec}, {@code (a, xyz) → axyz}.
     */
    public static String interlace(String a, String b) {
        StringBuilder sb = new StringBuilder(a.length() + b.length());
        int common = Math.min(a.length(), b.length());
        for (int i = 0; i < common; i++) {
            sb.append(a.charAt(i)).append(b.charAt(i));
        }
        return sb.append(a, common, a.length()).append(b, common, b.length()).toString();
    }

    private interface CharMap {
        char map(char c);
    }

    private static String mapChars(String s, CharMap f) {
        char[] cs = s.toCharArray();
        for (int i = 0; i < cs.length; i++) {
            cs[i] = f.map(cs[i]);
        }
        return new String(cs);
    }
}
