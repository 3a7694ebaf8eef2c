package dev.ddbimport.core.format;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Gives the same {@code String} for the same attribute-name bytes, so a parser does not decode
 * (and hash) every name of every record: items of one input repeat a few dozen names. A small
 * direct-mapped table keyed by the name's bytes, verified by comparing them (for names of up to 16
 * bytes, as the two words the slot is computed from). A name may sit in its slot or the slot's
 * neighbour, so two names sharing a slot both stay; a third replaces the one in the neighbour.
 *
 * <p>Safe to share between threads without locking: slots hold immutable entries (final fields,
 * so a racing reader sees a whole entry or none), and a lost update only costs a decode later.
 */
final class NameCache {
    private static final int SLOTS = 256; // a power of two, at most 256 (the slot is a byte)
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    /** Longer names are decoded every time: rare, and hashing them would cost more. */
    private static final int MAX_CACHED_BYTES = 64;

    /** A name as text and as its UTF-8 bytes (shared: never change them), or null bytes when not kept. */
    record Name(String text, byte[] utf8) {}

    /**
     * A cached name with the words its slot was computed from: for names of at most 16 bytes the
     * length and the two words are the whole name, so a hit needs no byte comparison.
     */
    private record Entry(Name name, int length, long head, long tail) {
        boolean holds(byte[] bytes, int start, int length, long head, long tail) {
            return this.length == length
                    && this.head == head
                    && this.tail == tail
                    && (length <= WORDS_COVER || Arrays.equals(name.utf8, 0, length, bytes, start, start + length));
        }
    }

    /** Names this long or shorter are covered by their head and tail words. */
    private static final int WORDS_COVER = 16;

    private final Entry[] slots = new Entry[SLOTS];

    /**
     * The name held in {@code bytes[start, start + length)}, which must be well-formed UTF-8.
     *
     * @param ascii true when every byte is ASCII (decoding is then a plain copy)
     */
    Name name(byte[] bytes, int start, int length, boolean ascii) {
        if (length > MAX_CACHED_BYTES) {
            return newName(bytes, start, length, ascii);
        }
        long head = head(bytes, start, length);
        // a name longer than eight bytes ends inside the array, so its last word is readable
        long tail = length > 8 ? (long) LONGS.get(bytes, start + length - 8) : 0;
        int slot = slot(head, tail, length);
        Entry first = slots[slot];
        if (first != null && first.holds(bytes, start, length, head, tail)) {
            return first.name;
        }
        // two names sharing a slot would otherwise evict each other on every record
        int other = slot ^ 1;
        Entry second = slots[other];
        if (second != null && second.holds(bytes, start, length, head, tail)) {
            return second.name;
        }
        Name name = newName(bytes, start, length, ascii);
        slots[first == null ? slot : other] = new Entry(name, length, head, tail);
        return name;
    }

    /**
     * The name's first eight bytes (fewer when shorter) as a little-endian word, whatever their
     * position in whatever array.
     */
    private static long head(byte[] bytes, int start, int length) {
        if (start + 8 <= bytes.length) {
            long head = (long) LONGS.get(bytes, start);
            return length < 8 ? head & ((1L << (length << 3)) - 1) : head;
        }
        // a short name at the very end of the array: the same word, by bytes
        long head = 0;
        for (int i = Math.min(length, 8) - 1; i >= 0; i--) {
            head = head << 8 | (bytes[start + i] & 0xFF);
        }
        return head;
    }

    /**
     * The slot for a name: from its length and its first and last eight bytes (names sharing both
     * ends and the length share a slot; fine, just slower).
     */
    private static int slot(long head, long tail, int length) {
        long mix = (head ^ Long.rotateLeft(tail, 29) ^ length) * 0x9E3779B97F4A7C15L;
        return (int) (mix >>> 56) & (SLOTS - 1); // the multiply spreads every bit into the top byte
    }

    private static Name newName(byte[] bytes, int start, int length, boolean ascii) {
        // ASCII is a subset of Latin-1, whose decoding is a plain copy into a compact string
        String text = new String(bytes, start, length, ascii ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
        return new Name(text, Arrays.copyOfRange(bytes, start, start + length));
    }
}
