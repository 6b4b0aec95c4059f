/**
 * Move weights between models: masked grafts θ_pre + γ ⊙ Δ ({@link io.skillscope.grafting.Graft},
 * {@link io.skillscope.grafting.Mask}, on disk {@link io.skillscope.grafting.MaskFiles}), skill
 * vectors and PaST injection
 * ({@link io.skillscope.grafting.SkillVector}, {@link io.skillscope.grafting.Past}), merges relative to
 * θ_pre (task arithmetic, TIES, DARE: {@link io.skillscope.grafting.Merger}) and Localize-and-Stitch
 * ({@link io.skillscope.grafting.Stitch}).
 *
 * <p>Everything that reads checkpoints streams them through {@link
 * io.skillscope.core.checkpoint.TensorSource}, one tensor name at a time, and writes with the streaming
 * {@link io.skillscope.core.checkpoint.SafetensorsWriter#builder}, so two large checkpoints never sit in
 * memory together ({@code skillscope bench weight-space} measures it). Outputs are
 * Hugging Face folders (config and tokenizer copied from θ_pre) with a {@code result.json} holding the
 * settings, the inputs' content hashes and the environment; an output folder is never an input's.
 * Arithmetic on binary masks is selection, and sums are done in double, so an all-ones graft or a
 * one-model merge at λ = 1 reproduces the fine-tuned model bit for bit.
 */
package io.skillscope.grafting;
