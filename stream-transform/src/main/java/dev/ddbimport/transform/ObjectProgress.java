package dev.ddbimport.transform;

/**
 * What the parse stage has counted of one object, so that chunks delivered again (at-least-once
 * source) are not counted twice and records that never arrive are noticed: entries below {@code
 * nextItemIndex} are counted already, an entry above it means records went missing.
 *
 * @param nextItemIndex the first itemIndex not counted yet
 * @param bytes uncompressed bytes of the object counted into ProcessedSizeBytes
 * @param unreadable the object's records cannot be read (bad CSV header): they are skipped
 * @param fatal an object-level failure was dead-lettered: the import fails, nothing more to report
 * @param done the object's final chunk was counted
 */
record ObjectProgress(long nextItemIndex, long bytes, boolean unreadable, boolean fatal, boolean done) {

    static final ObjectProgress NEW = new ObjectProgress(0, 0, false, false, false);

    private static final int SIZE = 8 + 8 + 1;
    private static final int UNREADABLE = 1;
    private static final int FATAL = 2;
    private static final int DONE = 4;

    /** Stored form: nextItemIndex (8 bytes) | bytes (8 bytes) | flags (1 byte), big-endian. */
    byte[] encode() {
        byte[] out = new byte[SIZE];
        putLong(out, 0, nextItemIndex);
        putLong(out, 8, bytes);
        out[16] = (byte) ((unreadable ? UNREADABLE : 0) | (fatal ? FATAL : 0) | (done ? DONE : 0));
        return out;
    }

    static ObjectProgress decode(byte[] stored) {
        if (stored == null) {
            return NEW;
        }
        if (stored.length != SIZE) {
            throw new IllegalStateException("object progress of " + stored.length + " bytes, expected " + SIZE
                    + ": the state store was written by another version; reset the application");
        }
        int flags = stored[16];
        return new ObjectProgress(
                getLong(stored, 0),
                getLong(stored, 8),
                (flags & UNREADABLE) != 0,
                (flags & FATAL) != 0,
                (flags & DONE) != 0);
    }

    private static void putLong(byte[] a, int p, long v) {
        for (int i = 7; i >= 0; i--) {
            a[p + i] = (byte) v;
            v >>>= 8;
        }
    }

    private static long getLong(byte[] a, int p) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (a[p + i] & 0xFF);
        }
        return v;
    }
}
