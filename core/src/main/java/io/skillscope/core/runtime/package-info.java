/**
 * The process-wide runtime settings skillscope applies before PyTorch loads:
 * {@link io.skillscope.core.runtime.ThreadSettings} (OpenMP wait policy, intra- and inter-op threads).
 */
package io.skillscope.core.runtime;
