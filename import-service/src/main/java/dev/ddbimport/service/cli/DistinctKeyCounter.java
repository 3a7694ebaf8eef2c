package dev.ddbimport.service.cli;

/**
 * Counts distinct primary keys in bounded memory: it keeps a 64-bit fingerprint per key (8 bytes a
 * key, in an open-addressing table) instead of the keys themselves. Two different keys share a
 * fingerprint with probability ~n²/2⁶⁵ — below one in a million for 100 million keys — so the count
 * is exact for any input a preflight run will see in practice.
 */
final class DistinctKeyCounter {
    private static final long EMPTY = 0L;

    private long[] table = new long[1 << 12];
    private int size;
    private boolean sawZeroFingerprint;

    /** Records a key; true when it was not seen before. */
    boolean add(byte[] key) {
        long f = fingerprint(key);
        if (f == EMPTY) {
            boolean fresh = !sawZeroFingerprint;
            sawZeroFingerprint = true;
            return fresh;
        }
        if (size * 2 >= table.length) {
            grow();
        }
        if (!insert(table, f)) {
            return false;
        }
        size++;
        return true;
    }

    long count() {
        return size + (sawZeroFingerprint ? 1 : 0);
    }

    private static boolean insert(long[] t, long f) {
        int mask = t.length - 1;
        int i = (int) (f ^ (f >>> 32)) & mask;
        while (t[i] != EMPTY) {
            if (t[i] == f) {
                return false;
            }
            i = (i + 1) & mask;
        }
        t[i] = f;
        return true;
    }

    private void grow() {
        long[] bigger = new long[table.length * 2];
        for (long f : table) {
            if (f != EMPTY) {
                insert(bigger, f);
            }
        }
        table = bigger;
    }

    /** FNV-1a over the bytes, then a SplitMix64 finaliser to spread the bits. */
    static long fingerprint(byte[] key) {
        long h = 0xcbf29ce484222325L;
        for (byte b : key) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        h ^= key.length;
        h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
        h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
        return h ^ (h >>> 31);
    }
}
