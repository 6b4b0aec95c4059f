/**
 * Find where a skill lives: sparse grafting masks learned by gradient descent on a flip
 * parametrization (Panigrahi, Saunshi, Zhao, Arora, ICML 2023; {@link
 * io.skillscope.localization.MaskOptimizer}), the Localize-and-Stitch variant, and sparsity sweeps that
 * report accuracy recovered, relative gain, agreement with the fine-tuned model and expected calibration
 * error of the pre-trained, fine-tuned and grafted models ({@link io.skillscope.localization.Localizer}).
 *
 * <p>The optimizer owns S and the update; a {@link io.skillscope.localization.MaskParametrization} (one per
 * {@link io.skillscope.localization.MaskMethod}) maps a score to γ(S), ∂L/∂S and the binary mask. A
 * sweep's best point is {@link io.skillscope.localization.SweepResult#best}, chosen on the dev split
 * ({@link io.skillscope.localization.DevScores}), never on test; the command line's splits and
 * {@code result.json} contents are {@link io.skillscope.localization.TaskSplits} and
 * {@link io.skillscope.localization.LocalizationReport}; {@link io.skillscope.localization.TaskDraw} records
 * how the splits were drawn so they can be drawn again, and {@link io.skillscope.localization.PairGrafts}
 * scores the intersection and union grafts of two skills' masks on those splits. ECE comes from
 * {@link io.skillscope.analysis.calibration.Calibration#ece}.
 *
 * <p>This package learns masks; the mask type, its algebra and its files live in grafting. Masks are
 * {@link io.skillscope.grafting.Mask} artifacts ({@link io.skillscope.grafting.MaskFiles}): binary per-tensor masks in safetensors plus
 * a {@code result.json} with the settings, counts and the hashes of θ_pre and θ_ft. Host memory: θ_pre,
 * θ_ft and S as float arrays over the included tensors; the working model is the only native copy.
 */
package io.skillscope.localization;
