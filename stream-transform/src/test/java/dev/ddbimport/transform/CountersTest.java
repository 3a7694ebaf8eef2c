package dev.ddbimport.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddbimport.core.model.InputFormat;
import dev.ddbimport.core.pipeline.StageCounters;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/** Counters are kept in stores, published as snapshots per stage and partition, and never count a replay twice. */
class CountersTest {

    private static String lines(int from, int to) {
        StringBuilder b = new StringBuilder();
        for (int i = from; i < to; i++) {
            b.append("{\"Item\":{\"Id\":{\"N\":\"").append(i).append("\"}}}\n");
        }
        return b.toString();
    }

    private static TopologyFixture json() {
        return new TopologyFixture(TopologyFixture.books(InputFormat.DYNAMODB_JSON));
    }

    @Test
    void shouldPublishCountersOnlyWhenTheIntervalHasPassed() {
        try (TopologyFixture t = json()) {
            t.driver.advanceWallClockTime(TopologyFixture.INTERVAL); // the start-up snapshots
            t.progress.readRecordsToList();
            t.sendObject("a.json", lines(0, 3) + "{\"Item\":{}}\n");
            assertTrue(t.progress.isEmpty());

            t.driver.advanceWallClockTime(TopologyFixture.INTERVAL.minusMillis(1));
            assertTrue(t.progress.isEmpty());

            Map<String, StageCounters> published = t.publishedCounters();
            assertEquals(List.of("transform.parse/0", "transform.dedupe/0"), List.copyOf(published.keySet()));
            StageCounters parse = published.get("transform.parse/0");
            assertEquals(
                    new StageCounters(
                            (lines(0, 3) + "{\"Item\":{}}\n").length(),
                            4,
                            1,
                            Map.of("MISSING_KEY", 1L),
                            0,
                            1,
                            0,
                            0,
                            0,
                            0),
                    parse);
            assertEquals(new StageCounters(0, 0, 0, Map.of(), 0, 0, 3, 3, 0, 0), published.get("transform.dedupe/0"));
        }
    }

    @Test
    void shouldNotPublishAgainWhenNothingChanged() {
        try (TopologyFixture t = json()) {
            t.sendObject("a.json", lines(0, 2));
            t.publishedCounters();

            t.driver.advanceWallClockTime(Duration.ofSeconds(5));
            assertTrue(t.progress.isEmpty());
        }
    }

    @Test
    void shouldWriteCountersToTheStoresByName() {
        try (TopologyFixture t = json()) {
            t.sendObject("a.json", lines(0, 2) + lines(0, 1));

            KeyValueStore<String, Long> parse = t.driver.getKeyValueStore(ImportTopology.PARSE_COUNTERS_STORE);
            KeyValueStore<String, Long> dedupe = t.driver.getKeyValueStore(ImportTopology.DEDUPE_COUNTERS_STORE);
            assertEquals(3L, parse.get("ProcessedItemCount"));
            assertEquals(1L, parse.get("ObjectsCompleted"));
            assertEquals(2L, dedupe.get("DistinctKeys"));
            assertEquals(1L, dedupe.get("DuplicatesSuperseded"));
        }
    }

    @Test
    void shouldAdvanceProcessedSizeBytesWithEachChunk() {
        String object = lines(0, 4) + "\n\n"; // trailing blank lines are read, so they count at the end
        try (TopologyFixture t = json()) {
            List<TestRecord<byte[], byte[]>> chunks = t.chunksOf("a.json", object.getBytes(StandardCharsets.UTF_8), 60);
            assertEquals(2, chunks.size());

            t.chunks.pipeInput(chunks.get(0));
            assertEquals(51, t.totals().processedSizeBytes()); // up to the end of the chunk's last record
            assertEquals(0, t.totals().objectsCompleted());

            t.chunks.pipeInput(chunks.get(1));
            assertEquals(object.length(), t.totals().processedSizeBytes());
            assertEquals(1, t.totals().objectsCompleted());
        }
    }

    @Test
    void shouldCountAReplayedChunkOnlyAsReplays() {
        try (TopologyFixture t = json()) {
            List<TestRecord<byte[], byte[]>> chunks =
                    t.chunksOf("a.json", (lines(0, 4) + "{\"Item\":{}}\n").getBytes(StandardCharsets.UTF_8), 60);
            assertEquals(3, chunks.size());
            t.chunks.pipeInput(chunks.get(0));
            t.chunks.pipeInput(chunks.get(1));
            StageCounters before = t.totals();
            t.readItems();

            // an at-least-once source restarts from chunk 0
            t.send(chunks);

            assertEquals(List.of(), t.readItems()); // the only new record, 4, is a bad one
            StageCounters after = t.totals();
            assertEquals(4, after.replaysDropped());
            assertEquals(before.processedItemCount() + 1, after.processedItemCount());
            assertEquals(1, after.errorCount());
            assertEquals(4, after.itemCount());
            assertEquals(4, after.distinctKeys());
            assertEquals(0, after.duplicatesSuperseded());
            assertEquals(1, t.readErrors().size());
        }
    }

    @Test
    void shouldCountAWholeObjectDeliveredAgainOnlyAsReplays() {
        try (TopologyFixture t = json()) {
            t.sendObject("a.json", lines(0, 3));
            StageCounters once = t.totals();
            t.readItems();

            t.sendObject("a.json", lines(0, 3));

            assertEquals(List.of(), t.readItems());
            StageCounters twice = t.totals();
            assertEquals(3, twice.replaysDropped());
            assertEquals(once.processedItemCount(), twice.processedItemCount());
            assertEquals(once.processedSizeBytes(), twice.processedSizeBytes());
            assertEquals(1, twice.objectsCompleted());
            assertEquals(3, twice.itemCount());
        }
    }

    @Test
    void shouldSumSnapshotsOfEveryPartitionLikeTheControlPlane() {
        try (TopologyFixture t = json()) {
            t.sendObject("a.json", lines(0, 5));
            t.sendObject("b.json", lines(3, 8) + "{\"Item\":{}}\n");

            StageCounters total = t.totals();
            assertEquals(11, total.processedItemCount());
            assertEquals(1, total.errorCount());
            assertEquals(2, total.objectsCompleted());
            assertEquals(10, total.itemCount());
            assertEquals(8, total.distinctKeys());
            assertEquals(2, total.duplicatesSuperseded());
            // the completion check the control plane can make: every valid item reached last-write-wins
            assertEquals(
                    total.processedItemCount() - (total.errorCount() - total.fatalErrorCount()), total.itemCount());
        }
    }
}
