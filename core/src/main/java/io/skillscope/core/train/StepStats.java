package io.skillscope.core.train;

/**
 * What one optimizer step did.
 *
 * @param step 1-based step number
 * @param loss mean loss over the step's micro-batches
 * @param gradNorm global gradient norm before clipping
 * @param learningRate the rate used
 */
public record StepStats(int step, double loss, double gradNorm, double learningRate) {}
