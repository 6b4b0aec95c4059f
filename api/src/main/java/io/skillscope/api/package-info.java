/**
 * The facade: one import ({@code import io.skillscope.api.*;}) for the common API.
 *
 * <p>{@link io.skillscope.api.Skillscope} holds the static factories: models ({@code load},
 * {@code skillLab}, {@code tinyModel}), the skill suite ({@code skills}, {@code examples},
 * {@code dataset}) and {@code show}, which displays {@link io.skillscope.api.Rich} results as HTML in a
 * Jupyter notebook (the rapaio Java kernel) and as text anywhere else. {@link io.skillscope.api.Model}
 * bundles a transformer with its tokenizer so a cell can work with strings; {@link io.skillscope.api.Table}
 * and {@link io.skillscope.api.Chart} are what a cell ends with. {@link io.skillscope.api.Results} turns the
 * method modules' results (probe comparisons, unlearning reports, localization sweeps, orthogonality
 * reports, Tablesaw tables) into those, and {@link io.skillscope.api.Weights} reads weight updates from
 * checkpoint folders for the analysis module.
 * {@link io.skillscope.api.Skillscope#merge(io.skillscope.grafting.MergeSpec, java.nio.file.Path)} runs a
 * merge, graft, stitch or skill-vector injection and loads the result; {@link io.skillscope.api.Weights#mask(java.nio.file.Path)}
 * reads a grafting mask for the overlap analysis, shown by {@link io.skillscope.api.Results#table(
 * io.skillscope.analysis.overlap.OverlapMatrix)}.
 *
 * <p>The facade is its own module, {@code skillscope-api}, which sees every method module (core, datasets,
 * probes, unlearning, grafting, localization, analysis, reports) and is used by the command line, the
 * notebooks and Java programs. It adds no method of its own to the science; every call forwards to the
 * module that owns it. The repository's {@code docs/api.md} says where to start for each task and holds
 * one complete research script that a test runs.
 */
package io.skillscope.api;
