/**
 * Orthogonality of weight updates (docs/methods.md §3, PaST 2026): are SFT and RL updates nearly orthogonal
 * while two SFT updates correlate?
 *
 * <p>Per tensor: the cosine cos = ⟨ΔA, ΔB⟩ / (‖ΔA‖ ‖ΔB‖); principal angles between the top-r left
 * singular subspaces of two matrix updates; and the overlap of their top-magnitude supports. Each
 * comes with controls: a second SFT update the caller supplies, and a seeded random-direction baseline
 * of the same shapes whose expected |cos| is √(2/(π n)). Results are aggregated per layer and per
 * module type in an {@link io.skillscope.analysis.orthogonality.OrthogonalityReport}.
 *
 * <p>Start with {@link io.skillscope.analysis.orthogonality.Orthogonality#between}.
 */
package io.skillscope.analysis.orthogonality;
