/**
 * The shared test fixtures of every module, shipped as the {@code skillscope-core} test-jar: tiny random
 * models of each family ({@link io.skillscope.core.testing.TinyModels}), the same written as a Hugging
 * Face folder with a tokenizer ({@link io.skillscope.core.testing.TinyModelFolder}), tiny safetensors
 * checkpoints ({@link io.skillscope.core.testing.TinyCheckpoints}), a byte-level BPE trainer that writes a
 * real Hugging Face {@code tokenizer.json} ({@link io.skillscope.core.testing.TinyBpe}) and Qwen2.5- and
 * Llama 3-style folders with it and more embedding rows than tokens
 * ({@link io.skillscope.core.testing.TinyBpeFolder}), random prompts
 * ({@link io.skillscope.core.testing.TinyPrompts}), the shipped models' folders
 * ({@link io.skillscope.core.testing.ShippedModels}) and float comparisons
 * ({@link io.skillscope.core.testing.Diffs}).
 *
 * <p>Every fixture is a pure function of its arguments (shapes and seeds), so a test sees the same model
 * and data on every run. A module's tests use these with
 * {@code <artifactId>skillscope-core</artifactId><type>test-jar</type><scope>test</scope>}. Fixtures that
 * need a module above core live in that module's test-jar: probe datasets in
 * {@code io.skillscope.probes.testing}, skill-lab recipes in {@code io.skillscope.lab.testing}.
 */
package io.skillscope.core.testing;
