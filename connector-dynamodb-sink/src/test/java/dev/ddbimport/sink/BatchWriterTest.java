package dev.ddbimport.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

class BatchWriterTest {

    private final FakeDynamoDb db = new FakeDynamoDb();
    private final DynamoDbSinkTaskMetrics metrics = new DynamoDbSinkTaskMetrics();
    private final List<Long> delays = new ArrayList<>();
    private final ItemRecordDecoder decoder = new ItemRecordDecoder(TestItems.KEYS);
    private long offset;

    private BatchWriter writer(int maxInFlight, int maxAttempts, Backoff backoff) {
        return writer(maxInFlight, maxAttempts, backoff, false);
    }

    private BatchWriter writer(int maxInFlight, int maxAttempts, Backoff backoff, boolean consumedCapacity) {
        return new BatchWriter(
                db,
                new BatchWriter.Settings(
                        FakeDynamoDb.TABLE,
                        25,
                        DynamoDbSinkConfig.MAX_BATCH_BYTES,
                        maxInFlight,
                        100_000,
                        maxAttempts,
                        false,
                        consumedCapacity),
                TestItems.KEYS,
                backoff,
                null,
                (task, delayNanos) -> {
                    synchronized (delays) {
                        delays.add(delayNanos);
                    }
                    task.run();
                },
                metrics);
    }

    private BatchWriter writer() {
        return writer(4, 5, new Backoff(10, 1000, () -> 0.5));
    }

    private List<PendingWrite> writes(String... pkVersions) {
        List<PendingWrite> out = new ArrayList<>();
        for (String pv : pkVersions) {
            String[] parts = pv.split(":");
            out.add(decoder.decode(TestItems.record(0, offset++, parts[0], Long.parseLong(parts[1]))));
        }
        return out;
    }

    private List<PendingWrite> distinct(int n) {
        String[] pv = new String[n];
        for (int i = 0; i < n; i++) {
            pv[i] = "k" + i + ":1";
        }
        return writes(pv);
    }

    private static int size(BatchWriteItemRequest r) {
        return r.requestItems().get(FakeDynamoDb.TABLE).size();
    }

    private static List<String> keysOf(BatchWriteItemRequest r) {
        List<String> out = new ArrayList<>();
        for (WriteRequest w : r.requestItems().get(FakeDynamoDb.TABLE)) {
            out.add(FakeDynamoDb.pk(w.putRequest().item()));
        }
        return out;
    }

    private static void assertSettled(BatchWriter writer) throws InterruptedException {
        assertTrue(writer.awaitSettled(Duration.ofSeconds(5)), "every item settled");
        assertEquals(0, writer.held());
        assertEquals(0, writer.batchesInFlight());
    }

    @Test
    void shouldWriteEveryItemInBatchesOfAtMost25() throws Exception {
        BatchWriter writer = writer();
        List<PendingWrite> items = distinct(60);

        writer.submit(items);

        assertSettled(writer);
        assertEquals(
                List.of(25, 25, 10),
                db.requests.stream().map(BatchWriterTest::size).toList());
        assertEquals(60, db.table.size());
        assertTrue(items.stream().allMatch(PendingWrite::done));
        assertEquals(60, metrics.getItemsWritten());
        assertEquals(3, metrics.getBatches());
        assertEquals(List.of(), db.violations);
    }

    @Test
    void shouldAskForConsumedCapacityOnlyWhenTheMetricIsOn() throws Exception {
        assertCapacityAskedAndCounted(writer(), ReturnConsumedCapacity.NONE, 0.0);
        assertCapacityAskedAndCounted(
                writer(4, 5, new Backoff(10, 1000, () -> 0.5), true), ReturnConsumedCapacity.TOTAL, 30.0);
    }

    /** Writes 30 items; every request asks {@code asked}, and the metric then holds {@code units}. */
    private void assertCapacityAskedAndCounted(BatchWriter writer, ReturnConsumedCapacity asked, double units)
            throws Exception {
        db.requests.clear();
        writer.submit(distinct(30));
        assertSettled(writer);
        assertEquals(
                List.of(asked),
                db.requests.stream()
                        .map(BatchWriteItemRequest::returnConsumedCapacity)
                        .distinct()
                        .toList());
        assertEquals(units, metrics.getConsumedWriteCapacityUnits());
    }

