package dev.ddbimport.transform;

import java.nio.charset.StandardCharsets;

/** Decimal numbers in header values (UTF-8 text), read and written without going through String. */
final class Decimal {

    private Decimal() {}

    /** The non-negative decimal number in {@code text}, or -1 when it is missing or not one. */
    static long parseOrMinusOne(byte[] text) {
        if (text == null || text.length == 0 || text.length > 18) {
            return -1;
        }
        long v = 0;
        for (byte b : text) {
            if (b < '0' || b > '9') {
                return -1;
            }
            v = v * 10 + (b - '0');
        }
        return v;
    }

    /** {@code v} as decimal UTF-8 text. */
    static byte[] bytes(long v) {
        if (v >= 0 && v < 10) {
            return new byte[] {(byte) ('0' + v)};
        }
        return Long.toString(v).getBytes(StandardCharsets.US_ASCII);
    }
}
