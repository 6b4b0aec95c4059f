/**
 * Skill-lab test fixtures, shipped as the {@code skillscope-lab} test-jar: tiny recipes that train in
 * seconds and their JSON files ({@link io.skillscope.lab.testing.TinyRecipes}). They live here,
 * not in {@code io.skillscope.core.testing}, because recipes are a lab type; the shipped skill lab's
 * folder is {@code io.skillscope.core.testing.ShippedModels#SKILL_LAB_BASE}.
 */
package io.skillscope.lab.testing;
