package dev.ddbimport.core.compress;

import java.io.IOException;

/**
 * Thrown by this package's own decoders; {@link DecompressingInputStream} turns it into a {@link
 * DecompressionException} that also knows the uncompressed offset.
 */
final class CorruptDataException extends IOException {

    private static final long serialVersionUID = 1L;

    private final boolean truncated;
    private final long compressedOffset;

    CorruptDataException(String detail, boolean truncated, long compressedOffset, Throwable cause) {
        super(detail, cause);
        this.truncated = truncated;
        this.compressedOffset = compressedOffset;
    }

    boolean truncated() {
        return truncated;
    }

    long compressedOffset() {
        return compressedOffset;
    }
}
