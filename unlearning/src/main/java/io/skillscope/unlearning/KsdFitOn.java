package io.skillscope.unlearning;

import io.skillscope.datasets.Example;
import io.skillscope.probes.PositionMode;
import io.skillscope.probes.ProbeDataset;
import io.skillscope.probes.TokenCodec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Which of the forget set's keys a Key Space Detection cube is fitted on (Li, Sun and Weng, NAACL 2025).
 *
 * <p>The paper's text fits the cube on the forget skill's <em>queries</em>. The authors' probe script
 * ({@code NetProbe} with {@code all_stats} and {@code --last_token}, the only form the cube fit reads) feeds,
 * unless {@code --probe_query} is given, the <em>answer text alone</em> as its own sequence (GSM8K's
 * {@code answer}, MBPP's {@code code}) and keeps the key at its last token. At inference both check the key
 * of the prompt's last token and of every generated token.
 */
public enum KsdFitOn {
    /**
     * The key at the prompt's last token, {@code [bos] prompt}: the paper's text, and the authors' probe
     * script with {@code --probe_query}. The default of every preset.
     */
    PROMPT("prompt", "the prompt's last token"),
    /**
     * The key at the last token of the answer text fed alone, {@code [bos] answer} (no prompt, no end
     * token): the authors' probe script's default input.
     */
    ANSWER_TEXT("answer-text", "the last token of the answer text fed alone (the authors' probe-script default)"),
    /**
     * The keys at every answer token in context, {@code [bos] prompt answer} (no end token): the positions
     * whose keys the decode check reads when the model generates the answer. Not in the paper or its code.
     */
    ANSWER_TOKENS("answer-tokens", "every answer token in context (not in the paper or its code)");

    private final String wire;
    private final String description;

    KsdFitOn(String wire, String description) {
        this.wire = wire;
        this.description = description;
    }

    /** The name on the command line and in {@code result.json}, e.g. {@code answer-text}. */
    public String wire() {
        return wire;
    }

    /** What the cube is fitted on, in words. */
    public String description() {
        return description;
    }

    /** The positions of {@link #dataset} rows whose keys the cube is fitted on. */
    public PositionMode positions() {
        return this == ANSWER_TOKENS ? PositionMode.ANSWER_TOKENS : PositionMode.LAST_PROMPT_TOKEN;
    }

    /**
     * The forget examples as probe rows for this fit: {@link #PROMPT} {@code [bos] prompt} (read at its
     * last token), {@link #ANSWER_TEXT} {@code [bos] answer} as one "prompt" (read at its last token),
     * {@link #ANSWER_TOKENS} {@code [bos] prompt answer} with the prompt length marking where the answer
     * starts (read at every answer token).
     */
    public ProbeDataset dataset(String name, List<Example> examples, TokenCodec codec) {
        List<ProbeDataset.Row> rows = new ArrayList<>(examples.size());
        for (Example e : examples) {
            switch (this) {
                case PROMPT -> {
                    int[] p = codec.promptIds(e.prompt());
                    rows.add(new ProbeDataset.Row(p, p.length));
                }
                case ANSWER_TEXT -> {
                    int[] a = codec.promptIds(e.answer()); // [bos] answer: the text alone, as a tokenizer call gives it
                    rows.add(new ProbeDataset.Row(a, a.length));
                }
                case ANSWER_TOKENS -> {
                    int[] p = codec.promptIds(e.prompt());
                    int[] a = codec.encode(e.answer()); // no end token: generation stops before feeding it
                    if (a.length == 0) {
                        throw new IllegalArgumentException("KSD fit on answer tokens: an example of " + name
                                + " has an empty answer (prompt '" + e.prompt() + "')");
                    }
                    int[] t = Arrays.copyOf(p, p.length + a.length);
                    System.arraycopy(a, 0, t, p.length, a.length);
                    rows.add(new ProbeDataset.Row(t, p.length));
                }
            }
        }
        return ProbeDataset.of(datasetName(name), rows);
    }

    /** The name of {@link #dataset}'s rows for a set named {@code name}, e.g. {@code add (answer-text)}. */
    public String datasetName(String name) {
        return name + (this == PROMPT ? "" : " (" + wire + ")");
    }

    /**
     * Parses a fit's name ({@link #wire()}, any case).
     *
     * @throws IllegalArgumentException naming the value and the choices
     */
    public static KsdFitOn parse(String s) {
        String w = s.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(f -> f.wire.equals(w))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown KSD fit '" + s + "'; use one of "
                        + String.join(
                                ", ",
                                Arrays.stream(values()).map(KsdFitOn::wire).toList())));
    }
}
