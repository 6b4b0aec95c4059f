/**
 * Remove a skill from a language model without training (Li, Sun and Weng, NAACL 2025), with
 * Selective Pruning as the baseline and an evaluation harness.
 *
 * <ul>
 *   <li>{@link io.skillscope.unlearning.NeuronAdjust}: shifts the feed-forward pre-activations that fire
 *       for the forget set towards the retain set's distribution, probabilistically, per element.</li>
 *   <li>{@link io.skillscope.unlearning.KeySpaceDetector}: recognises the forget skill's queries in the
 *       feed-forward key space (a hypercube μ ± h·k_max·σ) and replaces their answers by a refusal;
 *       {@link io.skillscope.unlearning.KsdFit} fits its {@link io.skillscope.unlearning.KeySpaceCube} at a
 *       {@link io.skillscope.unlearning.LayerChoice}, {@link io.skillscope.unlearning.KsdCalibrator} chooses h
 *       on dev queries ({@link io.skillscope.unlearning.KsdCalibration}), {@code KsdArtifact} saves and
 *       loads it, {@link io.skillscope.unlearning.KeySpaceUnion} holds one cube per forget skill.</li>
 *   <li>{@link io.skillscope.unlearning.KeySpaceSurvey}: the same hypercube fitted in every block's
 *       activation spaces and scored at the prompt and at every generated token, to see which, if any,
 *       separates a forget set from the retain sets.</li>
 *   <li>{@link io.skillscope.unlearning.SelectivePruning}: zeroes the neurons most important to the forget
 *       set relative to the retain set.</li>
 *   <li>{@link io.skillscope.unlearning.UnlearningEvaluation}: accuracy before and after on the forget set
 *       and every retain set, relative drops and detection rates, as a table and {@code result.json}.</li>
 *   <li>{@link io.skillscope.unlearning.Unlearning}: the few calls a command line or notebook needs, with
 *       one options type per method ({@link io.skillscope.unlearning.NeuronAdjust.Settings},
 *       {@link io.skillscope.unlearning.KsdOptions}, {@link io.skillscope.unlearning.SelectivePruning.Settings}).</li>
 * </ul>
 *
 * <p>Every method is an {@link io.skillscope.unlearning.Unlearner}: it answers prompts with the method
 * applied, and saves as an artifact folder ({@code result.json} + safetensors) that loads back onto a
 * freshly loaded model with identical outputs.
 */
package io.skillscope.unlearning;
