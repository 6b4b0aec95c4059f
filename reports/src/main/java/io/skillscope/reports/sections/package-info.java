/**
 * One {@link io.skillscope.reports.SectionFactory} per analysis result type: overlap matrices,
 * orthogonality reports, calibration results.
 *
 * <p>Later result types (unlearning results, sparsity sweeps, probe statistics) each add a factory
 * here, built from {@link io.skillscope.reports.Section.Builder}, {@link io.skillscope.reports.Charts}
 * and Tablesaw tables, without changing the report core.
 */
package io.skillscope.reports.sections;
