package dev.ddbimport.core.compress;

import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Decodes every member of a (possibly multi-member) GZIP stream. Written here rather than using
 * {@link java.util.zip.GZIPInputStream} because that class, on Java 17, decides whether another
 * member follows from {@code available()} (so it can stop early on network streams) and silently
 * drops trailing garbage; this one reads to the real end of the stream, checks every member's CRC and
 * length, and reports exact compressed offsets.
 *
 * <p>Trailing zero bytes after the last member (padding some tools add) are accepted; any other
 * trailing data is an error.
 */
final class GzipMembersInputStream extends InputStream {

    private static final int FHCRC = 0x02;
    private static final int FEXTRA = 0x04;
    private static final int FNAME = 0x08;
    private static final int FCOMMENT = 0x10;
    private static final int FRESERVED = 0xE0;

    private final InputStream src;
    private final byte[] in = new byte[64 * 1024];
    private int pos;
    private int lim;
    private long srcRead;

    private final Inflater inflater = new Inflater(true);
    private final CRC32 crc = new CRC32();
    private long memberOut;
    private boolean inMember;
    private int members;
    private boolean eof;
    private final byte[] one = new byte[1];

    GzipMembersInputStream(InputStream src) {
        this.src = src;
    }

    /** Compressed bytes consumed so far (the offset of the next undecoded byte). */
    long consumed() {
        return srcRead - (lim - pos);
    }

    @Override
    public int read() throws IOException {
        int n;
        do {
            n = read(one, 0, 1);
        } while (n == 0);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (!eof) {
            if (!inMember) {
                if (!startMember()) {
                    eof = true;
                    break;
                }
            }
            int remainingBefore = inflater.getRemaining();
            int n;
            try {
                n = inflater.inflate(b, off, len);
            } catch (DataFormatException e) {
                pos = lim - inflater.getRemaining();
                throw corrupt("invalid deflate data: " + e.getMessage(), e);
            }
            pos = lim - inflater.getRemaining();
            if (n > 0) {
                crc.update(b, off, n);
                memberOut += n;
                return n;
            }
            if (inflater.finished()) {
                finishMember();
            } else if (inflater.needsDictionary()) {
                throw corrupt("deflate data asks for a preset dictionary, which GZIP does not use", null);
            } else if (inflater.needsInput()) {
                if (!fill()) {
                    throw truncated("the object ends inside GZIP member " + members);
                }
                inflater.setInput(in, pos, lim - pos);
            } else if (inflater.getRemaining() == remainingBefore) {
                // no output, no input taken, not finished: never spin on a stuck decoder
                throw corrupt("deflate decoder made no progress", null);
            }
        }
        return -1;
    }

    private boolean startMember() throws IOException {
        int b0 = readByte();
        if (b0 < 0) {
            return false;
        }
        if (members > 0 && b0 != 0x1F) {
            return skipTrailingZeros(b0);
        }
        int b1 = readByte();
        if (b1 < 0) {
            throw truncated("the object ends inside a GZIP header");
        }
        if (b0 != 0x1F || b1 != 0x8B) {
            throw corrupt(
                    "data after GZIP member " + members + " is not another GZIP member (bytes 0x" + hexByte(b0)
                            + hexByte(b1) + ")",
                    null);
        }
        int method = headerByte();
        if (method != 8) {
            throw corrupt("GZIP header names compression method " + method + ", only 8 (deflate) exists", null);
        }
        int flags = headerByte();
        if ((flags & FRESERVED) != 0) {
            throw corrupt("GZIP header has reserved flag bits set (0x" + hexByte(flags) + ")", null);
        }
        for (int i = 0; i < 6; i++) { // MTIME, XFL, OS
            headerByte();
        }
        if ((flags & FEXTRA) != 0) {
            int xlen = headerByte() | (headerByte() << 8);
            for (int i = 0; i < xlen; i++) {
                headerByte();
            }
        }
        if ((flags & FNAME) != 0) {
            while (headerByte() != 0) {
                // file name, zero-terminated
            }
        }
        if ((flags & FCOMMENT) != 0) {
            while (headerByte() != 0) {
                // comment, zero-terminated
            }
        }
        if ((flags & FHCRC) != 0) {
            headerByte();
            headerByte();
        }
        inflater.reset();
        crc.reset();
        memberOut = 0;
        inflater.setInput(in, pos, lim - pos);
        inMember = true;
        members++;
        return true;
    }

    private boolean skipTrailingZeros(int first) throws IOException {
        long at = consumed() - 1;
        int b = first;
        while (b == 0) {
            b = readByte();
        }
        if (b < 0) {
            return false;
        }
        throw new CorruptDataException(
                "unexpected data after the last GZIP member, starting with byte 0x" + hexByte(b), false, at, null);
    }

    private void finishMember() throws IOException {
        long storedCrc = trailerInt();
        long storedSize = trailerInt();
        if (storedCrc != crc.getValue()) {
            throw corrupt(
                    "CRC-32 of GZIP member " + members + " is 0x" + Long.toHexString(crc.getValue())
                            + " but its trailer says 0x" + Long.toHexString(storedCrc),
                    null);
        }
        if (storedSize != (memberOut & 0xFFFFFFFFL)) {
            throw corrupt(
                    "GZIP member " + members + " decodes to " + memberOut + " bytes but its trailer says " + storedSize
                            + " (mod 2^32)",
                    null);
        }
        inMember = false;
    }

    private long trailerInt() throws IOException {
        long v = 0;
        for (int i = 0; i < 4; i++) {
            int b = readByte();
            if (b < 0) {
                throw truncated("the object ends inside the trailer of GZIP member " + members);
            }
            v |= (long) b << (8 * i);
        }
        return v;
    }

    private int headerByte() throws IOException {
        int b = readByte();
        if (b < 0) {
            throw truncated("the object ends inside a GZIP header");
        }
        return b;
    }

    private int readByte() throws IOException {
        if (pos == lim && !fill()) {
            return -1;
        }
        return in[pos++] & 0xFF;
    }

    /** Refills the input buffer once it is used up; false at the end of the stream. */
    private boolean fill() throws IOException {
        pos = 0;
        lim = 0;
        int n;
        do {
            n = src.read(in, 0, in.length);
        } while (n == 0);
        if (n < 0) {
            return false;
        }
        srcRead += n;
        lim = n;
        return true;
    }

    private CorruptDataException corrupt(String detail, Throwable cause) {
        return new CorruptDataException(detail, false, consumed(), cause);
    }

    private CorruptDataException truncated(String detail) {
        return new CorruptDataException(detail, true, consumed(), null);
    }

    private static String hexByte(int b) {
        String s = Integer.toHexString(b & 0xFF).toUpperCase(java.util.Locale.ROOT);
        return s.length() == 1 ? "0" + s : s;
    }

    @Override
    public void close() throws IOException {
        inflater.end();
        src.close();
    }
}
