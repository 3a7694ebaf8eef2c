package dev.ddbimport.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ddbimport.core.error.ErrorCode;
import dev.ddbimport.core.error.ErrorRecord;
import dev.ddbimport.core.error.Stage;
import dev.ddbimport.core.model.InputFormat;
import dev.ddbimport.core.pipeline.StageCounters;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/** Every kind of bad record becomes one dead letter with its exact pointer; the records around it still come out. */
class DeadLetterTest {

    private static void assertError(
            ErrorRecord e, String objectKey, long itemIndex, long offset, ErrorCode code, String message) {
        assertEquals(TopologyFixture.BUCKET, e.itemS3Pointer().bucket());
        assertEquals(objectKey, e.itemS3Pointer().key());
        assertEquals(itemIndex, e.itemS3Pointer().itemIndex());
        assertEquals(offset, e.offset());
        assertEquals(code, e.errorCode());
        assertEquals(code.stage(), e.stage());
        assertEquals(List.of(message), e.errorMessages());
        assertEquals(TopologyFixture.ARN, e.importArn());
    }

    private static List<String> keys(TopologyFixture t) {
        return t.readItems().stream().map(TopologyFixture.OutItem::key).toList();
    }

    @Test
    void shouldDeadLetterDynamoJsonRejectionsWithTheirPointers() {
        String object = Samples.books("books-with-errors.json");
        String key = "books/books-with-errors.json";
        try (TopologyFixture t = new TopologyFixture(TopologyFixture.books(InputFormat.DYNAMODB_JSON))) {
            t.sendObject(key, object);

            assertEquals(List.of("[{\"N\":\"10\"}]", "[{\"N\":\"15\"}]"), keys(t));
            List<ErrorRecord> errors = t.readErrors();
            assertEquals(5, errors.size());
            String invalid = "One or more parameter values were invalid: ";
            assertError(errors.get(0), key, 1, 81, ErrorCode.MISSING_KEY, invalid + "Missing the key Id in the item");
            assertError(
                    errors.get(1),
                    key,
                    2,
                    147,
                    ErrorCode.KEY_TYPE_MISMATCH,
                    invalid + "Type mismatch for key Id expected: N actual: S");
            assertError(
                    errors.get(2),
                    key,
                    3,
                    205,
                    ErrorCode.INDEX_KEY_TYPE_MISMATCH,
                    invalid + "Type mismatch for Index Key Author Expected: S Actual: N IndexName: ByAuthor");
            assertError(
                    errors.get(3),
                    key,
                    4,
                    286,
                    ErrorCode.JSON_SYNTAX,
                    "Malformed JSON at byte offset 51 (column 52): Unexpected end-of-input: expected close marker"
                            + " for Object");
            assertError(
                    errors.get(4),
                    key,
                    5,
                    338,
                    ErrorCode.JSON_MISSING_ITEM,
                    "Missing the Item member: the object has no Item member; each line must hold"
                            + " {\"Item\":{\"name\":{\"S\":\"value\"}}}");
            assertEquals(
                    "{\"Id\":{\"N\":\"14\"},\"Title\":{\"S\":\"Missing the Item wrapper\"}}",
                    errors.get(4).rawRecord());
            assertEquals(false, errors.get(4).rawRecordTruncated());

            StageCounters c = t.totals();
            assertEquals(7, c.processedItemCount());
            assertEquals(5, c.errorCount());
            assertEquals(0, c.fatalErrorCount());
            assertEquals(1, c.errors(ErrorCode.MISSING_KEY));
            assertEquals(1, c.errors(ErrorCode.JSON_SYNTAX));
            assertEquals(2, c.itemCount());
        }
    }

