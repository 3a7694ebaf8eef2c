package dev.ddbimport.core.format;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Finds the first byte that breaks well-formed UTF-8 (Unicode 3.9, table 3-7): no overlong forms,
 * no surrogates, nothing above U+10FFFF, no truncated sequences. Hand-written because the JDK's
 * {@code new String(bytes, UTF_8)} silently replaces bad input and a reporting {@code
 * CharsetDecoder} costs a decode pass plus buffers per record. Used by the CSV parser on records
 * and by the DynamoDB JSON fast path on the strings it keeps as bytes.
 *
 * <p>Text is mostly ASCII with scattered accented letters and CJK words, so ASCII runs are skipped
 * eight bytes at a time (up to the first non-ASCII byte of the word, not just whole clean words)
 * and two- and three-byte sequences, which is all such text holds, are checked before the rarer
 * cases.
 */
final class Utf8Validator {
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private Utf8Validator() {}

    /** 0-based index of the first byte of the first ill-formed sequence in [from, to), or -1. */
    static int firstInvalid(byte[] b, int from, int to) {
        int i = from;
        while (i < to) {
            // ASCII bytes eight at a time, jumping straight to the first non-ASCII one
            while (i + 8 <= to) {
                long high = (long) LONGS.get(b, i) & HIGH_BITS;
                if (high != 0) {
                    i += Long.numberOfTrailingZeros(high) >>> 3;
                    break;
                }
                i += 8;
            }
            if (i >= to) {
                break;
            }
            int c = b[i];
            if (c >= 0) {
                i++;
                continue;
            }
            c &= 0xFF;
            if (c < 0xE0) {
                // two bytes: C2..DF then a continuation (C0, C1 would be overlong; 80..BF stray)
                if (c < 0xC2 || i + 1 >= to || (b[i + 1] & 0xC0) != 0x80) {
                    return i;
                }
                i += 2;
            } else if (c < 0xF0) {
                if (i + 2 >= to) {
                    return i;
                }
                int second = b[i + 1] & 0xFF;
                // E0 needs A0..BF (else overlong), ED needs 80..9F (else a surrogate)
                int lo = c == 0xE0 ? 0xA0 : 0x80;
                int hi = c == 0xED ? 0x9F : 0xBF;
                if (second < lo || second > hi || (b[i + 2] & 0xC0) != 0x80) {
                    return i;
                }
                i += 3;
            } else {
                if (c > 0xF4 || i + 3 >= to) {
                    return i;
                }
                int second = b[i + 1] & 0xFF;
                // F0 needs 90..BF (else overlong), F4 needs 80..8F (else above U+10FFFF)
                int lo = c == 0xF0 ? 0x90 : 0x80;
                int hi = c == 0xF4 ? 0x8F : 0xBF;
                if (second < lo || second > hi || (b[i + 2] & 0xC0) != 0x80 || (b[i + 3] & 0xC0) != 0x80) {
                    return i;
                }
                i += 4;
            }
        }
        return -1;
    }
}
