/**
 * One {@link io.skillscope.reports.SectionFactory} per result type: overlap matrices, orthogonality
 * reports, calibration results (from {@code io.skillscope.analysis}), and probe comparisons,
 * unlearning results, localization sparsity sweeps and training runs (plain records in
 * {@link io.skillscope.reports.results}).
 *
 * <p>A new result type adds a factory here, built from {@link io.skillscope.reports.Section.Builder},
 * {@link io.skillscope.reports.Charts} and Tablesaw tables, without changing the report core.
 */
package io.skillscope.reports.sections;
