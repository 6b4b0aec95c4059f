package io.skillscope.core;

import java.util.HashMap;
import java.util.Map;

/** The {@code --key value} arguments of the benchmark and study programs' {@code main} methods. */
public final class KeyValueArgs {
    private KeyValueArgs() {}

    /**
     * Pairs {@code args[from], args[from + 1]}, ... as key (leading {@code --} removed) and value; a
     * trailing key without a value is ignored.
     *
     * @param args the program arguments
     * @param from index of the first key (after any positional arguments)
     * @return the options by key
     */
    public static Map<String, String> parse(String[] args, int from) {
        Map<String, String> out = new HashMap<>();
        for (int i = from; i + 1 < args.length; i += 2) {
            out.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        return out;
    }
}
