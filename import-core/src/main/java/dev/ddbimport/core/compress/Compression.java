package dev.ddbimport.core.compress;

import java.io.InputStream;

/**
 * How an object's bytes are compressed; the names equal ImportTable's {@code InputCompressionType}.
 * Owns turning a raw object stream into its uncompressed bytes.
 */
public enum Compression {
    NONE,
    GZIP,
    ZSTD;

    /** How many leading bytes {@link #sniff} looks at. */
    public static final int SNIFF_BYTES = 4;

    /**
     * Wraps {@code raw} so that reading gives the uncompressed bytes. Nothing is read until the first
     * read call; closing the result closes {@code raw}.
     *
     * <p>Read calls throw {@link DecompressionException} when the bytes are corrupt, truncated, not in
     * this compression, or decompress to more than {@code maxUncompressedBytes}. Any other {@link
     * java.io.IOException} comes from {@code raw} itself and is passed through unchanged. A
     * zero-length object is valid for every compression and yields nothing.
     */
    public InputStream decompress(InputStream raw, long maxUncompressedBytes) {
        if (raw == null) {
            throw new NullPointerException("raw stream is null");
        }
        if (maxUncompressedBytes < 0) {
            throw new IllegalArgumentException("maxUncompressedBytes must be >= 0, got " + maxUncompressedBytes);
        }
        return new DecompressingInputStream(this, raw, maxUncompressedBytes);
    }

    /**
     * The compression the first bytes of an object look like, from the GZIP and ZSTD magic numbers
     * (ZSTD skippable frames count as ZSTD); {@link #NONE} when they match neither.
     *
     * @param head the object's first bytes
     * @param len how many bytes of {@code head} are valid (fewer than {@link #SNIFF_BYTES} is fine)
     */
    public static Compression sniff(byte[] head, int len) {
        if (len >= 2 && (head[0] & 0xFF) == 0x1F && (head[1] & 0xFF) == 0x8B) {
            return GZIP;
        }
        if (len >= 4
                && (head[0] & 0xFF) == 0x28
                && (head[1] & 0xFF) == 0xB5
                && (head[2] & 0xFF) == 0x2F
                && (head[3] & 0xFF) == 0xFD) {
            return ZSTD;
        }
        // skippable frame: magic 0x184D2A50..0x184D2A5F, little-endian
        if (len >= 4
                && (head[0] & 0xF0) == 0x50
                && (head[1] & 0xFF) == 0x2A
                && (head[2] & 0xFF) == 0x4D
                && (head[3] & 0xFF) == 0x18) {
            return ZSTD;
        }
        return NONE;
    }
}
