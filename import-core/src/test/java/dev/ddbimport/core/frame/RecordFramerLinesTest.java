package dev.ddbimport.core.frame;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ddbimport.core.error.ErrorCode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordFramerLinesTest {

    private static FramingRun lines(String input, int maxRecordBytes) throws IOException {
        return FramingRun.frame(input.getBytes(ISO_8859_1), in -> RecordFramer.lines(in, maxRecordBytes));
    }

    @Test
    void shouldSplitAtLfStripACrBeforeItAndKeepALoneCr() throws IOException {
        FramingRun run = lines("a\r\nb\rc\nd\r\r\ne", 100);
        assertEquals(List.of("R0@0:a", "R1@3:b\rc", "R2@7:d\r", "R3@11:e"), run.described);
        assertEquals(12, run.bytesRead);
    }

    @Test
    void shouldFrameTheLastRecordWithoutATrailingNewline() throws IOException {
        assertEquals(List.of("R0@0:x", "R1@2:y"), lines("x\ny", 100).described);
        assertEquals(List.of("R0@0:x", "R1@2:y"), lines("x\ny\n", 100).described);
        // a CR at the very end is not followed by LF, so it is data
        assertEquals(List.of("R0@0:x\r"), lines("x\r", 100).described);
    }

    @Test
    void shouldSkipBlankAndWhitespaceLinesButCountTheirBytes() throws IOException {
        String input = "\n  \t\n\r\n\f\u000B\n{\"a\":1}\n\n \n{\"b\":2}\r\n \t \r\n";
        FramingRun run = lines(input, 100);
        assertEquals(List.of("R0@10:{\"a\":1}", "R1@21:{\"b\":2}"), run.described);
        assertEquals(input.length(), run.bytesRead);
    }

    @Test
    void shouldGiveNothingForAnEmptyOrBlankObject() throws IOException {
        assertEquals(List.of(), lines("", 10).described);
        FramingRun blank = lines(" \n\n\t\r\n ", 10);
        assertEquals(List.of(), blank.described);
        assertEquals(7, blank.bytesRead);
    }

    @Test
    void shouldSkipABlankLineAsLongAsTheLimit() throws IOException {
        // a blank line within the limit is skipped like any blank line
        assertEquals(List.of("R0@6:x"), lines("     \nx\n", 5).described);
    }

    @Test
    void shouldReportBytesReadAfterEachFrame() throws IOException {
        try (RecordFramer framer =
                RecordFramer.lines(new ByteArrayInputStream("ab\n\ncd\r\nef".getBytes(ISO_8859_1)), 10)) {
            assertEquals(0, framer.bytesRead());
            assertEquals("R0@0:ab", FramingRun.describe(framer.next()));
            assertEquals(3, framer.bytesRead());
            assertEquals("R1@4:cd", FramingRun.describe(framer.next()));
            assertEquals(8, framer.bytesRead());
            assertEquals("R2@8:ef", FramingRun.describe(framer.next()));
            assertEquals(10, framer.bytesRead());
            assertNull(framer.next());
            assertEquals(10, framer.bytesRead());
        }
    }

    @Test
    void shouldAllowARecordOfExactlyTheLimitWhateverItsTerminator() throws IOException {
        assertEquals(List.of("R0@0:12345", "R1@6:67890", "R2@13:abcde"), lines("12345\n67890\r\nabcde", 5).described);
    }

    @Test
    void shouldReportAnOversizeRecordOnceAndFrameTheNextRecord() throws IOException {
        FramingRun run = lines("abc\n0123456789\nxyz\n123456\r\nend", 5);
        assertEquals(
                List.of(
                        "R0@0:abc",
                        "E1@4:RECORD_TOO_LARGE:0123456789",
                        "R2@15:xyz",
                        "E3@19:RECORD_TOO_LARGE:123456",
                        "R4@27:end"),
                run.described);
        FrameError error = (FrameError) run.frames.get(1);
        assertEquals(
                "Record at itemIndex 1 (byte offset 4) is larger than the 5-byte record limit; skipped to the next"
                        + " record",
                error.message());
        assertFalse(error.fatal());
        assertEquals(-1, error.compressedOffset());
        assertEquals(30, run.bytesRead);
    }

    @Test
    void shouldKeepOnlyTheFirst256BytesOfAnOversizeRecord() throws IOException {
        String big = "x".repeat(100_000);
        FramingRun run = lines("first\n" + big + "\nsecond", 1000);
        assertEquals(3, run.frames.size());
        FrameError error = (FrameError) run.frames.get(1);
        assertEquals(ErrorCode.RECORD_TOO_LARGE, error.code());
        assertEquals(1, error.itemIndex());
        assertEquals(6, error.offset());
        assertArrayEquals("x".repeat(256).getBytes(ISO_8859_1), error.head());
        assertEquals("R2@100007:second", run.described.get(2));
        assertEquals(100_013, run.bytesRead);
    }

    @Test
    void shouldReportAnOversizeLastRecordWithoutNewline() throws IOException {
        assertEquals(List.of("R0@0:ok", "E1@3:RECORD_TOO_LARGE:toolong"), lines("ok\ntoolong", 5).described);
    }

    @Test
    void shouldFrameRecordsBiggerThanTheReadBufferWithinTheLimit() throws IOException {
        String big = "y".repeat(300_000);
        FramingRun run = lines("a\n" + big + "\r\nb\n", 300_000);
        assertEquals(3, run.frames.size());
        RawRecord record = (RawRecord) run.frames.get(1);
        assertEquals(1, record.itemIndex());
        assertEquals(2, record.offset());
        assertEquals(300_000, record.bytes().length);
        assertEquals("R2@300004:b", run.described.get(2));
    }

    @Test
    void shouldRejectANonPositiveRecordLimit() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> RecordFramer.lines(new ByteArrayInputStream(new byte[0]), 0));
        assertEquals(
                "maxRecordBytes must be between 1 and " + (Integer.MAX_VALUE - 16 - 128 * 1024 - 2) + ", got 0",
                e.getMessage());
    }
}
