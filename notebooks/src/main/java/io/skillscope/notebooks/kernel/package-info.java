/**
 * The launcher of the notebooks' Jupyter kernel: starts the rapaio Java kernel and repairs its
 * start-up race (see {@link io.skillscope.notebooks.kernel.KernelLauncher}). Packaged alone as
 * {@code target/kernel/skillscope-kernel-launcher.jar}; it uses the kernel only through reflection, so it
 * compiles and loads without it.
 */
package io.skillscope.notebooks.kernel;
