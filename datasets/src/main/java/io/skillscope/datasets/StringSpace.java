package io.skillscope.datasets;

/**
 * The set of strings over an alphabet whose length lies in [minLength, maxLength].
 *
 * <p>It describes a skill's inputs (the default is lowercase letters, length 3–8) and, as an
 * over-approximation, the answers a string skill can produce: an answer outside it is unparseable.
 *
 * @param alphabet the allowed characters
 * @param minLength the shortest length, at least 0
 * @param maxLength the longest length, at least {@code minLength}
 */
public record StringSpace(Alphabet alphabet, int minLength, int maxLength) {

    /** The default input space of the skill lab: lowercase letters, length 3 to 8. */
    public static final StringSpace DEFAULT_INPUTS = new StringSpace(Alphabet.LOWERCASE, 3, 8);

    /** Validates the alphabet and the length range. */
    public StringSpace {
        if (alphabet == null) {
            throw new IllegalArgumentException("StringSpace alphabet must not be null");
        }
        if (minLength < 0 || maxLength < minLength) {
            throw new IllegalArgumentException("StringSpace length range must satisfy 0 <= minLength <= maxLength,"
                    + " was minLength=" + minLength + ", maxLength=" + maxLength);
        }
        if (alphabet.size() == 0 && maxLength > 0) {
            throw new IllegalArgumentException("StringSpace with an empty alphabet can only hold the empty string,"
                    + " but maxLength=" + maxLength);
        }
    }

    /** Whether {@code text} has an allowed length and only allowed characters. */
    public boolean contains(String text) {
        return text.length() >= minLength && text.length() <= maxLength && alphabet.containsAll(text);
    }

    /** Describes why {@code text} is not in the space, or returns null when it is. */
    String whyNot(String text) {
        if (text.length() < minLength || text.length() > maxLength) {
            return "length " + text.length() + " is outside [" + minLength + ", " + maxLength + "]";
        }
        for (int i = 0; i < text.length(); i++) {
            if (!alphabet.contains(text.charAt(i))) {
                return "character '" + text.charAt(i) + "' at index " + i + " is not in " + alphabet;
            }
        }
        return null;
    }

    /** The number of strings in the space, saturating at {@link Long#MAX_VALUE}. */
    public long size() {
        long total = 0;
        for (int n = minLength; n <= maxLength; n++) {
            long count = 1;
            for (int i = 0; i < n; i++) {
                count = saturatingMultiply(count, alphabet.size());
            }
            total = total > Long.MAX_VALUE - count ? Long.MAX_VALUE : total + count;
        }
        return total;
    }

    static long saturatingMultiply(long a, long b) {
        long high = Math.multiplyHigh(a, b);
        long low = a * b;
        return (high == 0 && low >= 0) ? low : Long.MAX_VALUE;
    }

    @Override
    public String toString() {
        return "StringSpace[" + alphabet.chars() + ", length " + minLength + ".." + maxLength + "]";
    }
}
