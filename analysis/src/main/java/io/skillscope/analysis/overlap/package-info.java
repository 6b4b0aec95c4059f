/**
 * Overlap of skill regions: parameter masks (docs/methods.md §1, grafting) and neuron sets (§2, Neuron
 * Adjust).
 *
 * <p>Two measures: the grafting paper's asymmetric overlap |A∩B| / |B| (Panigrahi et al., ICML 2023,
 * the multi-task figure: "what share of B's region also belongs to A") and Jaccard |A∩B| / |A∪B|.
 * {@link io.skillscope.analysis.overlap.Overlap} compares two masks in total, per layer and per module
 * type; {@link io.skillscope.analysis.overlap.OverlapMatrix} compares many skills at once.
 */
package io.skillscope.analysis.overlap;
