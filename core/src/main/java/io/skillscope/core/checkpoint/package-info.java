/**
 * Tensors on disk: a validating, lazy safetensors reader ({@link
 * io.skillscope.core.checkpoint.TensorSource#open}, single files and sharded Hugging Face folders), an
 * atomic writer ({@link io.skillscope.core.checkpoint.SafetensorsWriter}), NumPy {@code .npy} files,
 * content hashes for provenance, and {@link io.skillscope.core.checkpoint.HostTensor}, the plain host
 * tensor the library passes around.
 *
 * <p>Why our own reader: DJL's safetensors decoder reads whole files onto the heap, stops at 2 GiB and
 * aborts the JVM on BF16. Here half-precision tensors are widened to float32 in Java ({@link
 * io.skillscope.core.checkpoint.HalfFloats}) and never reach the native engine as such. Pickled
 * checkpoints are refused because unpickling runs arbitrary code. Mapping checkpoint names to model
 * parameters is the model adapters' job, not this package's.
 */
package io.skillscope.core.checkpoint;