    @Test
    void shouldDeadLetterCsvRejectionsWithTheirPointers() {
        try (TopologyFixture t = new TopologyFixture(TopologyFixture.books(InputFormat.CSV))) {
            t.sendObject("a.csv", "Id,Title,Author\n1,A,B\n2,A\n3,\"x\"y,B\n4,T,Z\n");

            assertEquals(List.of("[{\"N\":\"1\"}]", "[{\"N\":\"4\"}]"), keys(t));
            List<ErrorRecord> errors = t.readErrors();
            assertEquals(2, errors.size());
            assertError(
                    errors.get(0),
                    "a.csv",
                    1,
                    22,
                    ErrorCode.CSV_COLUMN_COUNT_MISMATCH,
                    "Wrong number of columns: expected 3 columns (from the header) but found 2");
            assertError(
                    errors.get(1),
                    "a.csv",
                    2,
                    26,
                    ErrorCode.CSV_INVALID_QUOTE,
                    "Invalid quote in column 2 (Title) at byte 5 of the record: unexpected character after the"
                            + " closing quote of a quoted field; quote the whole field and double any quote inside"
                            + " it (\"\")");
            assertEquals("3,\"x\"y,B", errors.get(1).rawRecord());
        }
    }

    @Test
    void shouldDeadLetterIonRejectionsWithTheirPointers() {
        try (TopologyFixture t = new TopologyFixture(TopologyFixture.books(InputFormat.ION))) {
            t.sendObject("a.ion", "{Item:{Id:1.,Author:\"x\"}}\n{Id:3.}\n{Item:{Id:4.,T:(1 2)}}\n{Item:{Id:5.}}\n");

            assertEquals(List.of("[{\"N\":\"1\"}]", "[{\"N\":\"5\"}]"), keys(t));
            List<ErrorRecord> errors = t.readErrors();
            assertEquals(2, errors.size());
            assertError(
                    errors.get(0),
                    "a.ion",
                    1,
                    26,
                    ErrorCode.ION_MISSING_ITEM,
                    "Ion record struct has no Item field; expected {Item:{...}}");
            assertError(
                    errors.get(1),
                    "a.ion",
                    2,
                    34,
                    ErrorCode.ION_UNSUPPORTED_VALUE,
                    "Ion s-expression has no DynamoDB type; use a list for L or a $dynamodb_SS/NS/BS list for a set"
                            + " (at Item.T)");
        }
    }

    @Test
    void shouldDeadLetterOneBadItemOfALineHoldingSeveral() {
        try (TopologyFixture t = new TopologyFixture(TopologyFixture.books(InputFormat.DYNAMODB_JSON))) {
            t.sendObject(
                    "a.json",
                    "{\"Item\":{\"Id\":{\"N\":\"1\"}}}{\"Item\":{\"Id\":{\"S\":\"1\"}}}{\"Item\":{\"Id\":{\"N\":\"2\"}}}\n");

            List<TopologyFixture.OutItem> items = t.readItems();
            assertEquals(2, items.size());
            assertEquals(0, items.get(0).subIndex());
            assertEquals(2, items.get(1).subIndex());
            List<ErrorRecord> errors = t.readErrors();
            assertEquals(1, errors.size());
            assertEquals(ErrorCode.KEY_TYPE_MISMATCH, errors.get(0).errorCode());
            assertEquals(0, errors.get(0).itemS3Pointer().itemIndex());
            StageCounters c = t.totals();
            assertEquals(3, c.processedItemCount()); // one per object on the line
            assertEquals(1, c.errorCount());
        }
    }

    @Test
    void shouldTruncateTheRawRecordOfADeadLetter() {
        TransformSettings settings = TransformSettings.defaults()
                .withCountersInterval(TopologyFixture.INTERVAL)
                .withMaxRawRecordBytes(8);
        try (TopologyFixture t = new TopologyFixture(TopologyFixture.books(InputFormat.DYNAMODB_JSON), settings)) {
            t.sendObject("a.json", "{\"Item\":{\"Title\":{\"S\":\"no key\"}}}\n");

            ErrorRecord e = t.readErrors().get(0);
            assertEquals("{\"Item\":", e.rawRecord());
            assertEquals(true, e.rawRecordTruncated());
        }
    }

