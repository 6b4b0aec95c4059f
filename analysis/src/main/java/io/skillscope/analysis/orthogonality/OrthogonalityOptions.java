package io.skillscope.analysis.orthogonality;

/**
 * Settings of an orthogonality comparison.
 *
 * @param rank        r, the number of top singular directions compared by principal angles (default 8)
 * @param topFraction f, the share of largest-|value| entries in each support (default 0.01 = 1%)
 * @param seed        seed of the random-direction baseline (default 42)
 * @param maxSvdDim   principal angles are skipped for matrices whose smaller side exceeds this, since
 *                    the dense SVD costs O(m n min(m, n)) (default 2048; 0 disables angles)
 */
public record OrthogonalityOptions(int rank, double topFraction, long seed, int maxSvdDim) {
    /** Validates every setting. */
    public OrthogonalityOptions {
        if (rank < 1) {
            throw new IllegalArgumentException("rank must be >= 1, got " + rank);
        }
        if (!(topFraction > 0 && topFraction <= 1)) {
            throw new IllegalArgumentException("topFraction must be in (0, 1], got " + topFraction);
        }
        if (maxSvdDim < 0) {
            throw new IllegalArgumentException("maxSvdDim must be >= 0, got " + maxSvdDim);
        }
    }

    /** rank 8, top 1%, seed 42, SVD up to 2048. */
    public static OrthogonalityOptions defaults() {
        return new OrthogonalityOptions(8, 0.01, 42, 2048);
    }

    /** A copy with another rank. */
    public OrthogonalityOptions withRank(int r) {
        return new OrthogonalityOptions(r, topFraction, seed, maxSvdDim);
    }

    /** A copy with another top fraction. */
    public OrthogonalityOptions withTopFraction(double f) {
        return new OrthogonalityOptions(rank, f, seed, maxSvdDim);
    }

    /** A copy with another seed. */
    public OrthogonalityOptions withSeed(long s) {
        return new OrthogonalityOptions(rank, topFraction, s, maxSvdDim);
    }

    /** A copy with another SVD size limit. */
    public OrthogonalityOptions withMaxSvdDim(int d) {
        return new OrthogonalityOptions(rank, topFraction, seed, d);
    }
}
