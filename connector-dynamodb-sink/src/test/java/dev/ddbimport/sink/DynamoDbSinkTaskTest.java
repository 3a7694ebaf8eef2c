package dev.ddbimport.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DynamoDbSinkTaskTest {

    private static final TopicPartition P0 = new TopicPartition(TestItems.TOPIC, 0);
    private static final TopicPartition P1 = new TopicPartition(TestItems.TOPIC, 1);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FakeDynamoDb db = new FakeDynamoDb();
    private final DynamoDbSinkTask task = new DynamoDbSinkTask();
    private final FakeReporter reporter = new FakeReporter();

    /** Connect's reporter, keeping what it was given; acknowledges at once unless told to hold. */
    static final class FakeReporter implements ErrantRecordReporter {
        final List<SinkRecord> letters = new ArrayList<>();
        final List<CompletableFuture<Void>> acks = new ArrayList<>();
        boolean hold;

        @Override
        public Future<Void> report(SinkRecord record, Throwable error) {
            letters.add(record);
            CompletableFuture<Void> ack = hold ? new CompletableFuture<>() : CompletableFuture.completedFuture(null);
            acks.add(ack);
            return ack;
        }
    }

    private void start(Map<String, String> overrides, ErrantRecordReporter errant, String dlqTopic) {
        Map<String, String> props = new HashMap<>();
        props.put(DynamoDbSinkConfig.TABLE_NAME_CONFIG, FakeDynamoDb.TABLE);
        props.putAll(overrides);
        task.start(new DynamoDbSinkConfig(props), db, TestItems.KEYS, new DynamoDbSinkTaskMetrics(), errant, dlqTopic);
    }

    @AfterEach
    void stop() {
        task.stop();
    }

    private static Map<TopicPartition, OffsetAndMetadata> current() {
        return Map.of(P0, new OffsetAndMetadata(99), P1, new OffsetAndMetadata(99));
    }

    private static Map<TopicPartition, OffsetAndMetadata> offsets(long p0, long p1) {
        return Map.of(P0, new OffsetAndMetadata(p0), P1, new OffsetAndMetadata(p1));
    }

    /**
     * Batches of 2, one in flight at a time, answers held until released: a, b, c on P0 and x, y on P1
     * (y only when {@code withY}) handed over, [a,b] in flight.
     */
    private void startHeldWithABCXY(boolean withY) {
        db.holdAnswers();
        start(Map.of("batch.size", "2", "max.in.flight.batches", "1"), reporter, "errors");
        List<SinkRecord> records = new ArrayList<>(List.of(
                TestItems.record(0, 0, "a", 1),
                TestItems.record(0, 1, "b", 1),
                TestItems.record(0, 2, "c", 1),
                TestItems.record(1, 0, "x", 1)));
        if (withY) {
            records.add(TestItems.record(1, 1, "y", 1));
        }
        task.put(records);
    }

    @Test
    void shouldCommitOnlyUpToTheFirstItemNotYetAcknowledged() {
        startHeldWithABCXY(true);
        Random random = new Random(1);

        assertEquals(offsets(0, 0), task.preCommit(current()), "[a,b] in flight");
        db.releaseOne(random);
        assertEquals(offsets(2, 0), task.preCommit(current()), "[c,x] in flight");
        db.releaseOne(random);
        assertEquals(offsets(3, 1), task.preCommit(current()), "[y] in flight");
        db.releaseOne(random);
        assertEquals(offsets(3, 2), task.preCommit(current()));
        assertEquals(
                Map.of(P0, new OffsetAndMetadata(3)),
                task.preCommit(Map.of(P0, new OffsetAndMetadata(5))),
                "only partitions Connect asks about");
    }

    @Test
    void shouldLetConnectCommitWhatCloseSettledForARevokedPartition() {
        startHeldWithABCXY(false);
        Random random = new Random(2);

        // P0 is revoked: Connect asks preCommit first, closes the partition, then commits that same map
        Map<TopicPartition, OffsetAndMetadata> committing = task.preCommit(Map.of(P0, new OffsetAndMetadata(3)));
        assertEquals(Map.of(P0, new OffsetAndMetadata(0)), committing, "[a,b] in flight");
        while (db.releaseOne(random)) {
            // each answer sends the next batch, held in turn
        }
        task.close(List.of(P0));

        assertEquals(Map.of(P0, new OffsetAndMetadata(3)), committing, "a, b and c are in the table");
        assertEquals(4, db.table.size());
        assertEquals(
                Map.of(P1, new OffsetAndMetadata(1)),
                task.preCommit(Map.of(P1, new OffsetAndMetadata(1))),
                "the partition kept is tracked as before");
    }

    @Test
    void shouldSendARefusedItemToTheDeadLetterQueueAsAnErrorRecordAndCommitPastItOnlyWhenAcknowledged()
            throws Exception {
        db.otherwise = FakeDynamoDb.rejectIf(item -> item.get("pk").s().equals("bad"));
        reporter.hold = true;
        start(Map.of("import.arn", "arn:aws:dynamodb:us-east-1:1:table/t/import/1"), reporter, "errors");

        task.put(List.of(
                TestItems.record(0, 0, "a", 1), TestItems.record(0, 1, "bad", 1), TestItems.record(0, 2, "c", 1)));

        assertEquals(2, db.table.size());
        assertEquals(1, reporter.letters.size());
        SinkRecord letter = reporter.letters.get(0);
        assertEquals("data/part-0.json", new String((byte[]) letter.key(), StandardCharsets.UTF_8));
        assertEquals(Schema.BYTES_SCHEMA, letter.valueSchema());
        JsonNode error = JSON.readTree((byte[]) letter.value());
        assertEquals(
                "{\"itemS3Pointer\":{\"bucket\":\"bucket\",\"key\":\"data/part-0.json\",\"itemIndex\":1},"
                        + "\"importArn\":\"arn:aws:dynamodb:us-east-1:1:table/t/import/1\","
                        + "\"errorMessages\":[\"Item size has exceeded the maximum allowed size\"],"
                        + "\"errorCode\":\"WRITE_REJECTED\",\"stage\":\"WRITE\","
                        + "\"rawRecord\":\"{\\\"Item\\\":{\\\"pk\\\":{\\\"S\\\":\\\"bad\\\"},\\\"v\\\":{\\\"N\\\":\\\"1\\\"}}}\","
                        + "\"rawRecordTruncated\":false}",
                new String((byte[]) letter.value(), StandardCharsets.UTF_8));
        assertEquals("bucket", error.at("/itemS3Pointer/bucket").asText());
        assertEquals(Map.of(P0, new OffsetAndMetadata(1)), task.preCommit(Map.of(P0, new OffsetAndMetadata(3))));

        reporter.acks.get(0).complete(null);
        assertEquals(Map.of(P0, new OffsetAndMetadata(3)), task.preCommit(Map.of(P0, new OffsetAndMetadata(3))));
        assertEquals(1, task.metrics().getErrantItems());
    }

    @Test
    void shouldFailTheTaskWhenAnItemIsRefusedAndNoDeadLetterQueueIsConfigured() {
        db.otherwise = FakeDynamoDb.rejectIf(item -> item.get("pk").s().equals("bad"));
        start(Map.of(), reporter, null);

        ConnectException e = assertThrows(
                ConnectException.class,
                () -> task.put(List.of(TestItems.record(0, 0, "ok", 1), TestItems.record(0, 1, "bad", 1))));

        assertEquals(
                "DynamoDB refused an item for table items (s3://bucket/data/part-0.json itemIndex 1,"
                        + " ddbimport.t.items-0@1 key [{\"S\":\"bad\"}]): Item size has exceeded the maximum allowed"
                        + " size. No dead letter queue is configured, so the task stops rather than drop it: set"
                        + " errors.tolerance=all and errors.deadletterqueue.topic.name=<the import's errors topic> on"
                        + " the connector, or fix the item and restart",
                e.getMessage());
        assertEquals(Map.of(P0, new OffsetAndMetadata(1)), task.preCommit(Map.of(P0, new OffsetAndMetadata(2))));
    }

    @Test
    void shouldDeadLetterARecordThatIsNotAnItemRecordAndWriteTheOthers() throws Exception {
        start(Map.of(), reporter, "errors");
        SinkRecord good = TestItems.record(0, 0, "a", 1);
        SinkRecord garbage = new SinkRecord(
                TestItems.TOPIC,
                0,
                Schema.BYTES_SCHEMA,
                null,
                Schema.BYTES_SCHEMA,
                new byte[] {9, 9, 9},
                1,
                null,
                org.apache.kafka.common.record.TimestampType.NO_TIMESTAMP_TYPE,
                TestItems.record(0, 1, "x", 1).headers());

        task.put(List.of(good, garbage, TestItems.record(0, 2, "c", 1)));
        task.flush(Map.of());

        assertEquals(2, db.table.size());
        assertEquals(1, reporter.letters.size());
        JsonNode error = JSON.readTree((byte[]) reporter.letters.get(0).value());
        assertEquals(
                "Not an item record (it starts with 0x9, not the record version 0x1); item records are written by"
                        + " ItemCodec.encode",
                error.at("/errorMessages/0").asText());
        assertEquals(Map.of(P0, new OffsetAndMetadata(3)), task.preCommit(Map.of(P0, new OffsetAndMetadata(3))));
    }

    @Test
    void shouldWaitInFlushUntilEveryItemIsWritten() {
        db.holdAnswers();
        start(Map.of("batch.size", "1", "max.in.flight.batches", "2"), reporter, "errors");
        task.put(List.of(
                TestItems.record(0, 0, "a", 1), TestItems.record(0, 1, "b", 1), TestItems.record(0, 2, "a", 2)));
        Thread releaser = new Thread(() -> {
            Random random = new Random(3);
            while (db.heldAnswers() > 0
                    || db.table.size() < 2
                    || !"2".equals(db.table.get("a").get("v").n())) {
                if (!db.releaseOne(random)) {
                    Thread.onSpinWait();
                }
            }
        });
        releaser.start();

        task.flush(Map.of());

        assertEquals("2", db.table.get("a").get("v").n());
        assertEquals(Map.of(P0, new OffsetAndMetadata(3)), task.preCommit(Map.of(P0, new OffsetAndMetadata(3))));
    }

    @Test
    void shouldFailPutAndPreCommitOnceTheWriterHasFailed() throws Exception {
        db.otherwise = FakeDynamoDb.tableMissing();
        start(Map.of(), reporter, "errors");
        task.put(List.of(TestItems.record(0, 0, "a", 1)));

        ConnectException e = assertThrows(ConnectException.class, () -> task.put(List.of()));
        assertEquals(
                "DynamoDB refused writes to table items: ResourceNotFoundException (HTTP 400): Requested resource"
                        + " not found. Create the table (or set table.create=true) and restart the task",
                e.getMessage());
        assertThrows(ConnectException.class, () -> task.preCommit(Map.of()));
        assertThrows(ConnectException.class, () -> task.flush(Map.of()));
        assertEquals(Duration.ofMinutes(5), DynamoDbSinkTask.FLUSH_TIMEOUT);
    }
}
