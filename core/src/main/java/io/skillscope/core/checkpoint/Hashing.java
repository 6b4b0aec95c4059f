package io.skillscope.core.checkpoint;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 digests for provenance: of a file's bytes, and of a set of tensors' content independent of
 * how they are laid out in files.
 */
public final class Hashing {

  private Hashing() {}

  /**
   * The SHA-256 of a file's bytes, streamed; equals {@code sha256sum FILE}.
   *
   * @param file the file
   * @return 64 lowercase hex digits
   * @throws CheckpointException if the file cannot be read
   */
  public static String sha256(Path file) {
    MessageDigest md = newDigest();
    byte[] buf = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
    } catch (NoSuchFileException e) {
      throw new CheckpointException(file + ": no such file", e);
    } catch (IOException e) {
      throw new CheckpointException(file + ": cannot read for hashing (" + e + ")", e);
    }
    return HexFormat.of().formatHex(md.digest());
  }

  /**
   * A content hash of every tensor in a source, independent of file layout, sharding, header padding
   * and metadata: for each name in sorted order, the digest takes the UTF-8 name and a 0 byte, the
   * dtype's safetensors name and a 0 byte, the rank and each dimension as little-endian int64, then the
   * stored little-endian bytes. Two checkpoints hash equal iff they hold the same tensors bit for bit.
   *
   * @param source the tensors
   * @return 64 lowercase hex digits
   */
  public static String sha256(TensorSource source) {
    MessageDigest md = newDigest();
    for (String name : source.names()) {
      TensorInfo info = source.info(name);
      md.update(name.getBytes(StandardCharsets.UTF_8));
      md.update((byte) 0);
      md.update(info.dtype().safetensorsName().getBytes(StandardCharsets.US_ASCII));
      md.update((byte) 0);
      long[] shape = info.shape();
      ByteBuffer dims = ByteBuffer.allocate(8 * (shape.length + 1)).order(ByteOrder.LITTLE_ENDIAN);
      dims.putLong(shape.length);
      for (long d : shape) {
        dims.putLong(d);
      }
      md.update(dims.array());
      source.streamBytes(name, md::update);
    }
    return HexFormat.of().formatHex(md.digest());
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }
}
