/**
 * Hook points with TransformerLens names, typed in Java ({@link io.skillscope.core.hooks.HookSite} plus a
 * layer), and scoped sessions that read or replace activations.
 *
 * <p>Nothing is captured unless a session names it; a session's hooks disappear when it closes, also
 * when the body throws. Readers may stream statistics without keeping tensors; caches copy to the host.
 * A {@link io.skillscope.core.hooks.HookFilter} selects hook points ({@code blocks.*.mlp.hook_pre},
 * {@code blocks.{0,3}.mlp.hook_post}, {@code re:<regex>}) and resolves them against a model's shape.
 */
package io.skillscope.core.hooks;
