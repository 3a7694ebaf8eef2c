package dev.ddbimport.core.item;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Writes one item record (format: see {@link ItemCodec}) into a growable array. Not thread-safe;
 * one instance per record.
 */
final class ItemRecordWriter {

    private byte[] buf;
    private int pos;

    ItemRecordWriter(int capacity) {
        buf = new byte[capacity];
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, pos);
    }

    void writeItem(Item item) {
        Map<String, AttrValue> attributes = item.attributes();
        writeByte(ItemCodec.RECORD_VERSION);
        writeVarint(attributes.size());
        writeMapEntries(attributes);
    }

    private void writeMapEntries(Map<String, AttrValue> values) {
        if (values instanceof AttributeMap map) {
            // by position: no entry objects
            int n = map.size();
            for (int i = 0; i < n; i++) {
                byte[] name = map.nameUtf8At(i);
                if (name != null) {
                    writeUtf8(name); // the same bytes writeString would produce: it is valid UTF-8
                } else {
                    writeString(map.nameAt(i));
                }
                writeValue(map.valueAt(i));
            }
            return;
        }
        for (Map.Entry<String, AttrValue> e : values.entrySet()) {
            writeString(e.getKey());
            writeValue(e.getValue());
        }
    }

    // instanceof chain, most common types first (Java 17 has no pattern switch)
    private void writeValue(AttrValue value) {
        if (value instanceof AttrValue.S s) {
            writeByte(ItemCodec.TAG_S);
            byte[] utf8 = s.exactUtf8();
            if (utf8 != null) {
                writeUtf8(utf8);
            } else {
                writeNonAscii(s.value());
            }
        } else if (value instanceof AttrValue.N n) {
            writeByte(ItemCodec.TAG_N);
            writeString(n.value());
        } else if (value instanceof AttrValue.M m) {
            writeByte(ItemCodec.TAG_M);
            writeVarint(m.values().size());
            writeMapEntries(m.values());
        } else if (value instanceof AttrValue.L l) {
            writeByte(ItemCodec.TAG_L);
            List<AttrValue> values = l.values();
            writeVarint(values.size());
            for (AttrValue element : values) {
                writeValue(element);
            }
        } else if (value instanceof AttrValue.B b) {
            writeByte(ItemCodec.TAG_B);
            writeBytes(b.value());
        } else if (value instanceof AttrValue.Bool b) {
            writeByte(ItemCodec.TAG_BOOL);
            writeByte(b.value() ? 1 : 0);
        } else if (value instanceof AttrValue.Null) {
            writeByte(ItemCodec.TAG_NULL);
        } else if (value instanceof AttrValue.SS ss) {
            writeByte(ItemCodec.TAG_SS);
            writeStrings(ss.values());
        } else if (value instanceof AttrValue.NS ns) {
            writeByte(ItemCodec.TAG_NS);
            writeStrings(ns.values());
        } else {
            List<byte[]> values = ((AttrValue.BS) value).values();
            writeByte(ItemCodec.TAG_BS);
            writeVarint(values.size());
            for (byte[] element : values) {
                writeBytes(element);
            }
        }
    }

    private void writeStrings(List<String> values) {
        writeVarint(values.size());
        for (String element : values) {
            writeString(element);
        }
    }

    private void writeByte(int b) {
        ensure(1);
        buf[pos++] = (byte) b;
    }

    private void writeVarint(int value) {
        ensure(5);
        putVarint(value);
    }

    /** Writes a varint into room the caller has ensured (five bytes at most). */
    private void putVarint(int value) {
        byte[] b = buf;
        int p = pos;
        while ((value & ~0x7F) != 0) {
            b[p++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        b[p++] = (byte) value;
        pos = p;
    }

    private void writeBytes(byte[] bytes) {
        writeVarint(bytes.length);
        writeRaw(bytes);
    }

    private void writeUtf8(byte[] utf8) {
        int header = stringHeader(utf8.length, false);
        ensure(5 + utf8.length);
        putVarint(header);
        System.arraycopy(utf8, 0, buf, pos, utf8.length);
        pos += utf8.length;
    }

    private void writeRaw(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, pos, bytes.length);
        pos += bytes.length;
    }

    /**
     * Writes a string header and payload. ASCII, by far the most common, is copied char by char in
     * one pass, assuming it until a char says otherwise.
     */
    private void writeString(String s) {
        int n = s.length();
        int header = stringHeader(n, false);
        ensure(5 + n);
        int start = pos;
        putVarint(header);
        byte[] b = buf;
        int p = pos;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                pos = start;
                writeNonAscii(s);
                return;
            }
            b[p++] = (byte) c;
        }
        pos = p;
    }

    private void writeNonAscii(String s) {
        if (!AttrValue.S.hasLoneSurrogate(s)) {
            writeUtf8(s.getBytes(StandardCharsets.UTF_8));
            return;
        }
        // UTF-8 cannot hold a lone surrogate; UTF-16 code units keep the string exact
        int n = s.length();
        writeVarint(stringHeader(n, true));
        ensure(2 * n);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            buf[pos++] = (byte) (c >>> 8);
            buf[pos++] = (byte) c;
        }
    }

    private static int stringHeader(int length, boolean utf16) {
        if (length > ItemCodec.MAX_STRING_UNITS) {
            throw new IllegalArgumentException("Cannot encode a string of " + length
                    + " units in an item record; the limit is " + ItemCodec.MAX_STRING_UNITS);
        }
        return length << 1 | (utf16 ? 1 : 0);
    }

    private void ensure(int more) {
        if (buf.length - pos < more) {
            long wanted = Math.max((long) pos + more, 2L * buf.length);
            if (wanted > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("Item record too large to encode: over 2 GB");
            }
            buf = Arrays.copyOf(buf, (int) wanted);
        }
    }
}
