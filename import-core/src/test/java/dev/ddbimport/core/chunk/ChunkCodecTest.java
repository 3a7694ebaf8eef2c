package dev.ddbimport.core.chunk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddbimport.core.error.ErrorCode;
import dev.ddbimport.core.frame.Frame;
import dev.ddbimport.core.frame.FrameError;
import dev.ddbimport.core.frame.HeaderLine;
import dev.ddbimport.core.frame.RawRecord;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChunkCodecTest {

    private static RawRecord record(long index, long offset, String text) {
        return new RawRecord(index, offset, text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldRoundTripRecordsAndErrorsInOrder() {
        FrameError error = new FrameError(
                1,
                12,
                -1,
                ErrorCode.RECORD_TOO_LARGE,
                "Record at itemIndex 1 is too large — é",
                new byte[] {1, 2},
                false);
        FrameError fatal = new FrameError(3, 5_000_000_000L, 77, ErrorCode.DECOMPRESSION_FAILED, "corrupt", null, true);
        List<Frame> in = List.of(record(0, 0, "a,b"), error, record(2, 300, "x".repeat(200)), fatal);

        byte[] value = ChunkCodec.encode(in);
        List<Frame> out = ChunkCodec.decode(value);

        int expectedSize = ChunkCodec.emptySize();
        for (Frame f : in) {
            expectedSize += ChunkCodec.encodedSize(f);
        }
        assertEquals(expectedSize, value.length);
        assertEquals(4, out.size());
        RawRecord r0 = (RawRecord) out.get(0);
        assertEquals(0, r0.itemIndex());
        assertArrayEquals("a,b".getBytes(StandardCharsets.UTF_8), r0.bytes());
        FrameError e1 = (FrameError) out.get(1);
        assertEquals(1, e1.itemIndex());
        assertEquals(12, e1.offset());
        assertEquals(-1, e1.compressedOffset());
        assertEquals(ErrorCode.RECORD_TOO_LARGE, e1.code());
        assertEquals("Record at itemIndex 1 is too large — é", e1.message());
        assertArrayEquals(new byte[] {1, 2}, e1.head());
        assertEquals(false, e1.fatal());
        assertEquals(300, ((RawRecord) out.get(2)).offset());
        FrameError e3 = (FrameError) out.get(3);
        assertEquals(5_000_000_000L, e3.offset());
        assertEquals(77, e3.compressedOffset());
        assertEquals(0, e3.head().length);
        assertTrue(e3.fatal());
    }

    @Test
    void shouldEncodeAnEmptyChunk() {
        byte[] value = ChunkCodec.encode(List.of());
        assertEquals(1, value.length);
        assertEquals(List.of(), ChunkCodec.decode(value));
    }

    @Test
    void shouldRefuseAHeaderLineAsAnEntry() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> ChunkCodec.encode(List.of(new HeaderLine(0, new byte[] {1}))));
        assertEquals("a chunk holds records and framing errors, not HeaderLine", e.getMessage());
    }

    @Test
    void shouldRejectEmptyAndWrongVersion() {
        assertEquals(
                "not a chunk: the value is empty",
                assertThrows(IllegalArgumentException.class, () -> ChunkCodec.decode(new byte[0]))
                        .getMessage());
        assertEquals(
                "not a chunk: version byte is 0x7b, expected 0x01",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> ChunkCodec.decode("{}".getBytes(StandardCharsets.UTF_8)))
                        .getMessage());
    }

    @Test
    void shouldRejectUnknownTagAndTruncation() {
        assertEquals(
                "not a chunk: unknown entry tag 0x9 at byte 1",
                assertThrows(IllegalArgumentException.class, () -> ChunkCodec.decode(new byte[] {1, 9}))
                        .getMessage());
        byte[] good = ChunkCodec.encode(List.of(record(0, 0, "hello")));
        byte[] cut = Arrays.copyOf(good, good.length - 1);
        assertEquals(
                "not a chunk: a 5-byte field at byte 5 runs past the end (9)",
                assertThrows(IllegalArgumentException.class, () -> ChunkCodec.decode(cut))
                        .getMessage());
    }

    @Test
    void shouldRejectAnUnknownErrorCode() {
        byte[] good =
                ChunkCodec.encode(List.of(new FrameError(0, 0, -1, ErrorCode.READ_FAILED, "m", new byte[0], true)));
        String encoded = new String(good, StandardCharsets.ISO_8859_1).replace("READ_FAILED", "READ_FAILEX");
        byte[] bad = encoded.getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(
                "not a chunk: unknown error code 'READ_FAILEX' at byte 1",
                assertThrows(IllegalArgumentException.class, () -> ChunkCodec.decode(bad))
                        .getMessage());
    }

    @Test
    void shouldNeverFailOtherwiseThanWithIllegalArgumentOnGarbage() {
        Random random = new Random(42);
        byte[] good = ChunkCodec.encode(List.of(
                record(0, 0, "abc"),
                new FrameError(1, 4, 9, ErrorCode.CSV_UNTERMINATED_QUOTE, "m", new byte[] {3}, true)));
        for (int i = 0; i < 5_000; i++) {
            byte[] garbage;
            if (random.nextBoolean()) {
                garbage = new byte[1 + random.nextInt(40)];
                random.nextBytes(garbage);
                garbage[0] = ChunkCodec.VERSION;
            } else {
                garbage = good.clone();
                garbage[1 + random.nextInt(garbage.length - 1)] = (byte) random.nextInt();
            }
            try {
                ChunkCodec.decode(garbage);
            } catch (IllegalArgumentException expected) {
                // the only allowed failure
            }
        }
    }
}
