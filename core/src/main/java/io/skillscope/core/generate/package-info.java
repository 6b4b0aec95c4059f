/**
 * Batched autoregressive generation with a KV cache: greedy, or temperature with nucleus (top-p)
 * sampling from a seeded stream; hooks fire at the prompt pass and at every new token.
 */
package io.skillscope.core.generate;
