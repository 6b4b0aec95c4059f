/**
 * Compare skills inside models with plain Java records and arrays — no native engine.
 *
 * <p>This package holds the shared vocabulary: {@link io.skillscope.analysis.ModuleType} and
 * {@link io.skillscope.analysis.TensorLabel} (which layer and module a checkpoint tensor belongs to,
 * given by the caller, who knows the model's architecture; nothing here parses tensor names),
 * {@link io.skillscope.analysis.Stats} (median, quantiles,
 * mean ± sd) and {@link io.skillscope.analysis.SkillMetrics} (relative gain, accuracy recovered,
 * relative drop, agreement).
 *
 * <p>Sub-packages: {@code overlap} (masks and neuron sets: asymmetric overlap and Jaccard, per layer
 * and module, overlap matrices; docs/methods.md §1), {@code orthogonality} (cosines, principal angles and
 * support overlap of weight updates with controls; docs/methods.md §3), {@code calibration} (expected
 * calibration error and reliability bins; docs/methods.md §1).
 *
 * <p>Results leave native memory as arrays ({@code toFloatArray()}) before they reach this package, so
 * everything here runs anywhere Java 17 runs and feeds {@code io.skillscope.reports} directly.
 */
package io.skillscope.analysis;
