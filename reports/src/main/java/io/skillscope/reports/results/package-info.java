/**
 * Plain records of the results that engine-backed modules produce (probe comparisons, unlearning runs,
 * localization sparsity sweeps, training runs), so that report sections can present them without
 * depending on those modules or on a native engine.
 *
 * <p>The modules that compute a result (or the demo that drives them) fill these records; the
 * factories in {@link io.skillscope.reports.sections} turn them into report sections.
 */
package io.skillscope.reports.results;
