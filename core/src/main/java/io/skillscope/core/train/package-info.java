/**
 * Training over named parameters: answer-token losses, autograd through DJL's gradient collector,
 * SGD with momentum and AdamW (weight decay skips norms and biases), gradient clipping, accumulation,
 * learning-rate schedules, and an L1 pull towards the starting weights for sparse fine-tuning.
 */
package io.skillscope.core.train;
