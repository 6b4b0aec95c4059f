package io.skillscope.unlearning;

import io.skillscope.core.hooks.HookSite;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Named settings of Key Space Detection (docs/methods.md §2). {@link #PAPER} is the paper's procedure as
 * the authors' code runs it; the others are variants measured on the skill lab
 * ({@code unlearning/BENCHMARK.md}) and are labelled as variants wherever they are reported: nothing in the
 * paper or its code checks the prompt only or boxes the up projection W_up x.
 *
 * <p>Every preset fits the box on the forget prompts' last-token keys, as the paper's text says
 * ({@link KsdFitOn#PROMPT}; the authors' probe script with {@code --probe_query}); {@link KsdOptions#fitOn}
 * fits it on the answer text alone instead (the probe script's default input) or on every answer token, and
 * {@link #label(KsdOptions)} says so.
 *
 * <p>Every preset calibrates h on the dev prompts (at most {@code maxRetainDetection} of each retain set
 * detected), fits one box over the forget set's training prompts at the last layer, and refuses with the
 * paper's fixed answer.
 */
public enum KsdPreset {
    /**
     * The paper's procedure as the authors' code runs it: the feed-forward key (the down projection's
     * input, {@code mlp.hook_post}) of the last layer, checked at the prefill and at every generated token,
     * the box fitted on the forget prompts' last token (the paper's text; the authors' probe script with
     * {@code --probe_query}; its default input, the answer text alone, is {@link KsdFitOn#ANSWER_TEXT}).
     */
    PAPER(
            "paper",
            "KSD (paper: the last layer's key, checked at the prompt and every generated token)",
            HookSite.MLP_POST,
            true),
    /** The paper's box checked at the prompt's last token only (a variant). */
    KEY_PROMPT_VARIANT(
            "key-prompt-variant", "KSD variant: key box, prompt only (not in the paper)", HookSite.MLP_POST, false),
    /**
     * The box fitted on the last layer's up projection W_up x ({@code mlp.hook_pre_linear}, gated MLPs only)
     * and checked at the prompt's last token only: the variant that reached ≥ 80% forget with ≤ 10% retain
     * on the shipped skill lab (a variant).
     */
    UP_PROJ_PROMPT_VARIANT(
            "up-proj-prompt-variant",
            "KSD variant: up-projection prompt-only box (not in the paper)",
            HookSite.MLP_PRE_LINEAR,
            false);

    private final String wire;
    private final String label;
    private final HookSite site;
    private final boolean checkDecode;

    KsdPreset(String wire, String label, HookSite site, boolean checkDecode) {
        this.wire = wire;
        this.label = label;
        this.site = site;
        this.checkDecode = checkDecode;
    }

    /** The name on the command line and in {@code result.json}, e.g. {@code up-proj-prompt-variant}. */
    public String wire() {
        return wire;
    }

    /** The method label for result files and reports, e.g. {@code KSD variant: ... (not in the paper)}. */
    public String label() {
        return label;
    }

    /** Whether this is the paper's procedure (only {@link #PAPER}). */
    public boolean faithful() {
        return this == PAPER;
    }

    /**
     * Whether these options run the paper's procedure as the authors' code runs it: {@link #PAPER}, fitted on
     * the prompt (the paper's text; the probe script with {@code --probe_query}) or on the answer text fed
     * alone (the probe script's default input). Every other combination is a variant.
     */
    public static boolean faithful(KsdOptions o) {
        return of(o.withFitOn(KsdFitOn.PROMPT)).orElse(null) == PAPER
                && (o.fitOn() == KsdFitOn.PROMPT || o.fitOn() == KsdFitOn.ANSWER_TEXT);
    }

    /** The preset's options: {@link KsdOptions#defaults()} with its site and check. */
    public KsdOptions options() {
        return KsdOptions.defaults().withLayer(LayerChoice.LAST).withSite(site).withCheckDecode(checkDecode);
    }

    /**
     * Parses a preset's name ({@link #wire()}, any case).
     *
     * @param s e.g. {@code paper}
     * @return the preset
     * @throws IllegalArgumentException naming the value and the presets
     */
    public static KsdPreset parse(String s) {
        String w = s.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(p -> p.wire.equals(w))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown KSD preset '" + s + "'; use one of "
                        + String.join(
                                ", ",
                                Arrays.stream(values()).map(KsdPreset::wire).toList())));
    }

    /**
     * The preset whose layer, site, check and single box these options have (batch size, refusal and the
     * retain bound aside), if any.
     */
    public static Optional<KsdPreset> of(KsdOptions o) {
        KeySpaceDetector.Settings s = o.settings();
        return Arrays.stream(values())
                .filter(p -> !o.perSkill()
                        && o.fitOn() == KsdFitOn.PROMPT
                        && s.layer().equals(LayerChoice.LAST)
                        && s.site() == p.site
                        && s.checkDecode() == p.checkDecode)
                .findFirst();
    }

    /**
     * The method label of any options: the matching preset's {@link #label()}, else a variant label naming
     * what differs, e.g. {@code KSD variant: blocks.2 mlp.hook_pre_linear box, prompt and every generated
     * token, one box per skill (not in the paper)}.
     */
    public static String label(KsdOptions o) {
        if (o.fitOn() == KsdFitOn.ANSWER_TEXT
                && of(o.withFitOn(KsdFitOn.PROMPT)).orElse(null) == PAPER) {
            return "KSD (paper, fitted as the authors' probe script does by default: the last layer's key at the"
                    + " last token of the answer text fed alone, checked at the prompt and every generated token)";
        }
        return of(o).map(KsdPreset::label).orElseGet(() -> {
            KeySpaceDetector.Settings s = o.settings();
            String layer = s.layer() instanceof LayerChoice.Fixed f
                    ? "block " + f.layer()
                    : s.layer() instanceof LayerChoice.ChosenOnDev ? "layer and check chosen on dev" : "last layer";
            String check = s.layer() instanceof LayerChoice.ChosenOnDev
                    ? ""
                    : s.checkDecode() ? ", checked at the prompt and every generated token" : ", prompt only";
            String fit = switch (o.fitOn()) {
                case PROMPT -> "";
                case ANSWER_TEXT -> ", fitted on the answer text's last token";
                case ANSWER_TOKENS -> ", fitted on every answer token in context";
            };
            return "KSD variant: " + layer + " " + s.site().suffix() + " box" + check
                    + (o.perSkill() ? ", one box per skill" : "") + fit + " (not in the paper)";
        });
    }
}
