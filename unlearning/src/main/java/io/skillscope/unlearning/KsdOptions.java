package io.skillscope.unlearning;

/**
 * Key Space Detection as {@link Unlearning} runs it: the detector's settings, and whether to fit one
 * cube over the whole forget set ({@link KeySpaceDetector}) or one per skill of it ({@link KeySpaceUnion}).
 *
 * @param settings layer, refusal, calibration bound, batch size, decode check and site of every cube
 * @param perSkill one cube per skill of the forget set's training examples instead of one over all of them
 *     (reads one layer: not with {@link LayerChoice.ChosenOnDev})
 * @param fitOn which forget keys the cube is fitted on: the prompt's last token (the paper's text, the
 *     default), the answer text alone (the authors' probe-script default) or every answer token in context
 */
public record KsdOptions(KeySpaceDetector.Settings settings, boolean perSkill, KsdFitOn fitOn)
        implements Unlearning.Options {
    public KsdOptions {
        if (settings == null) {
            throw new IllegalArgumentException("KsdOptions.settings must not be null");
        }
        fitOn = fitOn == null ? KsdFitOn.PROMPT : fitOn;
    }

    /** Options fitted on the prompt's last token. */
    public KsdOptions(KeySpaceDetector.Settings settings, boolean perSkill) {
        this(settings, perSkill, KsdFitOn.PROMPT);
    }

    /**
     * The last layer's key checked at prefill and every generated token, the original refusal, at most
     * 5% of each retain set detected, 64 per batch, one cube.
     */
    public static KsdOptions defaults() {
        return new KsdOptions(KeySpaceDetector.Settings.defaults().withBatchSize(64), false);
    }

    @Override
    public int batchSize() {
        return settings.batchSize();
    }

    public KsdOptions withSettings(KeySpaceDetector.Settings s) {
        return new KsdOptions(s, perSkill, fitOn);
    }

    public KsdOptions withPerSkill(boolean on) {
        return new KsdOptions(settings, on, fitOn);
    }

    /** Fit the cube on other forget keys ({@link KsdFitOn}). */
    public KsdOptions withFitOn(KsdFitOn f) {
        return new KsdOptions(settings, perSkill, f);
    }

    public KsdOptions withLayer(LayerChoice l) {
        return withSettings(settings.withLayer(l));
    }

    public KsdOptions withCheckDecode(boolean on) {
        return withSettings(settings.withCheckDecode(on));
    }

    public KsdOptions withSite(io.skillscope.core.hooks.HookSite site) {
        return withSettings(settings.withSite(site));
    }

    public KsdOptions withBatchSize(int b) {
        return withSettings(settings.withBatchSize(b));
    }
}
