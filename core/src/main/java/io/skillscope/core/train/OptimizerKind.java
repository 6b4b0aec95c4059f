package io.skillscope.core.train;

/** The optimizers the trainer offers. */
public enum OptimizerKind {
    /** SGD with momentum; weight decay added to the gradient (skipping norms and biases). */
    SGD,
    /** AdamW (Loshchilov and Hutter, 2019): decoupled weight decay, skipping norms and biases. */
    ADAMW
}
