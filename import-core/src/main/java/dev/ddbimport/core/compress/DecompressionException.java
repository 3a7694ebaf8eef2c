package dev.ddbimport.core.compress;

import dev.ddbimport.core.error.ErrorCode;
import java.io.IOException;

/**
 * An object's bytes cannot be decompressed any further: corrupt, truncated, not in the declared
 * compression, or bigger than the uncompressed size limit. Nothing more can be read from that object;
 * retrying will not help.
 */
public final class DecompressionException extends IOException {

    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Kind {
        /** The bytes are not valid for the declared compression. */
        CORRUPT,
        /** The object ends in the middle of compressed data. */
        TRUNCATED,
        /** The object's first bytes show another compression than the declared one. */
        MISMATCH,
        /** The object decompresses to more than the per-object uncompressed size limit. */
        LIMIT_EXCEEDED
    }

    private final Compression compression;
    private final Kind kind;
    private final long compressedOffset;
    private final long uncompressedOffset;

    private DecompressionException(
            Compression compression,
            Kind kind,
            long compressedOffset,
            long uncompressedOffset,
            String message,
            Throwable cause) {
        super(message, cause);
        this.compression = compression;
        this.kind = kind;
        this.compressedOffset = compressedOffset;
        this.uncompressedOffset = uncompressedOffset;
    }

    static DecompressionException corrupt(
            Compression compression, String detail, long compressedOffset, long uncompressedOffset, Throwable cause) {
        return new DecompressionException(
                compression,
                Kind.CORRUPT,
                compressedOffset,
                uncompressedOffset,
                compression + " data is corrupt (" + detail + ")" + at(compressedOffset, uncompressedOffset)
                        + "; nothing after this point can be read: check that the object is a valid "
                        + compression + " file and that InputCompressionType is right",
                cause);
    }

    static DecompressionException truncated(
            Compression compression, String detail, long compressedOffset, long uncompressedOffset, Throwable cause) {
        return new DecompressionException(
                compression,
                Kind.TRUNCATED,
                compressedOffset,
                uncompressedOffset,
                compression + " data is truncated (" + detail + ")" + at(compressedOffset, uncompressedOffset)
                        + "; the object was probably cut short: upload it again",
                cause);
    }

    static DecompressionException mismatch(Compression declared, Compression actual, byte[] head, int len) {
        String looks = actual == Compression.NONE ? "which is neither GZIP nor ZSTD" : "which is " + actual;
        String what = declared == Compression.NONE
                ? "Object is declared uncompressed (NONE) but starts with " + hex(head, len) + ", " + looks
                : "Object is not " + declared + "-compressed (starts with " + hex(head, len) + ", " + looks + ")";
        String fix = actual == Compression.NONE
                ? "set InputCompressionType to NONE if the object is not compressed"
                : "set InputCompressionType to " + actual;
        return new DecompressionException(declared, Kind.MISMATCH, 0, 0, what + at(0, 0) + "; " + fix, null);
    }

    static DecompressionException limitExceeded(
            Compression compression, long limit, long compressedOffset, long uncompressedOffset) {
        return new DecompressionException(
                compression,
                Kind.LIMIT_EXCEEDED,
                compressedOffset,
                uncompressedOffset,
                "Object is larger than the " + limit + "-byte uncompressed size limit (" + compression + ")"
                        + at(compressedOffset, uncompressedOffset)
                        + "; raise the uncompressed size limit if the object is legitimate",
                null);
    }

    private static String at(long compressedOffset, long uncompressedOffset) {
        return " at compressed byte offset " + compressedOffset + ", uncompressed byte offset " + uncompressedOffset;
    }

    private static String hex(byte[] head, int len) {
        StringBuilder sb = new StringBuilder(2 + 2 * len).append("0x");
        for (int i = 0; i < len; i++) {
            sb.append(Character.toUpperCase(Character.forDigit((head[i] >> 4) & 0xF, 16)))
                    .append(Character.toUpperCase(Character.forDigit(head[i] & 0xF, 16)));
        }
        return sb.toString();
    }

    /** The declared compression of the object. */
    public Compression compression() {
        return compression;
    }

    public Kind kind() {
        return kind;
    }

    /** True when the object was readable but bigger than the uncompressed size limit. */
    public boolean limitExceeded() {
        return kind == Kind.LIMIT_EXCEEDED;
    }

    /** Bytes of the (compressed) object consumed when the problem was found. */
    public long compressedOffset() {
        return compressedOffset;
    }

    /** Uncompressed bytes handed out before the problem was found. */
    public long uncompressedOffset() {
        return uncompressedOffset;
    }

    /** The stable error code for this failure. */
    public ErrorCode errorCode() {
        return switch (kind) {
            case CORRUPT, TRUNCATED -> ErrorCode.DECOMPRESSION_FAILED;
            case MISMATCH -> ErrorCode.COMPRESSION_MISMATCH;
            case LIMIT_EXCEEDED -> ErrorCode.UNCOMPRESSED_LIMIT_EXCEEDED;
        };
    }
}
