package dev.ddbimport.core.chunk;

import dev.ddbimport.core.error.ErrorCode;
import dev.ddbimport.core.frame.Frame;
import dev.ddbimport.core.frame.FrameError;
import dev.ddbimport.core.frame.HeaderLine;
import dev.ddbimport.core.frame.RawRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Encodes a chunk's entries ({@link RawRecord}s and {@link FrameError}s) into a chunk record value and
 * back; the layout is in the package documentation. Encoding sizes the array exactly first, so a
 * record's bytes are copied once.
 */
public final class ChunkCodec {

    static final byte VERSION = 0x01;
    static final byte RECORD = 0x01;
    static final byte ERROR = 0x02;

    private ChunkCodec() {}

    /** Encoded bytes of an empty chunk. */
    public static int emptySize() {
        return 1;
    }

    /**
     * Bytes {@code frame} adds to an encoded chunk.
     *
     * @throws IllegalArgumentException for a {@link HeaderLine}: headers travel as a record header
     */
    public static int encodedSize(Frame frame) {
        if (frame instanceof RawRecord r) {
            return 1 + varintSize(r.itemIndex()) + varintSize(r.offset()) + bytesSize(r.bytes().length);
        }
        if (frame instanceof FrameError e) {
            return 1
                    + varintSize(e.itemIndex())
                    + varintSize(e.offset())
                    + varintSize(zigzag(e.compressedOffset()))
                    + bytesSize(utf8Length(e.code().name()))
                    + bytesSize(utf8Length(e.message()))
                    + bytesSize(headOf(e).length)
                    + 1;
        }
        throw new IllegalArgumentException("a chunk holds records and framing errors, not " + kind(frame));
    }

    /** The chunk value holding {@code entries} in order. */
    public static byte[] encode(List<? extends Frame> entries) {
        int size = emptySize();
        for (Frame f : entries) {
            size += encodedSize(f);
        }
        byte[] out = new byte[size];
        int p = 0;
        out[p++] = VERSION;
        for (Frame f : entries) {
            if (f instanceof RawRecord r) {
                out[p++] = RECORD;
                p = putVarint(out, p, r.itemIndex());
                p = putVarint(out, p, r.offset());
                p = putBytes(out, p, r.bytes());
            } else {
                FrameError e = (FrameError) f;
                out[p++] = ERROR;
                p = putVarint(out, p, e.itemIndex());
                p = putVarint(out, p, e.offset());
                p = putVarint(out, p, zigzag(e.compressedOffset()));
                p = putBytes(out, p, e.code().name().getBytes(StandardCharsets.UTF_8));
                p = putBytes(out, p, e.message().getBytes(StandardCharsets.UTF_8));
                p = putBytes(out, p, headOf(e));
                out[p++] = (byte) (e.fatal() ? 1 : 0);
            }
        }
        return out;
    }

    /**
     * The entries of a chunk value, in order.
     *
     * @throws IllegalArgumentException when {@code value} is not a chunk of this version (truncated,
     *     unknown entry tag or error code, lengths past the end)
     */
    public static List<Frame> decode(byte[] value) {
        if (value == null || value.length == 0) {
            throw new IllegalArgumentException("not a chunk: the value is empty");
        }
        if (value[0] != VERSION) {
            throw new IllegalArgumentException("not a chunk: version byte is 0x" + Integer.toHexString(value[0] & 0xFF)
                    + ", expected 0x0" + VERSION);
        }
        Reader in = new Reader(value);
        List<Frame> entries = new ArrayList<>();
        while (in.pos < value.length) {
            int entryStart = in.pos;
            byte tag = value[in.pos++];
            if (tag == RECORD) {
                long itemIndex = in.varint();
                long offset = in.varint();
                entries.add(new RawRecord(itemIndex, offset, in.bytes()));
            } else if (tag == ERROR) {
                long itemIndex = in.varint();
                long offset = in.varint();
                long compressedOffset = unzigzag(in.varint());
                String codeName = in.string();
                ErrorCode code;
                try {
                    code = ErrorCode.valueOf(codeName);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(
                            "not a chunk: unknown error code '" + codeName + "' at byte " + entryStart, e);
                }
                String message = in.string();
                byte[] head = in.bytes();
                boolean fatal = in.flag();
                entries.add(new FrameError(itemIndex, offset, compressedOffset, code, message, head, fatal));
            } else {
                throw new IllegalArgumentException("not a chunk: unknown entry tag 0x" + Integer.toHexString(tag & 0xFF)
                        + " at byte " + entryStart);
            }
        }
        return entries;
    }

    private static byte[] headOf(FrameError e) {
        return e.head() == null ? new byte[0] : e.head();
    }

    private static String kind(Frame frame) {
        return frame == null ? "null" : frame.getClass().getSimpleName();
    }

    private static int bytesSize(int length) {
        return varintSize(length) + length;
    }

    private static int utf8Length(String s) {
        // errors are rare: exactness matters more than speed here
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    static int varintSize(long v) {
        int n = 1;
        while ((v & ~0x7FL) != 0) {
            v >>>= 7;
            n++;
        }
        return n;
    }

    private static int putVarint(byte[] out, int p, long v) {
        while ((v & ~0x7FL) != 0) {
            out[p++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out[p++] = (byte) v;
        return p;
    }

    private static int putBytes(byte[] out, int p, byte[] bytes) {
        p = putVarint(out, p, bytes.length);
        System.arraycopy(bytes, 0, out, p, bytes.length);
        return p + bytes.length;
    }

    private static long zigzag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    private static long unzigzag(long v) {
        return (v >>> 1) ^ -(v & 1);
    }

    /** Bounds-checked reads; every overrun is an {@link IllegalArgumentException}. */
    private static final class Reader {
        private final byte[] a;
        private int pos = 1;

        Reader(byte[] a) {
            this.a = a;
        }

        long varint() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (pos >= a.length) {
                    throw new IllegalArgumentException("not a chunk: truncated number at byte " + pos);
                }
                byte b = a[pos++];
                v |= (long) (b & 0x7F) << shift;
                if (b >= 0) {
                    return v;
                }
            }
            throw new IllegalArgumentException("not a chunk: number longer than 10 bytes at byte " + pos);
        }

        byte[] bytes() {
            long len = varint();
            if (len < 0 || len > a.length - pos) {
                throw new IllegalArgumentException("not a chunk: a " + len + "-byte field at byte " + pos
                        + " runs past the end (" + a.length + ")");
            }
            byte[] b = Arrays.copyOfRange(a, pos, pos + (int) len);
            pos += (int) len;
            return b;
        }

        String string() {
            return new String(bytes(), StandardCharsets.UTF_8);
        }

        boolean flag() {
            if (pos >= a.length) {
                throw new IllegalArgumentException("not a chunk: truncated flag at byte " + pos);
            }
            byte b = a[pos++];
            if (b != 0 && b != 1) {
                throw new IllegalArgumentException("not a chunk: flag byte " + b + " at byte " + (pos - 1));
            }
            return b == 1;
        }
    }
}
