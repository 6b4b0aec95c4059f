package io.skillscope.spark;

import org.apache.spark.Partitioner;

/**
 * Sends row {@code i} (a {@code Long} key, the row's ordinal in its file) to the partition of its batch
 * {@code b = i / batchSize}, giving each of {@code partitions} partitions a contiguous run of whole
 * batches: {@code partition = b · partitions / batches}. Every forward pass therefore holds exactly the
 * rows of the single-machine pass with the same batch size, so activations, and with them counts,
 * minima, maxima and histograms, are the same bits whatever the partitioning.
 */
final class BatchPartitioner extends Partitioner {
    private static final long serialVersionUID = 1L;
    private final int partitions;
    private final long batches;
    private final int batchSize;

    BatchPartitioner(int partitions, long rows, int batchSize) {
        if (partitions < 1 || batchSize < 1) {
            throw new IllegalArgumentException("partitions and batch size must be >= 1");
        }
        this.partitions = partitions;
        this.batchSize = batchSize;
        this.batches = Math.max(1, (rows + batchSize - 1) / batchSize);
    }

    @Override
    public int numPartitions() {
        return partitions;
    }

    @Override
    public int getPartition(Object key) {
        long b = ((Long) key) / batchSize;
        return (int) Math.min(partitions - 1, b * partitions / batches);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BatchPartitioner p
                && p.partitions == partitions
                && p.batches == batches
                && p.batchSize == batchSize;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * partitions + Long.hashCode(batches)) + batchSize;
    }
}