    @Test
    void shouldKeepOnlyTheLastVersionOfAKeyInABatch() throws Exception {
        BatchWriter writer = writer();
        List<PendingWrite> items = writes("a:1", "b:1", "a:2", "c:1", "a:3", "b:2");

        writer.submit(items);

        assertSettled(writer);
        assertEquals(1, db.requests.size());
        assertEquals(List.of("a", "b", "c"), keysOf(db.requests.get(0)));
        assertEquals("3", db.table.get("a").get("v").n());
        assertEquals("2", db.table.get("b").get("v").n());
        assertEquals(3, metrics.getItemsMerged());
        assertTrue(items.stream().allMatch(PendingWrite::done), "merged versions are settled too");
        assertEquals(List.of(), db.violations);
    }

    @Test
    void shouldRetryOnlyTheUnprocessedItems() throws Exception {
        db.then(FakeDynamoDb.unprocessedLast(3));
        BatchWriter writer = writer();

        writer.submit(distinct(10));

        assertSettled(writer);
        assertEquals(2, db.requests.size());
        assertEquals(List.of("k7", "k8", "k9"), keysOf(db.requests.get(1)));
        assertEquals(10, db.table.size());
        assertEquals(10, db.writes.size(), "no item written twice");
        assertEquals(3, metrics.getUnprocessedRetries());
        assertEquals(1, delays.size(), "the retry waited for its backoff");
    }

    @Test
    void shouldRetryThrottlingAndServerErrorsWithinTheBackoffBounds() throws Exception {
        db.then(FakeDynamoDb.throttle(), FakeDynamoDb.throttle(), FakeDynamoDb.serverError(), FakeDynamoDb.throttle());
        // the largest jitter: each wait is at its ceiling
        BatchWriter writer = writer(4, 10, new Backoff(100, 250, () -> 0.999999));

        writer.submit(distinct(5));

        assertSettled(writer);
        assertEquals(5, db.table.size());
        assertEquals(5, db.requests.size());
        assertEquals(3, metrics.getThrottles());
        assertEquals(1, metrics.getRetriableErrors());
        List<Long> ceilingsMs = List.of(100L, 200L, 250L, 250L);
        assertEquals(4, delays.size());
        for (int i = 0; i < delays.size(); i++) {
            long ms = delays.get(i) / 1_000_000;
            assertTrue(ms <= ceilingsMs.get(i) && ms >= ceilingsMs.get(i) - 1, "retry " + (i + 1) + " waited " + ms);
        }
    }

    @Test
    void shouldDrawEveryBackoffBetweenZeroAndItsCeiling() {
        Random random = new Random(7);
        Backoff backoff = new Backoff(50, 10_000, random::nextDouble);
        for (int attempt = 1; attempt <= 40; attempt++) {
            long ceiling = Math.min(10_000, 50L << Math.min(attempt - 1, 20));
            assertEquals(ceiling, backoff.ceilingMillis(attempt));
            for (int i = 0; i < 100; i++) {
                long d = backoff.delayMillis(attempt);
                assertTrue(d >= 0 && d <= ceiling, "attempt " + attempt + ": " + d + " not in [0," + ceiling + "]");
            }
        }
        assertEquals(0, new Backoff(50, 10_000, () -> 0).delayMillis(3), "full jitter reaches zero");
    }

    @Test
    void shouldFailAfterMaxAttemptsWithoutProgress() throws Exception {
        db.otherwise = FakeDynamoDb.throttle();
        BatchWriter writer = writer(4, 3, new Backoff(1, 1, () -> 0));

        writer.submit(distinct(2));

        ConnectException e = assertThrows(ConnectException.class, () -> writer.awaitSettled(Duration.ofSeconds(5)));
        assertEquals(
                "BatchWriteItem on table items failed 3 times in a row, last with"
                        + " ProvisionedThroughputExceededException (HTTP 400): The level of configured provisioned"
                        + " throughput for the table was exceeded.; check the endpoint and the table's capacity, or"
                        + " raise retry.max.attempts; the task resumes from its last committed offset when restarted",
                e.getMessage());
        assertEquals(3, db.requests.size());
        assertThrows(ConnectException.class, () -> writer.submit(distinct(1)), "a failed writer takes nothing more");
    }

    @Test
    void shouldStartTheAttemptCountAgainWhenAnAnswerWritesSomething() throws Exception {
        db.then(
                FakeDynamoDb.unprocessedLast(4),
                FakeDynamoDb.unprocessedLast(3),
                FakeDynamoDb.unprocessedLast(2),
                FakeDynamoDb.unprocessedLast(1));
        BatchWriter writer = writer(4, 2, new Backoff(1, 1, () -> 0));

        writer.submit(distinct(5));

        assertSettled(writer);
        assertEquals(5, db.table.size());
        assertEquals(5, db.requests.size());
        assertNull(writer.failure());
    }

