package dev.ddbimport.core.frame;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.luben.zstd.Zstd;
import dev.ddbimport.core.compress.Compression;
import dev.ddbimport.core.error.ErrorCode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** The framer over real object streams: decompressed, failing, and far too long. */
class RecordFramerStreamTest {

    private static final long NO_LIMIT = Long.MAX_VALUE;

    @Test
    void shouldFrameTheSameRecordsAndBytesWhateverTheCompression() throws IOException {
        byte[] plain = lines(20_000);
        FramingRun none = run(Compression.NONE, plain, NO_LIMIT);
        FramingRun gzip = run(Compression.GZIP, gzip(plain), NO_LIMIT);
        FramingRun zstd = run(Compression.ZSTD, Zstd.compress(plain), NO_LIMIT);
        assertEquals(20_000, none.frames.size());
        assertEquals(none.described, gzip.described);
        assertEquals(none.described, zstd.described);
        assertEquals(plain.length, none.bytesRead);
        assertEquals(plain.length, gzip.bytesRead);
        assertEquals(plain.length, zstd.bytesRead);
    }

    @Test
    void shouldGiveTheRecordsBeforeACorruptGzipTailThenOneFatalError() throws IOException {
        byte[] plain = lines(20_000);
        byte[] object = gzip(plain);
        object[object.length - 6] ^= 0x40; // inside the CRC of the trailer: all data decodes, then fails
        FramingRun run = run(Compression.GZIP, object, NO_LIMIT);
        assertEquals(20_001, run.frames.size());
        for (int i = 0; i < 20_000; i++) {
            assertEquals(i, ((RawRecord) run.frames.get(i)).itemIndex());
        }
        FrameError error = (FrameError) run.frames.get(20_000);
        assertEquals(ErrorCode.DECOMPRESSION_FAILED, error.code());
        assertTrue(error.fatal());
        assertEquals(20_000, error.itemIndex());
        assertEquals(plain.length, error.offset());
        assertEquals(object.length, error.compressedOffset());
        assertTrue(error.message().startsWith("GZIP data is corrupt (CRC-32 of GZIP member 1 is 0x"), error.message());
        assertEquals(plain.length, run.bytesRead);
    }

    @Test
    void shouldGiveTheWholeRecordsBeforeATruncationThenOneFatalError() throws IOException {
        byte[] plain = lines(50_000);
        byte[] whole = gzip(plain);
        byte[] object = Arrays.copyOf(whole, whole.length / 2);
        FramingRun run = run(Compression.GZIP, object, NO_LIMIT);
        FrameError error = assertInstanceOf(FrameError.class, run.frames.get(run.frames.size() - 1));
        assertEquals(ErrorCode.DECOMPRESSION_FAILED, error.code());
        assertTrue(error.fatal());
        assertEquals(object.length, error.compressedOffset());
        assertTrue(error.message().contains("GZIP data is truncated"), error.message());
        assertTrue(error.message().contains("uncompressed byte offset " + error.offset()), error.message());
        int records = run.frames.size() - 1;
        assertEquals(records, error.itemIndex());
        RawRecord last = (RawRecord) run.frames.get(records - 1);
        // every record handed out is complete: it is exactly the line at its offset
        assertArrayEquals(
                Arrays.copyOfRange(plain, (int) last.offset(), (int) last.offset() + last.bytes().length),
                last.bytes());
        int end = (int) last.offset() + last.bytes().length;
        int terminator = plain[end] == '\r' ? 2 : 1;
        assertEquals('\n', plain[end + terminator - 1]);
        assertEquals(end + terminator, run.bytesRead);
        assertTrue(error.offset() >= run.bytesRead);
    }

    @Test
    void shouldReportADeclaredCompressionThatDoesNotMatchAsTheOnlyFrame() throws IOException {
        FramingRun run = run(Compression.ZSTD, gzip(lines(10)), NO_LIMIT);
        assertEquals(1, run.frames.size());
        FrameError error = (FrameError) run.frames.get(0);
        assertEquals(ErrorCode.COMPRESSION_MISMATCH, error.code());
        assertEquals(0, error.itemIndex());
        assertEquals(0, error.offset());
        assertEquals(0, error.compressedOffset());
        assertTrue(error.message().startsWith("Object is not ZSTD-compressed (starts with 0x1F8B0800, which is GZIP)"));
        assertTrue(error.fatal());
    }

