/**
 * Self-contained HTML reports: one file per report, no network, charts inlined as SVG.
 *
 * <pre>{@code
 * Report.builder("SFT vs RL updates")
 *         .provenance(Map.of("model", "skill-lab sha256:…", "seed", "42"))
 *         .section(new OrthogonalitySection().from(report))
 *         .build()
 *         .writeTo(Path.of("out/orthogonality.html"));
 * }</pre>
 *
 * <p>A {@link io.skillscope.reports.Report} is a title, a provenance block (model and data hashes,
 * settings, seed, versions) and {@link io.skillscope.reports.Section}s; a section holds paragraphs,
 * metric cards, Tablesaw tables and XChart charts (made by {@link io.skillscope.reports.Charts}). Every
 * string that comes from data or models is escaped with {@link io.skillscope.reports.Html#escape}.
 *
 * <p>Each analysis result type gets a {@link io.skillscope.reports.SectionFactory} in
 * {@code io.skillscope.reports.sections}; a new result type adds a factory there and never touches
 * this package. {@link io.skillscope.reports.IndexPage} links several report files.
 */
package io.skillscope.reports;
