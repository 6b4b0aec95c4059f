package io.skillscope.datasets;

import java.util.function.IntPredicate;
import java.util.function.IntUnaryOperator;

/**
 * A finite set of characters, kept as a string of distinct characters in ascending order.
 *
 * <p>Used to describe which characters a skill reads and which it may write; the evaluator calls an
 * answer that uses a character outside the output alphabet unparseable.
 *
 * @param chars the distinct characters in ascending (UTF-16) order; use {@link #of} to build one from
 *     any string
 */
public record Alphabet(String chars) {

    /** The 26 lowercase ASCII letters, the default input alphabet. */
    public static final Alphabet LOWERCASE = of("abcdefghijklmnopqrstuvwxyz");
    /** The ten ASCII digits. */
    public static final Alphabet DIGITS = of("0123456789");

    /** Validates that the characters are distinct, ascending, and not surrogates. */
    public Alphabet {
        if (chars == null) {
            throw new IllegalArgumentException("Alphabet chars must not be null");
        }
        for (int i = 0; i < chars.length(); i++) {
            char c = chars.charAt(i);
            if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException("Alphabet \"" + chars + "\" contains a surrogate at index " + i
                        + "; only characters of the Basic Multilingual Plane are supported");
            }
            if (i > 0 && chars.charAt(i - 1) >= c) {
                throw new IllegalArgumentException("Alphabet \"" + chars + "\" must list distinct characters in"
                        + " ascending order; index " + i + " ('" + c + "') breaks it. Use Alphabet.of(...)");
            }
        }
    }

    /** The alphabet of the distinct characters of {@code text}, in any order and with repeats allowed. */
    public static Alphabet of(String text) {
        return new Alphabet(text.chars()
                .distinct()
                .sorted()
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString());
    }

    /** Whether {@code c} belongs to the alphabet. */
    public boolean contains(char c) {
        return chars.indexOf(c) >= 0;
    }

    /** Whether every character of {@code text} belongs to the alphabet. */
    public boolean containsAll(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (!contains(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** The number of characters. */
    public int size() {
        return chars.length();
    }

    /** The {@code i}-th character in ascending order. */
    public char charAt(int i) {
        return chars.charAt(i);
    }

    /** The image of the alphabet under a character-wise map. */
    public Alphabet map(IntUnaryOperator f) {
        return of(chars.chars()
                .map(f)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString());
    }

    /** The characters that satisfy {@code keep}. */
    public Alphabet filter(IntPredicate keep) {
        return of(chars.chars()
                .filter(keep)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString());
    }

    /** The union with the characters of {@code more}. */
    public Alphabet union(String more) {
        return of(chars + more);
    }

    @Override
    public String toString() {
        return "Alphabet[" + chars + "]";
    }
}
