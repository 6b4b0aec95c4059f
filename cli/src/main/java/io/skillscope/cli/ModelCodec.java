package io.skillscope.cli;

import io.skillscope.core.SkillscopeException;
import io.skillscope.core.tokenizer.HfTokenizer;
import io.skillscope.datasets.CharTokenizer;
import io.skillscope.probes.TokenCodec;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How a model folder turns prompts and answers into ids: the skill lab's character tokenizer when the
 * folder's {@code tokenizer.json} is one ({@code [bos] + prompt}, {@code answer + [eos]}), else the folder's
 * Hugging Face tokenizer (its beginning token before prompts when it declares one; it must declare an end
 * token). Close it to free the native tokenizer.
 */
final class ModelCodec implements AutoCloseable {
  private final TokenCodec codec;
  private final HfTokenizer hf; // null for the character tokenizer
  private final String description;

  private ModelCodec(TokenCodec codec, HfTokenizer hf, String description) {
    this.codec = codec;
    this.hf = hf;
    this.description = description;
  }

  /** The codec of a model folder. */
  static ModelCodec of(Path folder) {
    Path json = folder.resolve("tokenizer.json");
    if (!Files.isRegularFile(json)) {
      throw new SkillscopeException("model folder " + folder + " has no tokenizer.json; prompts cannot be encoded");
    }
    CharTokenizer chars;
    try {
      chars = CharTokenizer.load(json);
    } catch (IllegalArgumentException notCharacters) {
      chars = null;
    }
    if (chars != null) {
      return new ModelCodec(TokenCodec.of(chars), null, "character tokenizer (" + chars.vocabSize() + " ids)");
    }
    HfTokenizer tok = HfTokenizer.load(folder);
    try {
      return new ModelCodec(TokenCodec.of(tok, true), tok, "tokenizer.json of " + folder);
    } catch (IllegalArgumentException e) {
      tok.close();
      throw new SkillscopeException(json + ": " + e.getMessage(), e);
    }
  }

  TokenCodec codec() {
    return codec;
  }

  @Override
  public void close() {
    if (hf != null) {
      hf.close();
    }
  }

  @Override
  public String toString() {
    return description;
  }
}
