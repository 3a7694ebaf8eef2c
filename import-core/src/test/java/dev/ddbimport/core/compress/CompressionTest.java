package dev.ddbimport.core.compress;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.luben.zstd.Zstd;
import dev.ddbimport.core.error.ErrorCode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CompressionTest {

    private static final long NO_LIMIT = Long.MAX_VALUE;

    @Test
    void shouldKeepTheImportTableNames() {
        assertEquals(
                "NONE,GZIP,ZSTD",
                String.join(
                        ",", Arrays.stream(Compression.values()).map(Enum::name).toList()));
    }

    @Test
    void shouldDecodeASingleGzipMember() throws IOException {
        byte[] data = text(200_000);
        assertArrayEquals(data, readAll(Compression.GZIP, gzip(data), NO_LIMIT));
    }

    @Test
    void shouldDecodeEveryMemberOfAMultiMemberGzip() throws IOException {
        byte[] a = "first member\n".getBytes(UTF_8);
        byte[] b = text(100_000);
        byte[] c = new byte[0]; // an empty member is still a member
        byte[] d = "last member\n".getBytes(UTF_8);
        byte[] object = concat(gzip(a), gzip(b), gzip(c), gzip(d));
        assertArrayEquals(concat(a, b, c, d), readAll(Compression.GZIP, object, NO_LIMIT));
    }

    @Test
    void shouldDecodeAllGzipMembersEvenWhenTheSourceTrickles() throws IOException {
        // a source that hands out one byte per read and reports nothing available, like a slow socket
        byte[] a = "one\n".getBytes(UTF_8);
        byte[] b = "two\n".getBytes(UTF_8);
        InputStream trickle = new TrickleInputStream(concat(gzip(a), gzip(b)));
        try (InputStream in = Compression.GZIP.decompress(trickle, NO_LIMIT)) {
            assertArrayEquals(concat(a, b), in.readAllBytes());
        }
    }

    @Test
    void shouldSkipOptionalGzipHeaderFields() throws IOException {
        byte[] data = "with a name, an extra field, a comment and a header CRC\n".getBytes(UTF_8);
        byte[] plain = gzip(data);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {0x1F, (byte) 0x8B, 8, 0x02 | 0x04 | 0x08 | 0x10, 0, 0, 0, 0, 0, 3});
        out.write(new byte[] {3, 0, 'x', 'y', 'z'}); // FEXTRA
        out.write("name.json\0".getBytes(UTF_8)); // FNAME
        out.write("a comment\0".getBytes(UTF_8)); // FCOMMENT
        out.write(new byte[] {0x12, 0x34}); // FHCRC (not checked)
        out.write(plain, 10, plain.length - 10); // the deflate data and trailer
        assertArrayEquals(data, readAll(Compression.GZIP, out.toByteArray(), NO_LIMIT));
    }

    @Test
    void shouldAcceptZeroPaddingAfterTheLastGzipMember() throws IOException {
        byte[] data = "padded\n".getBytes(UTF_8);
        assertArrayEquals(data, readAll(Compression.GZIP, concat(gzip(data), new byte[512]), NO_LIMIT));
    }

    @Test
    void shouldRejectGarbageAfterTheLastGzipMember() throws IOException {
        byte[] data = "good\n".getBytes(UTF_8);
        byte[] member = gzip(data);
        byte[] object = concat(member, "junk".getBytes(UTF_8));
        DecompressionException e = readUntilFailure(Compression.GZIP, object, NO_LIMIT);
        assertEquals(DecompressionException.Kind.CORRUPT, e.kind());
        assertContains(
                e.getMessage(),
                "GZIP data is corrupt (unexpected data after the last GZIP member, starting with byte 0x6A)");
        assertEquals(member.length, e.compressedOffset());
        assertEquals(data.length, e.uncompressedOffset());
    }

    @Test
    void shouldRejectAGzipMemberWhoseCrcDoesNotMatch() throws IOException {
        byte[] data = "checked\n".getBytes(UTF_8);
        byte[] object = gzip(data);
        object[object.length - 8] ^= 0x01; // first CRC byte of the trailer
        DecompressionException e = readUntilFailure(Compression.GZIP, object, NO_LIMIT);
        assertEquals(ErrorCode.DECOMPRESSION_FAILED, e.errorCode());
        assertContains(e.getMessage(), "CRC-32 of GZIP member 1 is 0x");
        assertContains(e.getMessage(), "at compressed byte offset " + object.length + ", uncompressed byte offset 8");
    }

    @Test
    void shouldRejectCorruptDeflateDataWithOffsets() throws IOException {
        byte[] data = text(50_000);
        byte[] object = gzip(data);
        // a deflate block header with the reserved block type 3
        object[10] = (byte) 0x07;
        DecompressionException e = readUntilFailure(Compression.GZIP, object, NO_LIMIT);
        assertEquals(DecompressionException.Kind.CORRUPT, e.kind());
        assertContains(e.getMessage(), "GZIP data is corrupt (invalid deflate data: invalid block type)");
        assertEquals(0, e.uncompressedOffset());
        assertTrue(e.compressedOffset() >= 10 && e.compressedOffset() <= 12, "offset " + e.compressedOffset());
    }

    @Test
    void shouldReportATruncatedGzipWithBothOffsets() throws IOException {
        byte[] data = text(100_000);
        byte[] whole = gzip(data);
        byte[] object = Arrays.copyOf(whole, whole.length / 2);
        DecompressionException e = readUntilFailure(Compression.GZIP, object, NO_LIMIT);
        assertEquals(DecompressionException.Kind.TRUNCATED, e.kind());
        assertEquals(ErrorCode.DECOMPRESSION_FAILED, e.errorCode());
        assertContains(e.getMessage(), "GZIP data is truncated (the object ends inside GZIP member 1)");
        assertEquals(object.length, e.compressedOffset());
        assertTrue(e.uncompressedOffset() > 0 && e.uncompressedOffset() < data.length);
        assertContains(e.getMessage(), "uncompressed byte offset " + e.uncompressedOffset());
    }

    @Test
    void shouldReportAGzipCutInsideItsHeaderOrTrailer() throws IOException {
        byte[] whole = gzip("x\n".getBytes(UTF_8));
        DecompressionException header = readUntilFailure(Compression.GZIP, Arrays.copyOf(whole, 5), NO_LIMIT);
        assertContains(header.getMessage(), "GZIP data is truncated (the object ends inside a GZIP header)");
        assertEquals(5, header.compressedOffset());
        DecompressionException trailer =
                readUntilFailure(Compression.GZIP, Arrays.copyOf(whole, whole.length - 3), NO_LIMIT);
        assertContains(
                trailer.getMessage(), "GZIP data is truncated (the object ends inside the trailer of GZIP member 1)");
        assertEquals(whole.length - 3, trailer.compressedOffset());
    }

    @Test
    void shouldDecodeASingleZstdFrame() throws IOException {
        byte[] data = text(200_000);
        assertArrayEquals(data, readAll(Compression.ZSTD, Zstd.compress(data), NO_LIMIT));
    }

    @Test
    void shouldDecodeEveryZstdFrameAndSkipSkippableFrames() throws IOException {
        byte[] a = "frame one\n".getBytes(UTF_8);
        byte[] b = text(100_000);
        byte[] skippable = {0x5A, 0x2A, 0x4D, 0x18, 3, 0, 0, 0, 9, 9, 9};
        byte[] object = concat(Zstd.compress(a), skippable, Zstd.compress(b));
        assertArrayEquals(concat(a, b), readAll(Compression.ZSTD, object, NO_LIMIT));
        // a skippable frame may also come first
        assertArrayEquals(a, readAll(Compression.ZSTD, concat(skippable, Zstd.compress(a)), NO_LIMIT));
    }

    @Test
    void shouldReportATruncatedZstdWithBothOffsets() throws IOException {
        byte[] data = "abcdefghij\n".repeat(1000).getBytes(UTF_8);
        byte[] first = Zstd.compress(data);
        byte[] second = Zstd.compress("tail\n".getBytes(UTF_8));
        byte[] object = Arrays.copyOf(concat(first, second), first.length + second.length - 3);
        DecompressionException e = readUntilFailure(Compression.ZSTD, object, NO_LIMIT);
        assertEquals(DecompressionException.Kind.TRUNCATED, e.kind());
        assertEquals(ErrorCode.DECOMPRESSION_FAILED, e.errorCode());
        assertContains(e.getMessage(), "ZSTD data is truncated");
        assertEquals(object.length, e.compressedOffset());
        // the library may hand out a little of the cut frame before it sees the end
        assertTrue(e.uncompressedOffset() >= data.length && e.uncompressedOffset() < data.length + 5);
    }

    @Test
    void shouldRejectGarbageAfterAZstdFrame() throws IOException {
        byte[] data = "fine\n".getBytes(UTF_8);
        byte[] frame = Zstd.compress(data);
        byte[] object = concat(frame, "this is not zstd".getBytes(UTF_8));
        DecompressionException e = readUntilFailure(Compression.ZSTD, object, NO_LIMIT);
        assertEquals(DecompressionException.Kind.CORRUPT, e.kind());
        assertContains(e.getMessage(), "ZSTD data is corrupt (Unknown frame descriptor)");
        assertEquals(object.length, e.compressedOffset());
        assertEquals(data.length, e.uncompressedOffset());
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void shouldGiveNothingForAZeroLengthObject(Compression compression) throws IOException {
        assertEquals(0, readAll(compression, new byte[0], NO_LIMIT).length);
        assertEquals(0, readAll(compression, new byte[0], 0).length);
    }

    @Test
    void shouldRejectGzipDeclaredButZstdGiven() throws IOException {
        DecompressionException e = readUntilFailure(Compression.GZIP, Zstd.compress(text(10)), NO_LIMIT);
        assertMismatch(e, "Object is not GZIP-compressed (starts with 0x28B52FFD, which is ZSTD)");
        assertContains(e.getMessage(), "set InputCompressionType to ZSTD");
    }

    @Test
    void shouldRejectGzipDeclaredButPlainTextGiven() throws IOException {
        DecompressionException e = readUntilFailure(Compression.GZIP, "a,b,c\n1,2,3\n".getBytes(UTF_8), NO_LIMIT);
        assertMismatch(e, "Object is not GZIP-compressed (starts with 0x612C622C, which is neither GZIP nor ZSTD)");
        assertContains(e.getMessage(), "set InputCompressionType to NONE if the object is not compressed");
    }

    @Test
    void shouldRejectZstdDeclaredButGzipGiven() throws IOException {
        DecompressionException e = readUntilFailure(Compression.ZSTD, gzip(text(10)), NO_LIMIT);
        assertMismatch(e, "Object is not ZSTD-compressed (starts with 0x1F8B0800, which is GZIP)");
        assertContains(e.getMessage(), "set InputCompressionType to GZIP");
    }

    @Test
    void shouldRejectZstdDeclaredButPlainTextGiven() throws IOException {
        DecompressionException e = readUntilFailure(Compression.ZSTD, "{\"Item\"".getBytes(UTF_8), NO_LIMIT);
        assertMismatch(e, "Object is not ZSTD-compressed (starts with 0x7B224974, which is neither GZIP nor ZSTD)");
    }

    @Test
    void shouldRejectNoneDeclaredButGzipGiven() throws IOException {
        DecompressionException e = readUntilFailure(Compression.NONE, gzip(text(10)), NO_LIMIT);
        assertMismatch(e, "Object is declared uncompressed (NONE) but starts with 0x1F8B0800, which is GZIP");
        assertContains(e.getMessage(), "set InputCompressionType to GZIP");
    }

    @Test
    void shouldRejectNoneDeclaredButZstdGiven() throws IOException {
        DecompressionException e = readUntilFailure(Compression.NONE, Zstd.compress(text(10)), NO_LIMIT);
        assertMismatch(e, "Object is declared uncompressed (NONE) but starts with 0x28B52FFD, which is ZSTD");
    }

    @Test
    void shouldRejectAnObjectTooShortToBeCompressed() throws IOException {
        DecompressionException e = readUntilFailure(Compression.GZIP, new byte[] {0x1F}, NO_LIMIT);
        assertMismatch(e, "Object is not GZIP-compressed (starts with 0x1F, which is neither GZIP nor ZSTD)");
    }

    @Test
    void shouldStopAGzipBombAtTheLimit() throws IOException {
        byte[] object = gzip(new byte[10 * 1024 * 1024]);
        long limit = 1024 * 1024;
        DecompressionException e = readUntilFailure(Compression.GZIP, object, limit);
        assertTrue(e.limitExceeded());
        assertEquals(ErrorCode.UNCOMPRESSED_LIMIT_EXCEEDED, e.errorCode());
        assertContains(e.getMessage(), "Object is larger than the 1048576-byte uncompressed size limit (GZIP)");
        assertContains(e.getMessage(), "raise the uncompressed size limit");
        assertTrue(e.uncompressedOffset() <= limit, "handed out " + e.uncompressedOffset());
        assertTrue(e.compressedOffset() > 0 && e.compressedOffset() <= object.length);
    }

    @Test
    void shouldStopAZstdBombAtTheLimit() throws IOException {
        byte[] object = Zstd.compress(new byte[10 * 1024 * 1024]);
        DecompressionException e = readUntilFailure(Compression.ZSTD, object, 1024 * 1024);
        assertTrue(e.limitExceeded());
        assertTrue(e.uncompressedOffset() <= 1024 * 1024);
    }

    @Test
    void shouldApplyTheLimitToUncompressedObjectsAndAllowExactlyTheLimit() throws IOException {
        byte[] data = text(5000);
        assertArrayEquals(data, readAll(Compression.NONE, data, data.length));
        DecompressionException e = readUntilFailure(Compression.NONE, data, data.length - 1);
        assertTrue(e.limitExceeded());
        assertContains(
                e.getMessage(),
                "Object is larger than the " + (data.length - 1) + "-byte uncompressed size limit (NONE)");
        assertFalse(e.uncompressedOffset() > data.length - 1);
    }

    @Test
    void shouldKeepFailingAfterTheFirstFailure() throws IOException {
        try (InputStream in = Compression.GZIP.decompress(new ByteArrayInputStream(new byte[] {'x', 'y'}), 10)) {
            DecompressionException first = assertThrows(DecompressionException.class, in::read);
            assertSame(first, assertThrows(DecompressionException.class, in::read));
        }
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void shouldPassFailuresOfTheRawStreamThroughUnchanged(Compression compression) throws IOException {
        byte[] object = switch (compression) {
            case NONE -> text(100_000);
            case GZIP -> gzip(text(100_000));
            case ZSTD -> Zstd.compress(text(100_000));
        };
        IOException boom = new IOException("connection reset");
        InputStream failing = new FailingAfterInputStream(object, 1000, boom);
        try (InputStream in = Compression.valueOf(compression.name()).decompress(failing, NO_LIMIT)) {
            IOException e = assertThrows(IOException.class, in::readAllBytes);
            assertFalse(e instanceof DecompressionException, e.toString());
            assertSame(boom, e);
        }
    }

    @Test
    void shouldReadNothingBeforeTheFirstReadAndCloseTheRawStream() throws IOException {
        CloseTrackingInputStream raw = new CloseTrackingInputStream(gzip(text(10)));
        InputStream in = Compression.GZIP.decompress(raw, NO_LIMIT);
        assertEquals(0, raw.reads);
        in.close();
        assertTrue(raw.closed);

        CloseTrackingInputStream empty = new CloseTrackingInputStream(new byte[0]);
        try (InputStream in2 = Compression.ZSTD.decompress(empty, NO_LIMIT)) {
            assertEquals(-1, in2.read());
        }
        assertTrue(empty.closed);
    }

    @Test
    void shouldSniffMagicNumbers() {
        assertEquals(Compression.GZIP, Compression.sniff(new byte[] {0x1F, (byte) 0x8B}, 2));
        assertEquals(Compression.ZSTD, Compression.sniff(new byte[] {0x28, (byte) 0xB5, 0x2F, (byte) 0xFD}, 4));
        assertEquals(Compression.ZSTD, Compression.sniff(new byte[] {0x53, 0x2A, 0x4D, 0x18}, 4));
        assertEquals(Compression.NONE, Compression.sniff(new byte[] {0x28, (byte) 0xB5, 0x2F, (byte) 0xFD}, 3));
        assertEquals(Compression.NONE, Compression.sniff(new byte[] {0x1F, (byte) 0x8B}, 1));
        assertEquals(Compression.NONE, Compression.sniff("{\"It".getBytes(UTF_8), 4));
        assertEquals(Compression.NONE, Compression.sniff(new byte[0], 0));
    }

    private static void assertMismatch(DecompressionException e, String start) {
        assertEquals(DecompressionException.Kind.MISMATCH, e.kind());
        assertEquals(ErrorCode.COMPRESSION_MISMATCH, e.errorCode());
        assertTrue(e.getMessage().startsWith(start), e.getMessage());
        assertContains(e.getMessage(), "at compressed byte offset 0, uncompressed byte offset 0");
        assertEquals(0, e.compressedOffset());
        assertEquals(0, e.uncompressedOffset());
        assertFalse(e.limitExceeded());
    }

    static void assertContains(String actual, String expected) {
        assertTrue(actual.contains(expected), () -> "expected <" + expected + "> in <" + actual + ">");
    }

    static byte[] readAll(Compression compression, byte[] object, long limit) throws IOException {
        try (InputStream in = compression.decompress(new ByteArrayInputStream(object), limit)) {
            return in.readAllBytes();
        }
    }

    static DecompressionException readUntilFailure(Compression compression, byte[] object, long limit)
            throws IOException {
        try (InputStream in = compression.decompress(new ByteArrayInputStream(object), limit)) {
            byte[] buf = new byte[8192];
            return assertThrows(DecompressionException.class, () -> {
                while (in.read(buf, 0, buf.length) >= 0) {
                    // drain
                }
            });
        }
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    static byte[] text(int lines) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lines; i++) {
            sb.append("{\"Item\":{\"pk\":{\"S\":\"").append(i).append("\"}}}\n");
        }
        return sb.toString().getBytes(UTF_8);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** One byte per read, nothing ever available. */
    private static final class TrickleInputStream extends InputStream {
        private final byte[] data;
        private int pos;

        TrickleInputStream(byte[] data) {
            this.data = data;
        }

        @Override
        public int read() {
            return pos < data.length ? data[pos++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            int c = read();
            if (c < 0) {
                return -1;
            }
            b[off] = (byte) c;
            return 1;
        }

        @Override
        public int available() {
            return 0;
        }
    }

    private static final class FailingAfterInputStream extends InputStream {
        private final ByteArrayInputStream data;
        private int left;
        private final IOException failure;

        FailingAfterInputStream(byte[] data, int failAfter, IOException failure) {
            this.data = new ByteArrayInputStream(data);
            this.left = failAfter;
            this.failure = failure;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left == 0) {
                throw failure;
            }
            int n = data.read(b, off, Math.min(len, left));
            left -= Math.max(n, 0);
            return n;
        }
    }

    private static final class CloseTrackingInputStream extends ByteArrayInputStream {
        int reads;
        boolean closed;

        CloseTrackingInputStream(byte[] data) {
            super(data);
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) {
            reads++;
            return super.read(b, off, len);
        }

        @Override
        public synchronized int read() {
            reads++;
            return super.read();
        }

        @Override
        public void close() throws IOException {
            closed = true;
            super.close();
        }
    }
}
