package dev.ddbimport.core.frame;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Finds byte values in a byte array eight bytes at a time (SWAR), which is what lets framing run at
 * memory speed instead of one compare (or table look-up) per byte.
 */
public final class ByteSearch {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    /** 0x01 in every byte: {@code ONES * b} repeats byte {@code b}. */
    public static final long ONES = 0x0101010101010101L;
    /** The high bit of every byte. */
    public static final long HIGHS = 0x8080808080808080L;

    private ByteSearch() {}

    /** A value repeated in every byte of a long, as the search methods take it. */
    static long pattern(byte value) {
        return ONES * (value & 0xFF);
    }

    /** Index of the first byte equal to {@code pattern}'s in {@code a[from, to)}, or -1. */
    static int indexOf(byte[] a, int from, int to, long pattern) {
        int i = from;
        for (int last = to - Long.BYTES; i <= last; i += Long.BYTES) {
            long found = zeroBytes((long) LONGS.get(a, i) ^ pattern);
            if (found != 0) {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
        }
        byte value = (byte) pattern;
        for (; i < to; i++) {
            if (a[i] == value) {
                return i;
            }
        }
        return -1;
    }

    /** Index of the first byte equal to any of the three patterns' in {@code a[from, to)}, or -1. */
    static int indexOfAny(byte[] a, int from, int to, long p1, long p2, long p3) {
        int i = from;
        for (int last = to - Long.BYTES; i <= last; i += Long.BYTES) {
            long w = (long) LONGS.get(a, i);
            long found = zeroBytes(w ^ p1) | zeroBytes(w ^ p2) | zeroBytes(w ^ p3);
            if (found != 0) {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
        }
        byte v1 = (byte) p1;
        byte v2 = (byte) p2;
        byte v3 = (byte) p3;
        for (; i < to; i++) {
            byte b = a[i];
            if (b == v1 || b == v2 || b == v3) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The high bit set in each zero byte of {@code w}. Bytes above a zero byte may be flagged falsely,
     * but the lowest flagged byte is always a real zero, and that is the only one used (also when
     * several of these are OR-ed: the lowest flag of the union is the lowest real match).
     */
    public static long zeroBytes(long w) {
        return (w - ONES) & ~w & HIGHS;
    }
}