    @Test
    void shouldIsolateARefusedItemAndWriteItsBatchMates() throws Exception {
        db.otherwise = FakeDynamoDb.rejectIf(item -> item.get("pk").s().equals("k13"));
        BatchWriter writer = writer();
        List<PendingWrite> items = distinct(25);

        writer.submit(items);

        assertSettled(writer);
        assertEquals(24, db.table.size());
        assertNull(db.table.get("k13"));
        List<PendingWrite> refused = writer.drainRejected();
        assertEquals(1, refused.size());
        assertEquals("k13", FakeDynamoDb.pk(refused.get(0).request.putRequest().item()));
        assertEquals(
                "Item size has exceeded the maximum allowed size",
                refused.get(0).rejection());
        assertEquals(1, metrics.getErrantItems());
        assertTrue(items.stream().filter(w -> w != refused.get(0)).allMatch(PendingWrite::done));
        // halving: 25 -> 12/13 -> ... -> k13 alone; far fewer than one request per item
        assertTrue(db.requests.size() <= 12, db.requests.size() + " requests");
        assertEquals(List.of(), db.violations);
        assertEquals(List.of(), writer.drainRejected(), "reported once");
    }

    @Test
    void shouldFailWithAMessageNamingTheTableWhenItIsMissing() throws Exception {
        db.otherwise = FakeDynamoDb.tableMissing();
        BatchWriter writer = writer();

        writer.submit(distinct(3));

        ConnectException e = assertThrows(ConnectException.class, () -> writer.awaitSettled(Duration.ofSeconds(5)));
        assertEquals(
                "DynamoDB refused writes to table items: ResourceNotFoundException (HTTP 400): Requested resource"
                        + " not found. Create the table (or set table.create=true) and restart the task",
                e.getMessage());
        assertEquals(1, db.requests.size(), "a fatal error is not retried");
    }

    @Test
    void shouldWriteAKeysVersionsInOrderWithManyBatchesInFlight() throws Exception {
        Random random = new Random(42);
        db.holdAnswers();
        // a mix of outcomes, answered in random order
        db.otherwise = (d, items) -> switch (random.nextInt(6)) {
            case 0 -> FakeDynamoDb.throttle().answer(d, items);
            case 1 ->
                FakeDynamoDb.unprocessedLast(1 + random.nextInt(items.size())).answer(d, items);
            case 2 -> FakeDynamoDb.serverError().answer(d, items);
            default -> FakeDynamoDb.writeAll().answer(d, items);
        };
        BatchWriter writer = writer(8, 1000, new Backoff(1, 1, () -> 0));
        int keys = 40;
        int versions = 30;
        Map<String, Integer> last = new HashMap<>();
        for (int v = 1; v <= versions; v++) {
            List<String> pv = new ArrayList<>();
            for (int k = 0; k < keys; k++) {
                if (random.nextInt(3) > 0) {
                    pv.add("k" + k + ":" + v);
                    last.put("k" + k, v);
                }
            }
            writer.submit(writes(pv.toArray(String[]::new)));
            for (int i = random.nextInt(4); i > 0; i--) {
                db.releaseOne(random);
            }
        }
        while (db.releaseOne(random)) {
            // answer everything, in random order, including the requests answers trigger
        }

        assertSettled(writer);
        assertEquals(List.of(), db.violations);
        for (Map.Entry<String, Integer> e : last.entrySet()) {
            assertEquals(
                    String.valueOf(e.getValue()),
                    db.table.get(e.getKey()).get("v").n(),
                    e.getKey());
        }
        Map<String, Integer> seen = new HashMap<>();
        for (Map<String, AttributeValue> w : db.writes) {
            int v = Integer.parseInt(w.get("v").n());
            Integer before = seen.put(FakeDynamoDb.pk(w), v);
            assertTrue(before == null || before < v, FakeDynamoDb.pk(w) + " written " + v + " after " + before);
        }
        assertTrue(metrics.getThrottles() > 0 && metrics.getUnprocessedRetries() > 0, "the script was exercised");
    }

    @Test
    void shouldTreatAClientThatThrowsLikeAFailedCall() throws Exception {
        FakeDynamoDb.Step explode = (d, items) -> {
            throw new IllegalStateException("client closed");
        };
        db.then(explode);
        BatchWriter writer = writer();

        writer.submit(distinct(1));

        ConnectException e = assertThrows(ConnectException.class, () -> writer.awaitSettled(Duration.ofSeconds(5)));
        assertEquals(
                "DynamoDB refused writes to table items: IllegalStateException: client closed. Fix the cause and"
                        + " restart the task; it resumes from its last committed offset",
                e.getMessage());
    }
}
