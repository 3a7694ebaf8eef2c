package dev.ddbimport.core.format;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Predicts the names of a record from the previous one: records of one input nearly always
 * repeat the same names in the same order, so the n-th name of a record is checked against the
 * n-th name of the last record by comparing bytes, and a hit skips scanning, UTF-8 checking,
 * hashing and key matching it. A miss costs one comparison and the name is remembered for the
 * next record.
 *
 * <p>Only names already read and checked by the general path are remembered, so a hit is a name
 * that passed every check. One per encoder; not thread-safe.
 */
final class FusedNames {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** Names past this many in a record are not predicted. */
    private static final int MAX_NAMES = 512;

    private byte[][] names = new byte[32][];
    /** Per name: its first eight bytes (fewer for a shorter name) as a little-endian word. */
    private long[] heads = new long[32];

    private long[] hashes = new long[32];
    private int[] keys = new int[32];
    private int next;

    /** The start of a record: predictions start again at its first name. */
    void reset() {
        next = 0;
    }

    /**
     * The place of the name that comes next, for {@link #matches} and {@link #remember}; -1 when
     * the record has more names than are predicted.
     */
    int nextPlace() {
        int place = next;
        if (place >= MAX_NAMES) {
            return -1;
        }
        next = place + 1;
        if (place == names.length) {
            int size = 2 * place;
            names = Arrays.copyOf(names, size);
            heads = Arrays.copyOf(heads, size);
            hashes = Arrays.copyOf(hashes, size);
            keys = Arrays.copyOf(keys, size);
        }
        return place;
    }

    /**
     * The length of the name predicted at {@code place} when {@code r[from, ...)} starts with it
     * and it ends there (the byte after it is {@code end}, or, when {@code end} is -1, not part of
     * an identifier); else -1.
     */
    int matches(byte[] r, int from, int place, int end) {
        byte[] name = place < 0 ? null : names[place];
        if (name == null) {
            return -1;
        }
        int length = name.length;
        int after = from + length;
        if (after >= r.length) {
            return -1;
        }
        byte b = r[after];
        if (end >= 0 ? b != end : isIdentifierPart(b)) {
            return -1;
        }
        if (length <= 8 && from + 8 <= r.length) {
            long word = (long) LONGS.get(r, from);
            return (length == 8 ? word : word & ((1L << (length << 3)) - 1)) == heads[place] ? length : -1;
        }
        return Arrays.equals(r, from, after, name, 0, length) ? length : -1;
    }

    /** The bytes of the name predicted at {@code place} (after a match). */
    byte[] name(int place) {
        return names[place];
    }

    long hash(int place) {
        return hashes[place];
    }

    /** Which key attribute the name is, whatever its level (see {@link FusedKeys#match}). */
    int key(int place) {
        return keys[place];
    }

    /** Remembers the checked name {@code b[from, from + length)} as the prediction at {@code place}. */
    void remember(int place, byte[] b, int from, int length, long hash, int key) {
        if (place < 0) {
            return;
        }
        byte[] name = Arrays.copyOfRange(b, from, from + length);
        long head = 0;
        for (int i = 0; i < Math.min(8, length); i++) {
            head |= (name[i] & 0xFFL) << (i << 3);
        }
        names[place] = name;
        heads[place] = head;
        hashes[place] = hash;
        keys[place] = key;
    }

    /** Predicts nothing at {@code place} for the next record. */
    void forget(int place) {
        if (place >= 0) {
            names[place] = null;
        }
    }

    private static boolean isIdentifierPart(byte b) {
        return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '_' || b == '$';
    }
}