    @Test
    void shouldStopAtTheUncompressedLimitWithAFatalError() throws IOException {
        byte[] plain = lines(100_000);
        FramingRun run = run(Compression.GZIP, gzip(plain), 1024 * 1024);
        FrameError error = assertInstanceOf(FrameError.class, run.frames.get(run.frames.size() - 1));
        assertEquals(ErrorCode.UNCOMPRESSED_LIMIT_EXCEEDED, error.code());
        assertTrue(error.fatal());
        assertTrue(error.message().contains("raise the uncompressed size limit"), error.message());
        assertTrue(error.offset() <= 1024 * 1024);
        assertTrue(run.bytesRead <= 1024 * 1024);
        assertEquals(run.frames.size() - 1, error.itemIndex());
    }

    @Test
    void shouldThrowFailuresOfTheStreamItself() throws IOException {
        IOException boom = new IOException("connection reset");
        InputStream failing = new InputStream() {
            private int left = 1000;

            @Override
            public int read() throws IOException {
                if (left-- <= 0) {
                    throw boom;
                }
                return left % 10 == 0 ? '\n' : 'x';
            }
        };
        try (RecordFramer framer = RecordFramer.lines(Compression.NONE.decompress(failing, NO_LIMIT), 100)) {
            IOException e = assertThrows(IOException.class, () -> {
                while (framer.next() != null) {
                    // drain
                }
            });
            assertSame(boom, e);
        }
    }

    @Test
    void shouldCloseItsStream() throws IOException {
        boolean[] closed = {false};
        InputStream in = new ByteArrayInputStream(new byte[0]) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        RecordFramer.csv(in, ',', true, 10).close();
        assertTrue(closed[0]);
    }

    @Test
    void shouldSkipAHugeLineInBoundedMemory() throws IOException {
        long huge = 50L * 1024 * 1024;
        InputStream in = new GeneratedInputStream("first\n", huge, (byte) 'x', "\nlast\n");
        try (RecordFramer framer = RecordFramer.lines(in, 1024 * 1024)) {
            assertEquals("R0@0:first", FramingRun.describe(framer.next()));
            FrameError error = (FrameError) framer.next();
            assertEquals(ErrorCode.RECORD_TOO_LARGE, error.code());
            assertEquals(1, error.itemIndex());
            assertEquals(6, error.offset());
            assertEquals(256, error.head().length);
            assertEquals("R2@" + (6 + huge + 1) + ":last", FramingRun.describe(framer.next()));
            assertNull(framer.next());
            assertEquals(6 + huge + 6, framer.bytesRead());
        }
    }

    @Test
    void shouldSkipAHugeQuotedCsvFieldInBoundedMemory() throws IOException {
        long huge = 30L * 1024 * 1024;
        // a quoted field full of line breaks and delimiters, closed, then the next record
        InputStream in = new GeneratedInputStream("h\n\"", huge, (byte) '\n', "\"\r\nlast\n");
        try (RecordFramer framer = RecordFramer.csv(in, ',', true, 1024 * 1024)) {
            assertEquals("H@0:h", FramingRun.describe(framer.next()));
            FrameError error = (FrameError) framer.next();
            assertEquals(ErrorCode.RECORD_TOO_LARGE, error.code());
            assertEquals(0, error.itemIndex());
            assertEquals(2, error.offset());
            assertEquals("R1@" + (2 + 1 + huge + 3) + ":last", FramingRun.describe(framer.next()));
            assertNull(framer.next());
        }
    }

    private static FramingRun run(Compression compression, byte[] object, long limit) throws IOException {
        return FramingRun.once(
                RecordFramer.lines(compression.decompress(new ByteArrayInputStream(object), limit), 1024));
    }

    private static byte[] lines(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append("{\"Item\":{\"pk\":{\"S\":\"").append(i).append("\"}}}");
            sb.append(i % 3 == 0 ? "\r\n" : "\n");
        }
        return sb.toString().getBytes(UTF_8);
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    /** A prefix, then {@code count} copies of one byte made up on the fly, then a suffix. */
    private static final class GeneratedInputStream extends InputStream {
        private final byte[] prefix;
        private final byte[] suffix;
        private final byte fill;
        private final long total;
        private long pos;

        GeneratedInputStream(String prefix, long count, byte fill, String suffix) {
            this.prefix = prefix.getBytes(UTF_8);
            this.suffix = suffix.getBytes(UTF_8);
            this.fill = fill;
            this.total = this.prefix.length + count + this.suffix.length;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            if (pos >= total) {
                return -1;
            }
            int n = (int) Math.min(len, total - pos);
            for (int i = 0; i < n; i++) {
                long p = pos + i;
                long suffixStart = total - suffix.length;
                b[off + i] =
                        p < prefix.length ? prefix[(int) p] : p >= suffixStart ? suffix[(int) (p - suffixStart)] : fill;
            }
            pos += n;
            return n;
        }
    }
}
