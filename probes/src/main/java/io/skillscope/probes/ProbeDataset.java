package io.skillscope.probes;

import io.skillscope.datasets.Example;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Token rows for a probe, each with the length of its prompt so that {@link PositionMode} can pick the
 * last prompt token or the answer tokens. Carries a content hash for provenance.
 *
 * @param name a label (a skill name or a file name)
 * @param rows the rows
 * @param sha256 SHA-256 over every row's prompt length, length and ids (little-endian int32)
 */
public record ProbeDataset(String name, List<Row> rows, String sha256) {

    /**
     * One tokenized sequence.
     *
     * @param tokens prompt ids followed by answer ids (if any)
     * @param promptLength how many leading ids are prompt, in {@code [1, tokens.length]}
     */
    public record Row(int[] tokens, int promptLength) {
        public Row {
            if (tokens.length == 0) {
                throw new IllegalArgumentException("empty row");
            }
            if (promptLength < 1 || promptLength > tokens.length) {
                throw new IllegalArgumentException(
                        "prompt length " + promptLength + " outside [1, " + tokens.length + "]");
            }
            tokens = tokens.clone();
        }

        @Override
        public int[] tokens() {
            return tokens.clone();
        }

        /** Length in tokens. */
        public int length() {
            return tokens.length;
        }
    }

    public ProbeDataset {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("dataset name must not be blank");
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("dataset '" + name + "' has no rows");
        }
        rows = List.copyOf(rows);
    }

    /** A dataset from rows; the hash is computed. */
    public static ProbeDataset of(String name, List<Row> rows) {
        return new ProbeDataset(name, rows, hash(rows));
    }

    /**
     * Examples tokenized for a probe: {@code promptIds(prompt)}, followed by {@code answerIds(answer)}
     * when {@code withAnswers} is set.
     */
    public static ProbeDataset fromExamples(
            String name, List<Example> examples, TokenCodec codec, boolean withAnswers) {
        List<Row> rows = new ArrayList<>(examples.size());
        for (Example e : examples) {
            int[] p = codec.promptIds(e.prompt());
            if (!withAnswers) {
                rows.add(new Row(p, p.length));
                continue;
            }
            int[] a = codec.answerIds(e.answer());
            int[] t = new int[p.length + a.length];
            System.arraycopy(p, 0, t, 0, p.length);
            System.arraycopy(a, 0, t, p.length, a.length);
            rows.add(new Row(t, p.length));
        }
        return of(name, rows);
    }

    /** Rows {@code from} (inclusive) to {@code to} (exclusive), as their own dataset (a shard). */
    public ProbeDataset slice(int from, int to) {
        return of(name + "[" + from + ":" + to + "]", rows.subList(from, to));
    }

    /** Number of rows. */
    public int size() {
        return rows.size();
    }

    /** Total number of tokens. */
    public long tokens() {
        long n = 0;
        for (Row r : rows) {
            n += r.length();
        }
        return n;
    }

    static String sha256Of(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hash(List<Row> rows) {
        Digest d = new Digest();
        rows.forEach(d::add);
        return d.hex();
    }

    /**
     * The dataset hash ({@link #sha256()}) computed row by row, for callers that stream rows they never hold
     * at once (a distributed probe hashes its corpus this way while the rows are probed elsewhere).
     */
    public static final class Digest {
        private final MessageDigest md;
        private long rows;

        /** An empty digest. */
        public Digest() {
            try {
                md = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            md.update("skillscope.ProbeDataset.v1".getBytes(StandardCharsets.US_ASCII));
        }

        /** Adds the next row: its prompt length, length and ids (little-endian int32). */
        public Digest add(Row r) {
            ByteBuffer b = ByteBuffer.allocate(8 + 4 * r.tokens.length).order(ByteOrder.LITTLE_ENDIAN);
            b.putInt(r.promptLength).putInt(r.tokens.length);
            for (int id : r.tokens) {
                b.putInt(id);
            }
            md.update(b.array());
            rows++;
            return this;
        }

        /** Rows added so far. */
        public long rows() {
            return rows;
        }

        /** The hex SHA-256 of the rows added; the digest cannot be used afterwards. */
        public String hex() {
            return HexFormat.of().formatHex(md.digest());
        }
    }

    @Override
    public String toString() {
        return "ProbeDataset[" + name + ", " + rows.size() + " rows, " + tokens() + " tokens, sha256 "
                + sha256.substring(0, 12) + "]";
    }
}
