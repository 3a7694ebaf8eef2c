package dev.ddbimport.core.frame;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbimport.core.TestData;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RecordFramerCsvTest {

    private static FramingRun csv(String input, boolean header, int maxRecordBytes) throws IOException {
        return csv(input, ',', header, maxRecordBytes);
    }

    private static FramingRun csv(String input, char delimiter, boolean header, int maxRecordBytes) throws IOException {
        return FramingRun.frame(
                input.getBytes(ISO_8859_1), in -> RecordFramer.csv(in, delimiter, header, maxRecordBytes));
    }

    @Test
    void shouldEndRecordsAtLfCrlfAndBareCr() throws IOException {
        FramingRun run = csv("1,2\r\n3,4\r5,6\n7,8", false, 100);
        assertEquals(List.of("R0@0:1,2", "R1@5:3,4", "R2@9:5,6", "R3@13:7,8"), run.described);
        assertEquals(16, run.bytesRead);
    }

    @Test
    void shouldKeepDelimitersLineBreaksAndDoubledQuotesInsideQuotedFields() throws IOException {
        String record = "a,\"b,c\",\"d\ne\",\"f\r\ng\",\"h\ri\",\"j\"\"k\",\"\"\"\",\"\"";
        FramingRun run = csv(record + "\r\nnext\n", false, 100);
        assertEquals(List.of("R0@0:" + record, "R1@" + (record.length() + 2) + ":next"), run.described);
    }

    @Test
    void shouldOpenQuotesOnlyAtTheStartOfAField() throws IOException {
        // a quote inside an unquoted field is data for the framer (the parser rejects it later)
        FramingRun run = csv("ab\"c,d\ne\"\nx, \"y\nz", false, 100);
        assertEquals(List.of("R0@0:ab\"c,d", "R1@7:e\"", "R2@10:x, \"y", "R3@16:z"), run.described);
    }

    @Test
    void shouldOpenAQuoteAfterADelimiterThatFollowsADataQuote() throws IOException {
        FramingRun run = csv("a,b\"c,\"d\ne\",f\n\"\"\"\",\"g\nh\"\n", false, 100);
        assertEquals(List.of("R0@0:a,b\"c,\"d\ne\",f", "R1@14:\"\"\"\",\"g\nh\""), run.described);
    }

    @Test
    void shouldKeepTrackOfQuotesWhileSkippingAnOversizeRecord() throws IOException {
        // the quoted line break must not end the skipped record, however the reads fall
        String big = "x,".repeat(150) + "\"q\nq\",\"r\r\n\"";
        FramingRun run = csv(big + "\nnext\n", false, 100);
        assertEquals(
                List.of("E0@0:RECORD_TOO_LARGE:" + big.substring(0, 256), "R1@" + (big.length() + 1) + ":next"),
                run.described);
    }

    @Test
    void shouldEndAQuotedFieldAtAQuoteNotFollowedByAQuote() throws IOException {
        FramingRun run = csv("\"ab\"c,d\n\"a\"\"\nb\"\n\"x\"", false, 100);
        assertEquals(List.of("R0@0:\"ab\"c,d", "R1@8:\"a\"\"\nb\"", "R2@16:\"x\""), run.described);
    }

    @Test
    void shouldHonourOtherDelimiters() throws IOException {
        assertEquals(List.of("R0@0:a;\"b;\nc\";d"), csv("a;\"b;\nc\";d\n", ';', false, 100).described);
        assertEquals(List.of("R0@0:a\t\"b\nc\"", "R1@8:x"), csv("a\t\"b\nc\"\nx", '\t', false, 100).described);
        // with ';' as the delimiter a quote after a comma is not at a field start
        assertEquals(List.of("R0@0:a,\"b", "R1@5:c\""), csv("a,\"b\nc\"", ';', false, 100).described);
        assertEquals(List.of("R0@0:a \"b c\"|d"), csv("a \"b c\"|d", ' ', false, 100).described);
    }

    @Test
    void shouldSkipBlankAndWhitespaceLines() throws IOException {
        String input = "\r\n \n1,2\n\t\r\n\r\r3,4\n\n";
        FramingRun run = csv(input, false, 100);
        assertEquals(List.of("R0@4:1,2", "R1@13:3,4"), run.described);
        assertEquals(input.length(), run.bytesRead);
    }

    @Test
    void shouldHandOutTheFirstNonBlankLineAsTheHeader() throws IOException {
        FramingRun run = csv("\n \r\nh1,h2\r\n\n1,2\n3,4", true, 100);
        assertEquals(List.of("H@4:h1,h2", "R0@12:1,2", "R1@16:3,4"), run.described);
    }

    @Test
    void shouldHandOutAHeaderOnlyObject() throws IOException {
        assertEquals(List.of("H@0:h1,h2"), csv("h1,h2\n", true, 100).described);
        assertEquals(List.of("H@0:h1,h2"), csv("h1,h2", true, 100).described);
        assertEquals(List.of("H@0:\"h\n1\",h2"), csv("\"h\n1\",h2\r\n\r\n", true, 100).described);
        assertEquals(List.of(), csv("", true, 100).described);
    }

    @Test
    void shouldTreatTheFirstLineAsARecordWithoutHeader() throws IOException {
        assertEquals(List.of("R0@0:h1,h2", "R1@6:1,2"), csv("h1,h2\n1,2\n", false, 100).described);
    }

    @Test
    void shouldReportAnUnterminatedQuoteAtTheEndAsFatal() throws IOException {
        FramingRun run = csv("x\n\"abc\ndef,\"\"\n", false, 100);
        assertEquals(List.of("R0@0:x", "E1@2:CSV_UNTERMINATED_QUOTE!:\"abc\ndef,\"\"\n"), run.described);
        FrameError error = (FrameError) run.frames.get(1);
        assertEquals(
                "Record at itemIndex 1 (byte offset 2) opens a quoted field that is never closed: the object ends"
                        + " inside it; close the quote (a quote inside a quoted field is written as \"\")",
                error.message());
        assertTrue(error.fatal());
        assertEquals(14, run.bytesRead);
    }

    @Test
    void shouldReportAnUnterminatedQuoteInTheHeader() throws IOException {
        FramingRun run = csv("\n\"h1,h2\n", true, 100);
        assertEquals(List.of("E0@1:CSV_UNTERMINATED_QUOTE!:\"h1,h2\n"), run.described);
        assertTrue(((FrameError) run.frames.get(0)).message().startsWith("Header line (byte offset 1) opens a quoted"));
    }

    @Test
    void shouldReportAnOversizeQuotedRecordOnceAndFrameTheNextRecord() throws IOException {
        String big = "\"" + "0123\n4567\r\n89ab\rcdef,\"\"".repeat(100) + "\"";
        FramingRun run = csv("a\n" + big + ",z\r\nb\n", false, 50);
        assertEquals(
                List.of(
                        "R0@0:a",
                        "E1@2:RECORD_TOO_LARGE:" + (big + ",z").substring(0, 256),
                        "R2@" + (2 + big.length() + 4) + ":b"),
                run.described);
        assertEquals(
                "Record at itemIndex 1 (byte offset 2) is larger than the 50-byte record limit; skipped to the next"
                        + " record",
                ((FrameError) run.frames.get(1)).message());
    }

    @Test
    void shouldReportAnOversizeShortRecordWithItsWholeHead() throws IOException {
        FramingRun run = csv("1,2\n\"3\n4\",5\n6\n", false, 3);
        assertEquals(List.of("R0@0:1,2", "E1@4:RECORD_TOO_LARGE:\"3\n4\",5", "R2@12:6"), run.described);
    }

    @Test
    void shouldReportTheUnterminatedQuoteOfAnOversizeRecordAfterItsSizeError() throws IOException {
        String open = "\"" + "abcdefghij\n".repeat(100);
        FramingRun run = csv("a\n" + open, false, 50);
        assertEquals(
                List.of("R0@0:a", "E1@2:RECORD_TOO_LARGE:" + open.substring(0, 256), "E1@2:CSV_UNTERMINATED_QUOTE!:"),
                run.described);
        assertEquals(2 + open.length(), run.bytesRead);
    }

    @Test
    void shouldStopAtAnOversizeHeader() throws IOException {
        FramingRun run = csv("h".repeat(300) + "\n1,2\n", true, 100);
        assertEquals(List.of("E0@0:RECORD_TOO_LARGE!:" + "h".repeat(256)), run.described);
        assertTrue(((FrameError) run.frames.get(0))
                .message()
                .startsWith("Header line (byte offset 0) is larger than the 100-byte record limit; the object cannot"
                        + " be read without its header"));
    }

    @Test
    void shouldRejectADelimiterThatCannotSeparateFields() {
        for (char bad : new char[] {'"', '\n', '\r', 'é'}) {
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class,
                    () -> RecordFramer.csv(new ByteArrayInputStream(new byte[0]), bad, false, 10));
            assertTrue(e.getMessage().startsWith("CSV delimiter must be a single ASCII character"), e.getMessage());
        }
    }

    static Stream<String> spectrumFiles() throws IOException {
        try (Stream<Path> files = Files.list(TestData.path("csv_spectrum/csvs"))) {
            return files
                    .map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".csv"))
                    .sorted()
                    .toList()
                    .stream();
        }
    }

    @ParameterizedTest
    @MethodSource("spectrumFiles")
    void shouldFrameAsManyRecordsAsTheCsvSpectrumExpects(String name) throws IOException {
        byte[] csv = Files.readAllBytes(TestData.path("csv_spectrum/csvs/" + name));
        JsonNode expected = new ObjectMapper()
                .readTree(TestData.path("csv_spectrum/json/" + name.replace(".csv", ".json"))
                        .toFile());
        FramingRun run = FramingRun.frame(csv, in -> RecordFramer.csv(in, ',', true, 1024 * 1024));
        assertInstanceOf(HeaderLine.class, run.frames.get(0), name);
        List<Frame> records = run.frames.subList(1, run.frames.size());
        // one file's expectation is a single object rather than an array of rows
        int rows = expected.isArray() ? expected.size() : 1;
        assertEquals(rows, records.size(), name);
        for (int i = 0; i < records.size(); i++) {
            RawRecord r = assertInstanceOf(RawRecord.class, records.get(i), name);
            assertEquals(i, r.itemIndex());
        }
        assertEquals(csv.length, run.bytesRead, name);
    }

    @Test
    void shouldKeepTheSpectrumsMultiLineRecordWhole() throws IOException {
        byte[] csv = Files.readAllBytes(TestData.path("csv_spectrum/csvs/newlines_crlf.csv"));
        FramingRun run = FramingRun.frame(csv, in -> RecordFramer.csv(in, ',', true, 1024));
        assertEquals(
                List.of("H@0:a,b,c", "R0@7:1,2,3", "R1@14:\"Once upon \r\na time\",5,6", "R2@40:7,8,9"), run.described);
    }
}
