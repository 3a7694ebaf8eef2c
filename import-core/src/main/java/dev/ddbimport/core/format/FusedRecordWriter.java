package dev.ddbimport.core.format;

import dev.ddbimport.core.frame.ByteSearch;
import dev.ddbimport.core.item.DynamoNumber;
import dev.ddbimport.core.item.ItemCodec;
import dev.ddbimport.core.validate.ScalarType;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The output side of the fused encoders: writes item records (format: see {@link ItemCodec})
 * straight from input bytes into one buffer reused record after record, and cuts the canonical key
 * bytes out of what it wrote. Positions handed out stay valid until {@link #reset}; values written
 * at the top level never move.
 *
 * <p>Not thread-safe: one per encoder.
 */
final class FusedRecordWriter {

    /** Version byte plus the longest varint: the room an item's header needs in front of it. */
    private static final int ITEM_HEADER_ROOM = 6;

    private static final long BACKSLASHES = ByteSearch.ONES * '\\';
    private static final long DELETES = ByteSearch.ONES * 0x7F;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private byte[] buf = new byte[4096];
    private int pos;

    // what the last putQuoted wrote: where the content starts, its length, the OR of its bytes
    private int stringAt;
    private int stringLength;
    private long stringBits;

    /** Forgets everything written: the start of a new record. */
    void reset() {
        pos = 0;
    }

    int position() {
        return pos;
    }

    /** After writing straight into {@link #buffer()} (room made with {@link #ensure}). */
    void position(int position) {
        pos = position;
    }

    /** The bytes written so far; valid until the next write (which may grow the buffer). */
    byte[] buffer() {
        return buf;
    }

    /**
     * Starts an item: leaves room for its header, which {@link #closeItem} writes once the
     * attribute count is known, and returns where the attributes start.
     */
    int beginItem() {
        ensure(ITEM_HEADER_ROOM);
        pos += ITEM_HEADER_ROOM;
        return pos;
    }

    /**
     * Writes the header of the item whose attributes were written from {@code attributesAt} right
     * in front of them, so nothing moves, and returns where the item record starts in {@link
     * #buffer()}; it ends at the position.
     */
    int closeItem(int attributesAt, int count) {
        int start = attributesAt - 1 - varintSize(count);
        buf[start] = ItemCodec.RECORD_VERSION;
        putVarintAt(start + 1, count);
        return start;
    }

    /**
     * Reserves one byte for a container's element count, which is known only at its end; see {@link
     * #patchCount}.
     */
    int reserveCount() {
        ensure(1);
        return pos++;
    }

    /**
     * Writes the count reserved at {@code at}. A count above 127 needs more than the byte reserved,
     * so what follows it moves up: only positions after {@code at} change.
     */
    void patchCount(int at, int count) {
        int size = varintSize(count);
        if (size > 1) {
            ensure(size - 1);
            System.arraycopy(buf, at + 1, buf, at + size, pos - at - 1);
            pos += size - 1;
        }
        putVarintAt(at, count);
    }

    void putByte(int b) {
        ensure(1);
        buf[pos++] = (byte) b;
    }

    /** A type tag and a byte: BOOL. */
    void putTagged(byte tag, int b) {
        ensure(2);
        buf[pos++] = tag;
        buf[pos++] = (byte) b;
    }

    void putVarint(int value) {
        ensure(5);
        putVarintAt(pos, value);
        pos += varintSize(value);
    }

    /** A UTF-8 string's header; the caller checked it is below {@link ItemCodec#MAX_STRING_UNITS}. */
    void putStringHeader(int utf8Length) {
        putVarint(utf8Length << 1);
    }

    void put(byte[] src, int offset, int length) {
        ensure(length);
        System.arraycopy(src, offset, buf, pos, length);
        pos += length;
    }

    /**
     * Copies the quoted text whose content starts at {@code src[from]} as a string (header and
     * content), up to the closing {@code quote}, which must come before any backslash or control
     * character (below 0x20, and 0x7F when {@code deleteIsControl}). Returns the closing quote's
     * index, or -1 when the text is not that plain; see {@link #stringAt()}. The content is copied
     * eight bytes at a time as it is scanned; the bytes copied past its end are overwritten later.
     */
    int putQuoted(byte[] src, int from, byte quote, boolean deleteIsControl) {
        int n = src.length;
        ensure(n - from + 16); // the content, a longer header, a word of slack
        byte[] o = buf;
        int headerAt = pos;
        int contentAt = headerAt + 1; // one header byte, right for strings under 64 bytes
        int p = contentAt;
        int i = from;
        long quotes = ByteSearch.ONES * quote;
        long deletes = deleteIsControl ? DELETES : 0;
        long bits = 0;
        while (i + 8 <= n) {
            long word = (long) LONGS.get(src, i);
            LONGS.set(o, p, word);
            long special = ByteSearch.zeroBytes(word ^ quotes)
                    | ByteSearch.zeroBytes(word ^ BACKSLASHES)
                    | ByteSearch.zeroBytes(word ^ deletes)
                    | ((word - ByteSearch.ONES * 0x20) & ~word & ByteSearch.HIGHS);
            if (special != 0) {
                // the lowest mark of each test is exact, so the lowest of all is
                int k = Long.numberOfTrailingZeros(special) >>> 3;
                bits |= word & ((1L << (k << 3)) - 1);
                i += k;
                p += k;
                break;
            }
            bits |= word;
            i += 8;
            p += 8;
        }
        byte c = 0;
        while (i < n && (c = src[i]) != quote && c != '\\' && (c < 0 || c >= 0x20) && (c != 0x7F || !deleteIsControl)) {
            bits |= c;
            o[p++] = c;
            i++;
        }
        if (i == n || c != quote) {
            return -1;
        }
        int length = p - contentAt;
        if (length >= 64) {
            if (length > ItemCodec.MAX_STRING_UNITS) {
                return -1;
            }
            int headerSize = varintSize(length << 1);
            System.arraycopy(o, contentAt, o, headerAt + headerSize, length);
            contentAt = headerAt + headerSize;
        }
        putVarintAt(o, headerAt, length << 1);
        pos = contentAt + length;
        stringAt = contentAt;
        stringLength = length;
        stringBits = bits;
        return i;
    }

    /** Records a string written by other means (ASCII text) as the last one, for {@link #stringAt()}. */
    void noteString(int at, int length) {
        stringAt = at;
        stringLength = length;
        stringBits = 0;
    }

    /** Where the content of the string {@link #putQuoted} last wrote starts. */
    int stringAt() {
        return stringAt;
    }

    int stringLength() {
        return stringLength;
    }

    /** The OR of the last string's bytes: its high bits say whether it holds non-ASCII. */
    long stringBits() {
        return stringBits;
    }

    /**
     * Key bytes (see {@link ItemCodec#keyBytes}) from payloads written at {@code [at, at + length)}:
     * a string's UTF-8, a binary's bytes or a number's text. {@code sortType} null when the table
     * has no sort key.
     */
    byte[] keyBytes(
            ScalarType partitionType,
            int partitionAt,
            int partitionLength,
            ScalarType sortType,
            int sortAt,
            int sortLength) {
        byte[] partition = keyPayload(partitionType, partitionAt, partitionLength);
        byte[] sort = sortType == null ? null : keyPayload(sortType, sortAt, sortLength);
        int pLength = partition == null ? partitionLength : partition.length;
        int sLength = sortType == null ? 0 : sort == null ? sortLength : sort.length;
        int size = 1 + varintSize(pLength) + pLength + (sortType == null ? 0 : 1 + varintSize(sLength) + sLength);
        byte[] out = new byte[size];
        int o = keyComponent(out, 0, partitionType, partition, partitionAt, pLength);
        if (sortType != null) {
            keyComponent(out, o, sortType, sort, sortAt, sLength);
        }
        return out;
    }

    /** Null when the payload is the written bytes as they are; else the canonical number text. */
    private byte[] keyPayload(ScalarType type, int at, int length) {
        if (type != ScalarType.N || FusedNumber.isCanonicalInteger(buf, at, at + length)) {
            return null;
        }
        try {
            String text = new String(buf, at, length, StandardCharsets.ISO_8859_1);
            return DynamoNumber.parse(text).canonical().getBytes(StandardCharsets.US_ASCII);
        } catch (DynamoNumber.InvalidNumberException e) {
            throw new IllegalStateException("a number the fused encoder checked is invalid: " + e.getMessage(), e);
        }
    }

    private int keyComponent(byte[] out, int o, ScalarType type, byte[] payload, int at, int length) {
        out[o++] = (byte) type.name().charAt(0);
        putVarintAt(out, o, length);
        o += varintSize(length);
        System.arraycopy(payload == null ? buf : payload, payload == null ? at : 0, out, o, length);
        return o + length;
    }

    private void putVarintAt(int at, int value) {
        putVarintAt(buf, at, value);
    }

    static void putVarintAt(byte[] b, int at, int value) {
        while ((value & ~0x7F) != 0) {
            b[at++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        b[at] = (byte) value;
    }

    static int varintSize(int value) {
        int size = 1;
        while ((value >>>= 7) != 0) {
            size++;
        }
        return size;
    }

    /** Makes room for {@code more} bytes after the position; may replace {@link #buffer()}. */
    void ensure(int more) {
        if (buf.length - pos < more) {
            long wanted = Math.max((long) pos + more, 2L * buf.length);
            if (wanted > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("Item record too large to encode: over 2 GB");
            }
            buf = Arrays.copyOf(buf, (int) wanted);
        }
    }
}
