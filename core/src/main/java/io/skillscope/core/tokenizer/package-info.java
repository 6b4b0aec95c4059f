/**
 * Tokenizers: {@link io.skillscope.core.tokenizer.TextTokenizer}, text to ids and back, and {@link
 * io.skillscope.core.tokenizer.HfTokenizer}, a local Hugging Face {@code tokenizer.json} run through
 * DJL's bindings to the Rust {@code tokenizers} library. The skill lab's character tokenizer is saved
 * as a {@code tokenizer.json} too, so one implementation serves every model.
 */
package io.skillscope.core.tokenizer;
