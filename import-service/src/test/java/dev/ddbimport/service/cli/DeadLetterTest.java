package dev.ddbimport.service.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddbimport.core.error.ErrorCode;
import dev.ddbimport.core.error.ErrorRecord;
import dev.ddbimport.core.model.ModelJson;
import dev.ddbimport.core.pipeline.ItemRecordHeaders;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;

class DeadLetterTest {

    private static ConsumerRecord<byte[], byte[]> record(byte[] key, byte[] value) {
        return new ConsumerRecord<>("ddbimport.x.errors", 0, 0L, key, value);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldReadOurErrorRecordWithKeyAndIndexFirst() {
        ErrorRecord error = ErrorRecord.of(
                "b", "dir/a.json", 3, 120, "arn", ErrorCode.MISSING_KEY, "Missing the key Id", utf8("{\"x\":1}"), 512);
        DeadLetter letter = DeadLetter.of(record(utf8("dir/a.json"), utf8(ModelJson.write(error))));
        assertEquals(
                new DeadLetter(
                        "dir/a.json",
                        3,
                        "b",
                        "MISSING_KEY",
                        List.of("Missing the key Id"),
                        ErrorCode.MISSING_KEY.stage().name(),
                        "import",
                        "{\"x\":1}"),
                letter);
        assertTrue(
                letter.json().toString().startsWith("{\"key\":\"dir/a.json\",\"itemIndex\":3,"),
                letter.json().toString());
        assertEquals(
                "dir/a.json #3  MISSING_KEY\n    Missing the key Id\n    record: {\"x\":1}\n",
                letter.pretty().replace(System.lineSeparator(), "\n"));
    }

    @Test
    void shouldReadTheSinksErrorRecordBehindConnectsHeaders() {
        ErrorRecord error = new ErrorRecord(
                new ErrorRecord.ItemS3Pointer("b", "p/o.csv", 7),
                "arn",
                List.of("Item size has exceeded the maximum allowed size"),
                ErrorCode.WRITE_REJECTED,
                ErrorCode.WRITE_REJECTED.stage(),
                null,
                "{\"Id\":{\"N\":\"7\"}}",
                false);
        ConsumerRecord<byte[], byte[]> r = record(utf8("p/o.csv"), utf8(ModelJson.write(error)));
        r.headers().add(new RecordHeader("__connect.errors.topic", utf8("ddbimport.x.items")));
        r.headers()
                .add(new RecordHeader(
                        "__connect.errors.exception.class.name",
                        utf8("dev.ddbimport.sink.ErrantItemReporter$ItemRejectedException")));

        DeadLetter letter = DeadLetter.of(r);

        assertEquals(
                new DeadLetter(
                        "p/o.csv",
                        7,
                        "b",
                        "WRITE_REJECTED",
                        List.of("Item size has exceeded the maximum allowed size"),
                        "WRITE",
                        "connect",
                        "{\"Id\":{\"N\":\"7\"}}"),
                letter);
        assertTrue(letter.pretty().startsWith("p/o.csv #7  WRITE_REJECTED  (connect dead letter)"), letter.pretty());
    }

    @Test
    void shouldReadTheTransformHandlersErrorRecordBehindStreamsHeaders() {
        ErrorRecord error = ErrorRecord.of(
                "b", "d/a.json", 40, 9000, "arn", ErrorCode.INVALID_CHUNK, "The transform failed", utf8("{}"), 512);
        ConsumerRecord<byte[], byte[]> r = record(utf8("d/a.json"), utf8(ModelJson.write(error)));
        r.headers().add(new RecordHeader("__streams.errors.exception", utf8("java.lang.IllegalStateException")));
        r.headers().add(new RecordHeader("__streams.errors.message", utf8("boom")));

        DeadLetter letter = DeadLetter.of(r);

        assertEquals("d/a.json", letter.key());
        assertEquals(40, letter.itemIndex());
        assertEquals("INVALID_CHUNK", letter.errorCode());
        assertEquals(List.of("The transform failed"), letter.errorMessages());
        assertEquals("FRAME", letter.stage());
        assertEquals("streams", letter.source());
    }

    @Test
    void shouldReadConnectsRawDeadLetterOfEarlierVersionsWithTheItemsPointer() {
        ConsumerRecord<byte[], byte[]> r = record(utf8("k"), utf8("not an item"));
        r.headers().add(new RecordHeader(ItemRecordHeaders.OBJECT_KEY, utf8("p/o.csv")));
        r.headers().add(new RecordHeader(ItemRecordHeaders.ITEM_INDEX, utf8("7")));
        r.headers().add(new RecordHeader(ItemRecordHeaders.BUCKET, utf8("b")));
        r.headers()
                .add(new RecordHeader(
                        "__connect.errors.exception.class.name",
                        utf8("software.amazon.awssdk.services.dynamodb.model.DynamoDbException")));
        r.headers().add(new RecordHeader("__connect.errors.exception.message", utf8("Item size too large")));
        DeadLetter letter = DeadLetter.of(r);
        assertEquals("p/o.csv", letter.key());
        assertEquals(7, letter.itemIndex());
        assertEquals("DynamoDbException", letter.errorCode());
        assertEquals(List.of("Item size too large"), letter.errorMessages());
        assertEquals("connect", letter.source());
        assertEquals("not an item", letter.rawRecord());
        assertTrue(letter.pretty().startsWith("p/o.csv #7  DynamoDbException  (connect dead letter)"), letter.pretty());
    }

    @Test
    void shouldReadKafkaStreamsBuiltInDeadLetterOfEarlierVersions() {
        ConsumerRecord<byte[], byte[]> r = record(utf8("chunk-key"), utf8("raw chunk"));
        r.headers().add(new RecordHeader("__streams.errors.exception", utf8("java.lang.IllegalStateException")));
        r.headers().add(new RecordHeader("__streams.errors.message", utf8("boom")));
        DeadLetter letter = DeadLetter.of(r);
        assertEquals("chunk-key", letter.key());
        assertEquals(-1, letter.itemIndex());
        assertEquals("IllegalStateException", letter.errorCode());
        assertEquals(List.of("boom"), letter.errorMessages());
        assertEquals("streams", letter.source());
        assertTrue(letter.pretty().startsWith("chunk-key #?  IllegalStateException  (streams dead letter)"));
    }

    @Test
    void shouldKeepARecordOfUnknownShape() {
        DeadLetter letter = DeadLetter.of(record(null, utf8("garbage")));
        assertEquals("UnknownRecord", letter.errorCode());
        assertEquals("garbage", letter.rawRecord());
    }
}
