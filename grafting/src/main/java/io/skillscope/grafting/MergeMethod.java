package io.skillscope.grafting;

/** How several task vectors τ_t = θ_t − θ_pre are combined into one (docs/methods.md §4). */
public enum MergeMethod {
    /** τ_m = Σ_t w_t τ_t (Ilharco et al. 2023). */
    TASK_ARITHMETIC,
    /** Trim each τ_t to its top-density magnitudes, elect a sign per entry, disjoint mean (Yadav et al. 2023). */
    TIES,
    /** Drop each entry with probability 1 − d, rescale the kept by 1/d, then sum (Yu et al. 2024). */
    DARE_SUM,
    /** DARE's drop and rescale, then TIES. */
    DARE_TIES
}
