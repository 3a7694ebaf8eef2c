package dev.ddbimport.core.chunk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddbimport.core.compress.Compression;
import dev.ddbimport.core.error.ErrorCode;
import dev.ddbimport.core.frame.Frame;
import dev.ddbimport.core.frame.FrameError;
import dev.ddbimport.core.frame.RawRecord;
import dev.ddbimport.core.frame.RecordFramer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ObjectChunkerTest {

    private static RecordFramer lines(String text, int maxRecord) {
        return RecordFramer.lines(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), maxRecord);
    }

    private static List<Chunk> all(ObjectChunker chunker) throws IOException {
        List<Chunk> chunks = new ArrayList<>();
        Chunk c;
        while ((c = chunker.next()) != null) {
            chunks.add(c);
        }
        return chunks;
    }

    private static String lines(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append("record-").append(String.format("%04d", i)).append('\n');
        }
        return sb.toString();
    }

    @Test
    void shouldPackWholeRecordsWithinTheBoundAndMarkTheLastChunk() throws IOException {
        String text = lines(100); // 12 bytes per line, 11 without LF
        List<Chunk> chunks = all(new ObjectChunker(lines(text, 1000), 64, 0, 0));

        long expectedIndex = 0;
        for (int i = 0; i < chunks.size(); i++) {
            Chunk c = chunks.get(i);
            assertEquals(i, c.index());
            assertTrue(c.value().length <= 64, "chunk " + i + " has " + c.value().length + " bytes");
            assertEquals(c.index() == chunks.size() - 1, c.last());
            List<Frame> entries = ChunkCodec.decode(c.value());
            assertEquals(c.entries(), entries.size());
            assertEquals(expectedIndex, c.firstItemIndex());
            for (Frame f : entries) {
                RawRecord r = (RawRecord) f;
                assertEquals(expectedIndex, r.itemIndex());
                assertEquals(expectedIndex * 12, r.offset());
                assertEquals(
                        String.format("record-%04d", expectedIndex), new String(r.bytes(), StandardCharsets.UTF_8));
                expectedIndex++;
            }
            assertEquals(expectedIndex, c.nextItemIndex());
            assertEquals(expectedIndex * 12, c.bytesRead());
        }
        assertEquals(100, expectedIndex);
        assertTrue(chunks.size() > 10);
    }

    @Test
    void shouldPutARecordLargerThanTheChunkBoundInAChunkOfItsOwn() throws IOException {
        String text = "a\n" + "b".repeat(500) + "\nc\n";
        List<Chunk> chunks = all(new ObjectChunker(lines(text, 1000), 16, 0, 0));

        assertEquals(3, chunks.size());
        assertEquals(List.of(1, 1, 1), chunks.stream().map(Chunk::entries).toList());
        assertEquals(500, ((RawRecord) ChunkCodec.decode(chunks.get(1).value()).get(0)).bytes().length);
    }

    @Test
    void shouldCarryFramingErrorsAsEntriesBetweenTheRecordsAroundThem() throws IOException {
        String text = "ok0\n" + "x".repeat(50) + "\nok2\n";
        List<Chunk> chunks = all(new ObjectChunker(lines(text, 10), 1 << 20, 0, 0));

        assertEquals(1, chunks.size());
        List<Frame> entries = ChunkCodec.decode(chunks.get(0).value());
        assertEquals(3, entries.size());
        FrameError error = (FrameError) entries.get(1);
        assertEquals(1, error.itemIndex());
        assertEquals(4, error.offset());
        assertEquals(ErrorCode.RECORD_TOO_LARGE, error.code());
        assertEquals(
                "Record at itemIndex 1 (byte offset 4) is larger than the 10-byte record limit; skipped to the next record",
                error.message());
        assertEquals(2, ((RawRecord) entries.get(2)).itemIndex());
        assertEquals(3, chunks.get(0).nextItemIndex());
    }

    @Test
    void shouldEndACorruptGzipObjectWithAFatalErrorMarker() throws IOException {
        byte[] notGzip = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5};
        RecordFramer framer =
                RecordFramer.lines(Compression.GZIP.decompress(new ByteArrayInputStream(notGzip), 1 << 20), 1000);
        List<Chunk> chunks = all(new ObjectChunker(framer, 1 << 20, 0, 0));

        assertEquals(1, chunks.size());
        assertTrue(chunks.get(0).last());
        FrameError error = (FrameError) ChunkCodec.decode(chunks.get(0).value()).get(0);
        assertEquals(ErrorCode.DECOMPRESSION_FAILED, error.code());
        assertTrue(error.fatal());
        assertEquals(0, error.itemIndex());
    }

    @Test
    void shouldGiveOneEmptyLastChunkForAnObjectWithoutRecords() throws IOException {
        List<Chunk> chunks = all(new ObjectChunker(lines("\n  \n", 100), 64, 0, 0));

        assertEquals(1, chunks.size());
        Chunk c = chunks.get(0);
        assertTrue(c.last());
        assertEquals(0, c.entries());
        assertEquals(0, c.firstItemIndex());
        assertEquals(4, c.offset());
        assertEquals(4, c.bytesRead());
        assertEquals(List.of(), ChunkCodec.decode(c.value()));
    }

    @Test
    void shouldResumeAfterTheLastSentRecordWithContinuedChunkNumbers() throws IOException {
        String text = lines(100);
        List<Chunk> first = all(new ObjectChunker(lines(text, 1000), 64, 0, 0));
        Chunk third = first.get(2);

        List<Chunk> resumed = all(new ObjectChunker(lines(text, 1000), 64, third.nextItemIndex(), third.index() + 1));

        assertEquals(first.subList(3, first.size()).size(), resumed.size());
        for (int i = 0; i < resumed.size(); i++) {
            Chunk a = first.get(i + 3);
            Chunk b = resumed.get(i);
            assertEquals(a.index(), b.index());
            assertEquals(a.firstItemIndex(), b.firstItemIndex());
            assertArrayEquals(a.value(), b.value());
            assertEquals(a.last(), b.last());
        }
    }

    @Test
    void shouldHandTheCsvHeaderWithEveryChunkButNotAsARecord() throws IOException {
        String csv = "pk,name\n1,a\n2,b\n3,c\n";
        RecordFramer framer =
                RecordFramer.csv(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), ',', true, 100);
        List<Chunk> chunks = all(new ObjectChunker(framer, 8, 0, 0));

        assertEquals(3, chunks.size());
        for (Chunk c : chunks) {
            assertArrayEquals("pk,name".getBytes(StandardCharsets.UTF_8), c.csvHeader());
        }
        RawRecord r = (RawRecord) ChunkCodec.decode(chunks.get(0).value()).get(0);
        assertEquals(0, r.itemIndex());
        assertEquals(8, r.offset());
        assertFalse(chunks.get(0).last());
    }
}