    @Test
    void shouldDeadLetterRecordTooLargeAndGoOn() {
        String big = "{\"Item\":{\"Id\":{\"N\":\"2\"},\"T\":{\"S\":\"" + "x".repeat(200) + "\"}}}";
        String object = "{\"Item\":{\"Id\":{\"N\":\"1\"}}}\n" + big + "\n{\"Item\":{\"Id\":{\"N\":\"3\"}}}\n";
        try (TopologyFixture t = new TopologyFixture(
                TopologyFixture.books(InputFormat.DYNAMODB_JSON).withLimits(100L, null))) {
            t.sendObject("a.json", object);

            assertEquals(List.of("[{\"N\":\"1\"}]", "[{\"N\":\"3\"}]"), keys(t));
            List<ErrorRecord> errors = t.readErrors();
            assertEquals(1, errors.size());
            assertEquals(ErrorCode.RECORD_TOO_LARGE, errors.get(0).errorCode());
            assertEquals(Stage.FRAME, errors.get(0).stage());
            assertEquals(1, errors.get(0).itemS3Pointer().itemIndex());
            assertEquals(26, errors.get(0).offset());
            StageCounters c = t.totals();
            assertEquals(3, c.processedItemCount());
            assertEquals(1, c.errorCount());
            assertEquals(0, c.fatalErrorCount());
            assertEquals(object.length(), c.processedSizeBytes());
        }
    }

