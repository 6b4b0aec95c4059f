package io.skillscope.analysis.orthogonality;

import java.util.Arrays;
import java.util.Locale;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;

/**
 * Principal angles between two subspaces: θ_i = arccos σ_i(U₁ᵀU₂) for orthonormal bases U₁, U₂,
 * ascending (Björck &amp; Golub, 1973). 0 means a shared direction, 90° an orthogonal one.
 *
 * <p>For weight updates (docs/methods.md §3) the subspaces are the top-r left singular subspaces (column
 * spaces) of the two matrices, from commons-math3's SVD; pass transposes for the row spaces. The SVD
 * is dense O(m n min(m, n)), fine for the skill lab and for matrices up to a few thousand wide.
 *
 * @param radians the angles in radians, ascending, each in [0, π/2]; empty when not computed
 */
public record PrincipalAngles(double[] radians) {
    private static final PrincipalAngles NONE = new PrincipalAngles(new double[0]);

    /** Validates the angles' range and copies them. */
    public PrincipalAngles {
        radians = radians.clone();
        for (double r : radians) {
            if (!(r >= 0 && r <= Math.PI / 2 + 1e-12)) {
                throw new IllegalArgumentException("principal angle must be in [0, π/2], got " + r);
            }
        }
    }

    /** No angles (a vector, a zero update, or a matrix too large for the configured SVD limit). */
    public static PrincipalAngles none() {
        return NONE;
    }

    /**
     * Angles between the top-r left singular subspaces of two matrices with the same number of rows.
     * r is capped by each matrix's numerical rank (singular values ≤ 1e-12 σ_max are dropped) and the
     * result has min(r_A, r_B) angles; empty if either matrix is zero.
     */
    public static PrincipalAngles ofTopSingular(double[][] a, double[][] b, int r) {
        if (r < 1) {
            throw new IllegalArgumentException("rank r must be >= 1, got " + r);
        }
        if (a.length != b.length) {
            throw new IllegalArgumentException("matrices differ in row count: " + a.length + " vs " + b.length);
        }
        RealMatrix ua = topLeftSingular(new Array2DRowRealMatrix(a, false), r);
        RealMatrix ub = topLeftSingular(new Array2DRowRealMatrix(b, false), r);
        if (ua == null || ub == null) {
            return NONE;
        }
        return ofOrthonormal(ua, ub);
    }

    /** Angles between the top-r left singular subspaces of two matrix updates. */
    public static PrincipalAngles ofTopSingular(ShapedArray a, ShapedArray b, int r) {
        return ofTopSingular(a.toMatrix(), b.toMatrix(), r);
    }

    /**
     * Angles between the column spans of two bases (any full-column-rank matrices with equal row
     * counts; they are orthonormalised by QR first).
     */
    public static PrincipalAngles ofSpans(double[][] basisA, double[][] basisB) {
        if (basisA.length != basisB.length) {
            throw new IllegalArgumentException("bases differ in dimension: " + basisA.length + " vs " + basisB.length);
        }
        return ofOrthonormal(
                orthonormal(new Array2DRowRealMatrix(basisA)), orthonormal(new Array2DRowRealMatrix(basisB)));
    }

    private static RealMatrix orthonormal(RealMatrix m) {
        return new QRDecomposition(m).getQ().getSubMatrix(0, m.getRowDimension() - 1, 0, m.getColumnDimension() - 1);
    }

    private static PrincipalAngles ofOrthonormal(RealMatrix ua, RealMatrix ub) {
        double[] s = new SingularValueDecomposition(ua.transpose().multiply(ub)).getSingularValues();
        int k = Math.min(ua.getColumnDimension(), ub.getColumnDimension());
        double[] angles = new double[k];
        for (int i = 0; i < k; i++) {
            double c = i < s.length ? Math.max(0, Math.min(1, s[i])) : 0;
            angles[i] = Math.acos(c);
        }
        Arrays.sort(angles);
        return new PrincipalAngles(angles);
    }

    private static RealMatrix topLeftSingular(RealMatrix m, int r) {
        SingularValueDecomposition svd = new SingularValueDecomposition(m);
        double[] s = svd.getSingularValues();
        if (s.length == 0 || s[0] == 0) {
            return null;
        }
        int keep = 0;
        while (keep < Math.min(r, s.length) && s[keep] > 1e-12 * s[0]) {
            keep++;
        }
        return svd.getU().getSubMatrix(0, m.getRowDimension() - 1, 0, keep - 1);
    }

    /** Number of angles. */
    public int count() {
        return radians.length;
    }

    /** Whether no angles were computed. */
    public boolean isEmpty() {
        return radians.length == 0;
    }

    /** A copy of the angles in radians, ascending. */
    @Override
    public double[] radians() {
        return radians.clone();
    }

    /** The angles in degrees, ascending. */
    public double[] degrees() {
        double[] d = new double[radians.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = Math.toDegrees(radians[i]);
        }
        return d;
    }

    /** Mean angle in degrees; NaN when empty. */
    public double meanDegrees() {
        return radians.length == 0
                ? Double.NaN
                : Math.toDegrees(Arrays.stream(radians).average().orElseThrow());
    }

    /** Smallest angle in degrees (the most shared direction); NaN when empty. */
    public double minDegrees() {
        return radians.length == 0 ? Double.NaN : Math.toDegrees(radians[0]);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PrincipalAngles p && Arrays.equals(p.radians, radians);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(radians);
    }

    /** {@code PrincipalAngles[r=2: 0.0°, 45.0°]} (first 8 angles). */
    @Override
    public String toString() {
        if (radians.length == 0) {
            return "PrincipalAngles[none]";
        }
        StringBuilder s =
                new StringBuilder("PrincipalAngles[r=").append(radians.length).append(":");
        double[] d = degrees();
        for (int i = 0; i < Math.min(8, d.length); i++) {
            s.append(i == 0 ? " " : ", ").append(String.format(Locale.ROOT, "%.1f°", d[i]));
        }
        return s.append(d.length > 8 ? ", ...]" : "]").toString();
    }
}
