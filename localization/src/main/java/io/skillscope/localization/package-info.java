/**
 * Find where a skill lives: sparse grafting masks learned by gradient descent on a flip
 * parametrization (Panigrahi, Saunshi, Zhao, Arora, ICML 2023; {@link
 * io.skillscope.localization.MaskOptimizer}), the Localize-and-Stitch variant, and sparsity sweeps that
 * report accuracy recovered, relative gain, agreement with the fine-tuned model and expected calibration
 * error of the pre-trained, fine-tuned and grafted models ({@link io.skillscope.localization.Localizer}).
 *
 * <p>Masks are {@link io.skillscope.grafting.Mask} artifacts: binary per-tensor masks in safetensors plus
 * a {@code result.json} with the settings, counts and the hashes of θ_pre and θ_ft. Host memory: θ_pre,
 * θ_ft and S as float arrays over the included tensors; the working model is the only native copy.
 */
package io.skillscope.localization;
