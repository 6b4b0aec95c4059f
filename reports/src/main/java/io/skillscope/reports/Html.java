package io.skillscope.reports;

/**
 * HTML escaping for text and attribute values.
 *
 * <p>Escapes the five characters that matter in both contexts ({@code & < > " '}), so one function is
 * safe for element content and for double- or single-quoted attributes.
 */
public final class Html {
    private Html() {}

    /** Escapes {@code & < > " '} as entities; null becomes the empty string. */
    public static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
