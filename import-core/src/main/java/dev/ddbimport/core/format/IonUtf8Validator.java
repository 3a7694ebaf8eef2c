package dev.ddbimport.core.format;

/**
 * Strict UTF-8 check for Ion text records. The Ion text reader does not report bad UTF-8 as such
 * (it fails later with a misleading "unexpected EOF"), so records are checked before parsing, by
 * the same {@link Utf8Validator} the other formats use.
 */
final class IonUtf8Validator {
    private IonUtf8Validator() {}

    /** Offset of the first byte that starts an invalid sequence, or -1 when all of it is valid. */
    static int firstInvalidOffset(byte[] bytes) {
        return Utf8Validator.firstInvalid(bytes, 0, bytes.length);
    }
}
