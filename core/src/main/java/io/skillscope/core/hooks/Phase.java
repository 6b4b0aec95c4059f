package io.skillscope.core.hooks;

/** Which kind of forward pass a hook fires in. */
public enum Phase {
    /** A plain forward over whole sequences (logits, loss, training). */
    FORWARD,
    /** The prompt pass of generation, which fills the KV cache. */
    PREFILL,
    /** One new token of generation, attending to the KV cache. */
    DECODE
}
