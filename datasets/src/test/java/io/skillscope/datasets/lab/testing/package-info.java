/**
 * Skill-lab test fixtures, shipped as the {@code skillscope-datasets} test-jar: tiny recipes that train in
 * seconds and their JSON files ({@link io.skillscope.datasets.lab.testing.TinyRecipes}). They live here,
 * not in {@code io.skillscope.core.testing}, because recipes are a datasets type; the shipped skill lab's
 * folder is {@code io.skillscope.core.testing.ShippedModels#SKILL_LAB_BASE}.
 */
package io.skillscope.datasets.lab.testing;
