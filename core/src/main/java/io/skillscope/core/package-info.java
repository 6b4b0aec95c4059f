/**
 * The skillscope runtime: Hugging Face checkpoints in, a hookable transformer written in DJL NDArray
 * operations out, with generation and training.
 *
 * <p>Sub-packages: {@code checkpoint} (safetensors, host tensors, npy, hashes), {@code config} (typed
 * model configs), {@code tokenizer} (Hugging Face tokenizers), {@code model} (the
 * transformer and its architecture adapters), {@code hooks} (TransformerLens-named hook points),
 * {@code generate} (greedy and sampled decoding with a KV cache), {@code train} (autograd, optimizers,
 * schedules), {@code memory} (memory estimates), {@code runtime} (PyTorch thread settings).
 */
package io.skillscope.core;
