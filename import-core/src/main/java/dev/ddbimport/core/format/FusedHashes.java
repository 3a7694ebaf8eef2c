package dev.ddbimport.core.format;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Finds repeated names in a map and repeated elements in a set for the fused encoders, by 64-bit
 * hash: equal elements always have equal hashes, so an element whose hash is new is new. Two equal
 * hashes may be a collision rather than a duplicate; the encoder then leaves the record to the
 * reference, which decides exactly. The hashes of nested maps and sets share one stack: each
 * container marks where its own start and releases them when it closes.
 *
 * <p>One per encoder; not thread-safe.
 */
final class FusedHashes {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private long[] stack = new long[64];
    private int top;

    /** Forgets every container: the start of a record. */
    void reset() {
        top = 0;
    }

    /** Where the container opening now starts its hashes. */
    int mark() {
        return top;
    }

    /** Closes the container that opened at {@code mark}. */
    void release(int mark) {
        top = mark;
    }

    /** Adds {@code hash} to the container opened at {@code mark}; false when it is there already. */
    boolean addDistinct(int mark, long hash) {
        long[] s = stack;
        for (int i = mark; i < top; i++) {
            if (s[i] == hash) {
                return false;
            }
        }
        if (top == s.length) {
            stack = s = Arrays.copyOf(s, 2 * top);
        }
        s[top++] = hash;
        return true;
    }

    /** A hash of {@code b[from, from + length)}. */
    static long of(byte[] b, int from, int length) {
        long h = length * GOLDEN;
        int i = from;
        int end = from + length;
        for (; i + 8 <= end; i += 8) {
            h = mix(h ^ (long) LONGS.get(b, i));
        }
        long tail = 0;
        for (; i < end; i++) {
            tail = tail << 8 | (b[i] & 0xFF);
        }
        return mix(h ^ tail);
    }

    /**
     * As {@link #of}, cheaper for the short names attributes mostly have: a name of up to eight
     * bytes is its own hash, from one read of the word it sits in.
     */
    static long ofName(byte[] b, int from, int length) {
        if (length > 8) {
            return of(b, from, length);
        }
        long word;
        if (from + 8 <= b.length) {
            word = (long) LONGS.get(b, from);
            if (length < 8) {
                word &= (1L << (length << 3)) - 1;
            }
        } else {
            word = 0; // the same value, from the bytes one by one at the array's end
            for (int i = 0; i < length; i++) {
                word |= (b[from + i] & 0xFFL) << (i << 3);
            }
        }
        return length == 8 ? word ^ GOLDEN : word | ((long) length << 59);
    }

    static long mix(long h) {
        h *= GOLDEN;
        return h ^ (h >>> 29);
    }
}
