package dev.ddbimport.core.item;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one item record (format: see {@link ItemCodec}), checking every length and count against
 * the bytes left, so that garbage fails with {@link IllegalArgumentException} rather than a huge
 * allocation or an index error. Not thread-safe; one instance per record.
 */
final class ItemRecordReader {

    /** Deeper than any valid item (32 levels); bounds the recursion on garbage. */
    private static final int MAX_DEPTH = 1_000;

    private final byte[] b;
    private int pos;

    ItemRecordReader(byte[] bytes) {
        this.b = bytes;
    }

    Item readItem() {
        if (b.length == 0) {
            throw fail("it is empty");
        }
        if (b[0] != ItemCodec.RECORD_VERSION) {
            throw fail("it starts with 0x" + Integer.toHexString(b[0] & 0xFF) + ", not the record version 0x"
                    + Integer.toHexString(ItemCodec.RECORD_VERSION));
        }
        pos = 1;
        Item item = new Item(readMapEntries(readCount(2), 0));
        if (pos != b.length) {
            throw fail((b.length - pos) + " bytes follow the item at byte " + pos);
        }
        return item;
    }

    private Map<String, AttrValue> readMapEntries(int count, int depth) {
        Map<String, AttrValue> values = new LinkedHashMap<>((int) (count / 0.75f) + 1);
        for (int i = 0; i < count; i++) {
            int at = pos;
            String name = readString();
            if (values.put(name, readValue(depth + 1)) != null) {
                throw fail("the attribute name at byte " + at + " repeats an earlier one");
            }
        }
        return values;
    }

    private AttrValue readValue(int depth) {
        if (depth > MAX_DEPTH) {
            throw fail("values nest more than " + MAX_DEPTH + " levels deep at byte " + pos);
        }
        int at = pos;
        byte tag = readByte();
        switch (tag) {
            case ItemCodec.TAG_S:
                return readS();
            case ItemCodec.TAG_N:
                return new AttrValue.N(readString());
            case ItemCodec.TAG_B:
                return new AttrValue.B(readBytes());
            case ItemCodec.TAG_BOOL:
                byte flag = readByte();
                if (flag != 0 && flag != 1) {
                    throw fail("BOOL byte " + flag + " at byte " + (pos - 1) + " is neither 0 nor 1");
                }
                return AttrValue.Bool.of(flag == 1);
            case ItemCodec.TAG_NULL:
                return AttrValue.Null.INSTANCE;
            case ItemCodec.TAG_L: {
                int count = readCount(1);
                List<AttrValue> values = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    values.add(readValue(depth + 1));
                }
                return new AttrValue.L(values);
            }
            case ItemCodec.TAG_M:
                return new AttrValue.M(readMapEntries(readCount(2), depth));
            case ItemCodec.TAG_SS:
                return new AttrValue.SS(readStrings());
            case ItemCodec.TAG_NS:
                return new AttrValue.NS(readStrings());
            case ItemCodec.TAG_BS: {
                int count = readCount(1);
                List<byte[]> values = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    values.add(readBytes());
                }
                return new AttrValue.BS(values);
            }
            default:
                throw fail("unknown type tag 0x" + Integer.toHexString(tag & 0xFF) + " at byte " + at);
        }
    }

    private List<String> readStrings() {
        int count = readCount(1);
        List<String> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            values.add(readString());
        }
        return values;
    }

    /** ASCII stays as bytes; anything else is decoded once here, which also checks it. */
    private AttrValue.S readS() {
        int header = readVarint();
        if ((header & 1) != 0) {
            return new AttrValue.S(readUtf16(header >>> 1));
        }
        int length = readLength(header >>> 1, 1);
        int start = pos;
        pos += length;
        return isAscii(start, pos)
                ? AttrValue.S.ofUtf8(Arrays.copyOfRange(b, start, pos))
                : new AttrValue.S(checkedUtf8(start, length));
    }

    private String readString() {
        int header = readVarint();
        if ((header & 1) != 0) {
            return readUtf16(header >>> 1);
        }
        int length = readLength(header >>> 1, 1);
        int start = pos;
        pos += length;
        return checkedUtf8(start, length);
    }

    private String checkedUtf8(int start, int length) {
        String s = new String(b, start, length, StandardCharsets.UTF_8);
        if (!isAscii(start, start + length)) {
            // the decoder replaces ill-formed input with U+FFFD, so garbage does not re-encode the same
            byte[] again = s.getBytes(StandardCharsets.UTF_8);
            if (!Arrays.equals(again, 0, again.length, b, start, start + length)) {
                throw fail("the string at byte " + start + " is not well-formed UTF-8");
            }
        }
        return s;
    }

    private boolean isAscii(int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] < 0) {
                return false;
            }
        }
        return true;
    }

    private String readUtf16(int units) {
        readLength(units, 2);
        char[] chars = new char[units];
        for (int i = 0; i < units; i++) {
            chars[i] = (char) ((b[pos] & 0xFF) << 8 | (b[pos + 1] & 0xFF));
            pos += 2;
        }
        return new String(chars);
    }

    private byte[] readBytes() {
        int length = readLength(readVarint(), 1);
        int start = pos;
        pos += length;
        return Arrays.copyOfRange(b, start, pos);
    }

    /** A count of elements each taking at least {@code minBytesEach}; checked against what is left. */
    private int readCount(int minBytesEach) {
        int at = pos;
        int count = readVarint();
        if (count > (b.length - pos) / minBytesEach) {
            throw fail("a count of " + count + " at byte " + at + " is more than the " + (b.length - pos)
                    + " bytes left can hold");
        }
        return count;
    }

    /** Checks that {@code units} units of {@code unitBytes} each are left, and returns the units. */
    private int readLength(int units, int unitBytes) {
        if (units > (b.length - pos) / unitBytes) {
            throw fail("a length of " + units + " at byte " + pos + " runs past the end (" + b.length + " bytes)");
        }
        return units * unitBytes;
    }

    private byte readByte() {
        if (pos >= b.length) {
            throw fail("it ends early at byte " + pos);
        }
        return b[pos++];
    }

    /** An unsigned LEB128 varint that fits in a non-negative int. */
    private int readVarint() {
        int at = pos;
        int value = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            byte next = readByte();
            value |= (next & 0x7F) << shift;
            if ((next & 0x80) == 0) {
                if (value < 0 || (shift == 28 && (next & 0x70) != 0)) {
                    break;
                }
                return value;
            }
        }
        throw fail("the number at byte " + at + " is not a varint below 2^31");
    }

    private static IllegalArgumentException fail(String why) {
        return new IllegalArgumentException(ItemCodec.notARecord(why));
    }
}
