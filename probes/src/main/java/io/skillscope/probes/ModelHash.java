package io.skillscope.probes;

import io.skillscope.core.checkpoint.HostTensor;
import io.skillscope.core.model.Transformer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A content hash of a model's current weights, in the layout of
 * {@link io.skillscope.core.checkpoint.Hashing#sha256(io.skillscope.core.checkpoint.TensorSource)}
 * (sorted names, dtype {@code F32}, rank and dimensions, little-endian bytes). It hashes what the model
 * holds now, so weights edited in place after loading are reflected, unlike a hash of the folder.
 */
public final class ModelHash {
    private ModelHash() {}

    /** SHA-256 of the model's parameters, 64 hex digits. */
    public static String of(Transformer model) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        List<String> names = new ArrayList<>(model.parameters().names());
        names.sort(null);
        for (String name : names) {
            HostTensor t = model.parameters().read(name);
            md.update(name.getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            md.update("F32".getBytes(StandardCharsets.US_ASCII));
            md.update((byte) 0);
            long[] shape = t.shape();
            ByteBuffer dims = ByteBuffer.allocate(8 * (shape.length + 1)).order(ByteOrder.LITTLE_ENDIAN);
            dims.putLong(shape.length);
            for (long d : shape) {
                dims.putLong(d);
            }
            md.update(dims.array());
            md.update(t.littleEndianBytes());
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
