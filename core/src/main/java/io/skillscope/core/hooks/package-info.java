/**
 * Hook points with TransformerLens names, typed in Java ({@link io.skillscope.core.hooks.HookSite} plus a
 * layer), and scoped sessions that read or replace activations.
 *
 * <p>Nothing is captured unless a session names it; a session's hooks disappear when it closes, also
 * when the body throws. Readers may stream statistics without keeping tensors; caches copy to the host.
 */
package io.skillscope.core.hooks;
