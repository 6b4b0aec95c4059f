/**
 * The notebook facade: one import ({@code import io.skillscope.api.*;}) for the common API.
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
 *
 * <p>The facade lives in the {@code notebooks} module because it is the one module that sees every
 * other one (core, datasets, probes, unlearning, grafting, localization, analysis, reports): putting it
 * lower would turn the dependency arrows round. It adds no method of its own to the science; every call
 * forwards to the module that owns it.
 */
package io.skillscope.api;
