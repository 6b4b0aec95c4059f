/**
 * Tokenizers: {@link io.skillscope.core.tokenizer.TextTokenizer}, text to ids and back, and {@link
 * io.skillscope.core.tokenizer.HfTokenizer}, a local Hugging Face {@code tokenizer.json} run through
 * DJL's bindings to the Rust {@code tokenizers} library. The skill lab's character tokenizer is saved
 * as a {@code tokenizer.json} too, so one implementation serves every model. {@link
 * io.skillscope.core.tokenizer.SpecialTokens} resolves a model folder's BOS, stop ids and padding once
 * (generation_config.json, config.json, the tokenizer's post-processor and special tokens), checks them
 * against the model's embedding and restricts generation to ids the tokenizer can decode.
 */
package io.skillscope.core.tokenizer;
