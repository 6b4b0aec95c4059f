/**
 * Test fixtures that need probe datasets, shipped as the {@code skillscope-probes} test-jar: random
 * token rows as {@link io.skillscope.probes.ProbeDataset}s ({@link io.skillscope.probes.testing.TinyProbeData}).
 * Models and everything else that needs only core are in {@code io.skillscope.core.testing}.
 */
package io.skillscope.probes.testing;
