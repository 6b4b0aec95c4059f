/**
 * Memory planning: {@link io.skillscope.core.memory.MemoryEstimate} says from a model's config how much
 * memory a command will need (float32 weights, activations of its batch, logits, KV cache, heap-resident
 * state), and {@link io.skillscope.core.memory.MemoryBudget} refuses a command that cannot fit before it
 * allocates, with {@link io.skillscope.core.memory.InsufficientMemoryException} naming the estimate.
 */
package io.skillscope.core.memory;
