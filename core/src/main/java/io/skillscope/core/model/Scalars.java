package io.skillscope.core.model;

import ai.djl.ndarray.NDArray;

/**
 * Scalar operands for arithmetic inside an autograd pass.
 *
 * <p>DJL's {@code mul(Number)}, {@code div(Number)} and {@code pow(Number)} wrap the number in a 0-d
 * array whose memory is a Java direct buffer handed to PyTorch without a copy, and close that array as
 * soon as the op returns. PyTorch's autograd keeps the operand for the backward pass ({@code MulBackward}
 * needs the factor, {@code DivBackward} the divisor, {@code PowBackward} the exponent), so a garbage
 * collection between the forward and the backward pass freed memory the backward pass then read: the
 * same seeded fine-tune ended in different bytes from run to run, and now and then in a NaN loss.
 * {@link #of} makes the scalar in memory PyTorch allocated and owns, with the same data type DJL would
 * have used (so results are bit-identical to the plain {@code mul(Number)} whenever that one was not
 * corrupted), in the manager of the array it will combine with.
 */
public final class Scalars {
    private Scalars() {}

    /**
     * A 0-d array holding {@code value} ({@code double} → float64, {@code float} → float32, as DJL's
     * {@code create(Number)}), owned by PyTorch and by {@code like}'s manager.
     *
     * @param like the array the scalar will be combined with
     * @param value the number
     * @return the scalar array; closing it (or its manager) while autograd still needs it is safe
     */
    public static NDArray of(NDArray like, Number value) {
        try (NDArray staged = like.getManager().create(value)) {
            return staged.duplicate();
        }
    }
}
