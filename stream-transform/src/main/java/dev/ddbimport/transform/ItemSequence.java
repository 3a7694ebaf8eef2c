package dev.ddbimport.transform;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The last-write-wins order of items with the same key: (object key as unsigned UTF-8 bytes,
 * itemIndex, subIndex), kept in its stored form so that comparing two sequences allocates nothing:
 *
 * <pre>
 *   objectKeyLength (4 bytes) | objectKey (UTF-8) | itemIndex (8 bytes) | subIndex (4 bytes)   big-endian
 * </pre>
 */
final class ItemSequence {

    private static final int FIXED_BYTES = 4 + 8 + 4;

    private ItemSequence() {}

    /** The stored form of (objectKey, itemIndex, subIndex). */
    static byte[] encode(byte[] objectKey, long itemIndex, int subIndex) {
        byte[] out = new byte[FIXED_BYTES + objectKey.length];
        putInt(out, 0, objectKey.length);
        System.arraycopy(objectKey, 0, out, 4, objectKey.length);
        int p = 4 + objectKey.length;
        putInt(out, p, (int) (itemIndex >>> 32));
        putInt(out, p + 4, (int) itemIndex);
        putInt(out, p + 8, subIndex);
        return out;
    }

    /** Negative, zero or positive as {@code a} is before, the same as or after {@code b}. */
    static int compare(byte[] a, byte[] b) {
        int aKey = getInt(a, 0);
        int bKey = getInt(b, 0);
        int byKey = Arrays.compareUnsigned(a, 4, 4 + aKey, b, 4, 4 + bKey);
        if (byKey != 0) {
            return byKey;
        }
        // same object key, so the fixed fields sit at the same place
        int p = 4 + aKey;
        long aIndex = ((long) getInt(a, p) << 32) | (getInt(a, p + 4) & 0xFFFFFFFFL);
        long bIndex = ((long) getInt(b, p) << 32) | (getInt(b, p + 4) & 0xFFFFFFFFL);
        int byIndex = Long.compare(aIndex, bIndex);
        return byIndex != 0 ? byIndex : Integer.compare(getInt(a, p + 8), getInt(b, p + 8));
    }

    /** Readable form for logs and tests: {@code objectKey#itemIndex.subIndex}. */
    static String toString(byte[] sequence) {
        int keyLength = getInt(sequence, 0);
        int p = 4 + keyLength;
        long index = ((long) getInt(sequence, p) << 32) | (getInt(sequence, p + 4) & 0xFFFFFFFFL);
        return new String(sequence, 4, keyLength, StandardCharsets.UTF_8) + "#" + index + "." + getInt(sequence, p + 8);
    }

    private static void putInt(byte[] a, int p, int v) {
        a[p] = (byte) (v >>> 24);
        a[p + 1] = (byte) (v >>> 16);
        a[p + 2] = (byte) (v >>> 8);
        a[p + 3] = (byte) v;
    }

    private static int getInt(byte[] a, int p) {
        return ((a[p] & 0xFF) << 24) | ((a[p + 1] & 0xFF) << 16) | ((a[p + 2] & 0xFF) << 8) | (a[p + 3] & 0xFF);
    }
}
