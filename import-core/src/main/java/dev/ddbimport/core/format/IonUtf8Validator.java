package dev.ddbimport.core.format;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Strict UTF-8 check for Ion text records. The Ion text reader does not report bad UTF-8 as such
 * (it fails later with a misleading "unexpected EOF"), so records are checked before parsing. The
 * all-ASCII case, by far the most common, is skipped eight bytes at a time.
 */
final class IonUtf8Validator {
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private IonUtf8Validator() {}

    /** Offset of the first byte that starts an invalid sequence, or -1 when all of it is valid. */
    static int firstInvalidOffset(byte[] bytes) {
        int n = bytes.length;
        int i = 0;
        while (i < n) {
            // ASCII runs eight bytes at a time
            while (i + 8 <= n && ((long) LONGS.get(bytes, i) & HIGH_BITS) == 0) {
                i += 8;
            }
            if (i >= n) {
                break;
            }
            int b = bytes[i];
            if (b >= 0) {
                i++;
                continue;
            }
            b &= 0xFF;
            if (b < 0xC2) {
                // a stray continuation byte, or a lead byte of an overlong two-byte form
                return i;
            }
            if (b < 0xE0) {
                if (i + 1 >= n || !isContinuation(bytes[i + 1])) {
                    return i;
                }
                i += 2;
            } else if (b < 0xF0) {
                if (i + 2 >= n || !isContinuation(bytes[i + 1]) || !isContinuation(bytes[i + 2])) {
                    return i;
                }
                int b1 = bytes[i + 1] & 0xFF;
                // overlong forms below U+0800, and UTF-16 surrogates U+D800..U+DFFF
                if ((b == 0xE0 && b1 < 0xA0) || (b == 0xED && b1 >= 0xA0)) {
                    return i;
                }
                i += 3;
            } else if (b < 0xF5) {
                if (i + 3 >= n
                        || !isContinuation(bytes[i + 1])
                        || !isContinuation(bytes[i + 2])
                        || !isContinuation(bytes[i + 3])) {
                    return i;
                }
                int b1 = bytes[i + 1] & 0xFF;
                // overlong forms below U+10000, and code points above U+10FFFF
                if ((b == 0xF0 && b1 < 0x90) || (b == 0xF4 && b1 >= 0x90)) {
                    return i;
                }
                i += 4;
            } else {
                return i;
            }
        }
        return -1;
    }

    private static boolean isContinuation(byte b) {
        return (b & 0xC0) == 0x80;
    }
}