    @Test
    void shouldFailTheObjectOnCorruptGzipAndKeepWhatCameBefore() throws IOException {
        // two gzip members: the first intact, the second damaged after its header
        byte[] first = gzip(lines(0, 100));
        byte[] second = gzip(lines(100, 200));
        for (int i = 10; i < second.length - 8; i++) {
            second[i] ^= 0x5A;
        }
        byte[] corrupt = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, corrupt, first.length, second.length);
        try (TopologyFixture t = new TopologyFixture(gzipBooks())) {
            t.send(t.chunksOf("a.json.gz", corrupt, 1 << 20));

            List<ErrorRecord> errors = t.readErrors();
            assertEquals(1, errors.size());
            ErrorRecord e = errors.get(0);
            assertEquals(ErrorCode.DECOMPRESSION_FAILED, e.errorCode());
            long items = t.readItems().size();
            assertEquals(100, items);
            StageCounters c = t.totals();
            assertEquals(1, c.fatalErrorCount());
            assertEquals(1, c.errorCount());
            assertEquals(1, c.objectsCompleted());
            assertEquals(items, c.processedItemCount()); // the failure is not a record
            assertEquals(items, e.itemS3Pointer().itemIndex());
        }
    }

    @Test
    void shouldFailTheObjectOnABadCsvHeaderOnce() {
        try (TopologyFixture t = new TopologyFixture(TopologyFixture.books(InputFormat.CSV))) {
            // two chunks, each carrying the header: still one dead letter
            t.send(t.chunksOf("a.csv", "Id,Id\n1,2\n3,4\n".getBytes(StandardCharsets.UTF_8), 8));

            assertEquals(List.of(), t.readItems());
            List<ErrorRecord> errors = t.readErrors();
            assertEquals(1, errors.size());
            assertError(
                    errors.get(0),
                    "a.csv",
                    0,
                    0,
                    ErrorCode.CSV_INVALID_HEADER,
                    "Invalid CSV header: column 2 repeats the name 'Id' of an earlier column; column names must be"
                            + " unique");
            assertEquals("Id,Id", errors.get(0).rawRecord());
            StageCounters c = t.totals();
            assertEquals(1, c.fatalErrorCount());
            assertEquals(0, c.processedItemCount());
            assertEquals(1, c.objectsCompleted());
            assertEquals(14, c.processedSizeBytes());
        }
    }

    @Test
    void shouldTurnAValueThatIsNotAChunkIntoAFatalDeadLetterAndGoOn() {
        try (TopologyFixture t = new TopologyFixture(TopologyFixture.books(InputFormat.DYNAMODB_JSON))) {
            RecordHeaders h = new RecordHeaders();
            h.add("ddbimport.object.bucket", TopologyFixture.utf8(TopologyFixture.BUCKET));
            h.add("ddbimport.chunk.index", TopologyFixture.utf8("3"));
            h.add("ddbimport.first.item.index", TopologyFixture.utf8("40"));
            h.add("ddbimport.offset", TopologyFixture.utf8("1200"));
            t.chunks.pipeInput(new TestRecord<>(TopologyFixture.utf8("bad.json"), TopologyFixture.utf8("hello"), h));
            t.sendObject("good.json", "{\"Item\":{\"Id\":{\"N\":\"1\"}}}\n");

            assertEquals(List.of("[{\"N\":\"1\"}]"), keys(t));
            List<ErrorRecord> errors = t.readErrors();
            assertEquals(1, errors.size());
            assertError(
                    errors.get(0),
                    "bad.json",
                    40,
                    1200,
                    ErrorCode.INVALID_CHUNK,
                    "Chunk 3 of the object is not a chunk record (not a chunk: version byte is 0x68, expected 0x01):"
                            + " its records are lost to this import; only the ddbimport S3 source may write to the"
                            + " chunks topic. Import the object again");
            assertEquals("hello", errors.get(0).rawRecord());
            StageCounters c = t.totals();
            assertEquals(1, c.fatalErrorCount());
            assertEquals(1, c.errors(ErrorCode.INVALID_CHUNK));
        }
    }

    @Test
    void shouldReportRecordsThatNeverArrived() {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            lines.append("{\"Item\":{\"Id\":{\"N\":\"").append(i).append("\"}}}\n");
        }
        try (TopologyFixture t = new TopologyFixture(TopologyFixture.books(InputFormat.DYNAMODB_JSON))) {
            // 26-byte records, two per chunk: chunks hold records 0-1, 2-3, 4-5
            List<TestRecord<byte[], byte[]>> chunks =
                    t.chunksOf("a.json", lines.toString().getBytes(StandardCharsets.UTF_8), 60);
            assertEquals(3, chunks.size());
            t.send(List.of(chunks.get(0), chunks.get(2)));

            assertEquals(4, t.readItems().size());
            List<ErrorRecord> errors = t.readErrors();
            assertEquals(1, errors.size());
            assertError(
                    errors.get(0),
                    "a.json",
                    2,
                    51, // the bytes counted before the gap
                    ErrorCode.RECORDS_MISSING,
                    "Records 2 to 3 of the object never reached the transform: a chunk was lost (deleted by"
                            + " retention, or skipped by the processing exception handler; see the errors topic)."
                            + " Import the object again");
            assertEquals(1, t.totals().fatalErrorCount());
        }
    }

    private static dev.ddbimport.core.model.ImportDefinition gzipBooks() {
        dev.ddbimport.core.model.ImportDefinition d = TopologyFixture.books(InputFormat.DYNAMODB_JSON);
        return new dev.ddbimport.core.model.ImportDefinition(
                d.importArn(),
                d.importId(),
                d.clientToken(),
                d.s3BucketSource(),
                d.inputFormat(),
                d.inputFormatOptions(),
                dev.ddbimport.core.model.InputCompressionType.GZIP,
                d.tableCreationParameters(),
                null,
                null);
    }

    private static byte[] lines(int from, int to) {
        StringBuilder lines = new StringBuilder();
        for (int i = from; i < to; i++) {
            lines.append("{\"Item\":{\"Id\":{\"N\":\"").append(i).append("\"}}}\n");
        }
        return lines.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }
}
