package dev.ddbimport.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddbimport.core.chunk.ChunkHeaders;
import dev.ddbimport.core.error.ErrorCode;
import dev.ddbimport.core.frame.Frame;
import dev.ddbimport.core.frame.FrameError;
import dev.ddbimport.core.frame.RawRecord;
import dev.ddbimport.source.TestObjects.TestObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorOffset;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class S3ImportSourceIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    static Path dir;

    private static ImportCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = ImportCluster.start(dir);
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** Puts the objects into a new bucket and returns them by key. */
    private static Map<String, TestObject> put(String bucket, List<TestObject> objects) {
        cluster.s3.createBucket(bucket);
        Map<String, TestObject> byKey = new LinkedHashMap<>();
        for (TestObject o : objects) {
            cluster.s3.put(bucket, o.key(), o.bytes());
            byKey.put(o.key(), o);
        }
        return byKey;
    }

    private static void run(String importId, Map<String, String> config) {
        cluster.connect.kafka().createTopic(ImportCluster.topic(importId), 3);
        cluster.connect.configureConnector(importId, config);
    }

    /**
     * Every record of every expected object arrived exactly once, in order within its object, with
     * exact pointers, and each object ended with one last chunk carrying its totals.
     */
    private static void assertExactlyOnceInOrder(ChunkSink sink, Map<String, TestObject> expected, boolean csvHeader) {
        assertEquals(expected.keySet(), sink.byObject.keySet());
        for (TestObject o : expected.values()) {
            List<ChunkSink.Received> chunks = sink.byObject.get(o.key());
            List<Frame> entries = new ArrayList<>();
            for (int i = 0; i < chunks.size(); i++) {
                ChunkSink.Received c = chunks.get(i);
                assertEquals(String.valueOf(i), c.header(ChunkHeaders.CHUNK_INDEX), o.key() + " chunk order");
                assertEquals(i == chunks.size() - 1, c.last(), o.key() + " last-chunk flag on chunk " + i);
                assertEquals(o.key(), c.header(ChunkHeaders.OBJECT_KEY));
                assertNotNull(c.header(ChunkHeaders.OBJECT_ETAG));
                if (!c.entries().isEmpty()) {
                    assertEquals(
                            String.valueOf(ChunkSink.itemIndexOf(c.entries().get(0))),
                            c.header(ChunkHeaders.FIRST_ITEM_INDEX));
                    assertEquals(String.valueOf(c.entries().get(0).offset()), c.header(ChunkHeaders.OFFSET));
                }
                if (csvHeader && !o.records().isEmpty()) {
                    assertArrayEquals(
                            "pk,n,note".getBytes(StandardCharsets.UTF_8),
                            c.headers().get(ChunkHeaders.CSV_HEADER));
                } else {
                    assertNull(c.headers().get(ChunkHeaders.CSV_HEADER));
                }
                entries.addAll(c.entries());
            }
            ChunkSink.Received last = chunks.get(chunks.size() - 1);
            assertEquals(String.valueOf(o.records().size()), last.header(ChunkHeaders.OBJECT_RECORDS), o.key());
            assertEquals(o.records().size(), entries.size(), o.key() + " record count");
            for (int i = 0; i < entries.size(); i++) {
                RawRecord r = (RawRecord) entries.get(i);
                assertEquals(i, r.itemIndex(), o.key());
                assertEquals(o.records().get(i), new String(r.bytes(), StandardCharsets.UTF_8), o.key() + " #" + i);
            }
        }
    }

    @Test
    void shouldSendEveryRecordOfEveryFormatAndCompressionOnceInOrder() {
        List<String> imports = new ArrayList<>();
        Map<String, Map<String, TestObject>> expected = new LinkedHashMap<>();
        for (String format : List.of("CSV", "DYNAMODB_JSON", "ION")) {
            for (String compression : List.of("NONE", "GZIP", "ZSTD")) {
                String id = ("all-" + format + "-" + compression).toLowerCase().replace('_', '-');
                List<TestObject> objects = new ArrayList<>();
                for (int o = 0; o < 4; o++) {
                    objects.add(TestObjects.make("data/part-" + o, format, compression, 300 + 150 * o));
                }
                objects.add(TestObjects.make("data2/over-matched", format, compression, 40));
                objects.add(new TestObject("data/zero-length", List.of(), new byte[0]));
                // outside the prefix: must not be read
                cluster.s3.createBucket(id);
                cluster.s3.put(
                        id,
                        "other/ignored",
                        TestObjects.make("x", format, compression, 5).bytes());
                Map<String, TestObject> byKey = new LinkedHashMap<>();
                for (TestObject object : objects) {
                    cluster.s3.put(id, object.key(), object.bytes());
                    byKey.put(object.key(), object);
                }
                expected.put(id, byKey);
                run(id, cluster.connectorConfig(id, id, "data", format, compression));
                imports.add(id);
            }
        }
        for (String id : imports) {
            try (ChunkSink sink = cluster.sink(id, true)) {
                int objects = expected.get(id).size();
                assertTrue(sink.pollUntil(s -> s.lastChunks >= objects, TIMEOUT), id + " did not complete");
                sink.drain(TIMEOUT);
                assertExactlyOnceInOrder(sink, expected.get(id), id.startsWith("all-csv"));
                List<ChunkSink.Received> zero = sink.byObject.get("data/zero-length");
                assertEquals(1, zero.size());
                assertEquals("0", zero.get(0).header(ChunkHeaders.OBJECT_BYTES));
            }
            cluster.connect.deleteConnector(id);
        }
    }

    @Test
    void shouldCompleteAnEmptyPrefixWithNothingToSend() throws Exception {
        String id = "empty-prefix";
        cluster.s3.createBucket(id);
        cluster.s3.put(id, "elsewhere/a.json", "{}".getBytes(StandardCharsets.UTF_8));
        run(id, cluster.connectorConfig(id, id, "nothing/", "DYNAMODB_JSON", "NONE"));

        cluster.connect.assertions().assertConnectorAndExactlyNumTasksAreRunning(id, 1, "connector did not start");
        Map<String, Object> props =
                Map.of("bootstrap.servers", cluster.connect.kafka().bootstrapServers());
        List<ListedObject> listing = new ManifestTopic(props, ImportCluster.topic(id) + ".manifest")
                .read(id)
                .orElseThrow();
        assertEquals(List.of(), listing);
        try (ChunkSink sink = cluster.sink(id, true)) {
            sink.drain(TIMEOUT);
            assertEquals(Map.of(), sink.byObject);
        }
        cluster.connect.deleteConnector(id);
    }

    @Test
    void shouldRunNoMoreTasksThanObjects() {
        String id = "few-objects";
        Map<String, TestObject> objects = put(
                id,
                List.of(
                        TestObjects.make("a.json", "DYNAMODB_JSON", "GZIP", 200),
                        TestObjects.make("b.json", "DYNAMODB_JSON", "GZIP", 100)));
        Map<String, String> config = cluster.connectorConfig(id, id, "", "DYNAMODB_JSON", "GZIP");
        config.put("tasks.max", "5");
        run(id, config);

        try (ChunkSink sink = cluster.sink(id, true)) {
            assertTrue(sink.pollUntil(s -> s.lastChunks >= 2, TIMEOUT));
            sink.drain(TIMEOUT);
            assertExactlyOnceInOrder(sink, objects, false);
        }
        assertEquals(2, cluster.connect.taskConfigs(id).size());
        // the progress contract: per-object offsets through the REST API, as the control plane reads them
        Map<String, ObjectOffset> progress = new java.util.HashMap<>();
        for (ConnectorOffset o : cluster.connect.connectorOffsets(id).offsets()) {
            progress.put(ObjectPartition.fromMap(o.partition()).key(), ObjectOffset.fromMap(o.offset()));
        }
        assertEquals(
                Map.of(
                        "a.json",
                        new ObjectOffset(
                                200,
                                progress.get("a.json").bytes(),
                                progress.get("a.json").chunk(),
                                true),
                        "b.json",
                        new ObjectOffset(
                                100,
                                progress.get("b.json").bytes(),
                                progress.get("b.json").chunk(),
                                true)),
                progress);
        cluster.connect.deleteConnector(id);
    }

    @Test
    void shouldSendACorruptGzipAsAnErrorMarkerAndCompleteTheOtherObjects() {
        String id = "corrupt-gzip";
        TestObject good = TestObjects.make("good.ion", "ION", "GZIP", 500);
        byte[] corrupt = TestObjects.make("bad.ion", "ION", "GZIP", 500).bytes();
        for (int i = corrupt.length / 2; i < corrupt.length / 2 + 64; i++) {
            corrupt[i] ^= 0x5A;
        }
        put(id, List.of(good, new TestObject("bad.ion", List.of(), corrupt)));
        run(id, cluster.connectorConfig(id, id, "", "ION", "GZIP"));

        try (ChunkSink sink = cluster.sink(id, true)) {
            assertTrue(sink.pollUntil(s -> s.lastChunks >= 2, TIMEOUT));
            sink.drain(TIMEOUT);
            List<ChunkSink.Received> bad = sink.byObject.get("bad.ion");
            ChunkSink.Received last = bad.get(bad.size() - 1);
            assertTrue(last.last());
            Frame marker = last.entries().get(last.entries().size() - 1);
            FrameError error = (FrameError) marker;
            assertEquals(ErrorCode.DECOMPRESSION_FAILED, error.code());
            assertTrue(error.fatal());
            assertTrue(error.compressedOffset() > 0, "pointer into the compressed object: " + error.compressedOffset());
            long before = bad.stream().mapToLong(c -> c.entries().size()).sum() - 1;
            assertEquals(before, error.itemIndex(), "the marker takes the index after the last good record");
            sink.byObject.remove("bad.ion");
            assertExactlyOnceInOrder(sink, Map.of("good.ion", good), false);
        }
        cluster.connect.deleteConnector(id);
    }

    @Test
    void shouldFailWithObjectModifiedWhenAnObjectChangedAfterTheListing() throws Exception {
        String id = "modified";
        TestObject original = TestObjects.make("a.csv", "CSV", "NONE", 50);
        put(id, List.of(original));
        // the import's listing is fixed first (as at connector start), then the object is overwritten
        List<ListedObject> listing = new ObjectLister(cluster.s3.client(), id, null).list("", 10);
        Map<String, Object> props =
                Map.of("bootstrap.servers", cluster.connect.kafka().bootstrapServers());
        ManifestTopic manifest = new ManifestTopic(props, ImportCluster.topic(id) + ".manifest");
        manifest.ensureExists((short) 1);
        manifest.write(id, id, "", listing);
        cluster.s3.put(id, "a.csv", TestObjects.make("a.csv", "CSV", "NONE", 51).bytes());

        run(id, cluster.connectorConfig(id, id, "", "CSV", "NONE"));

        cluster.connect.assertions().assertConnectorIsRunningAndTasksHaveFailed(id, 1, "task should fail");
        ConnectorStateInfo status = cluster.connect.connectorStatus(id);
        String trace = status.tasks().get(0).trace();
        assertTrue(
                trace.contains("ObjectModifiedInS3DuringImport: s3://modified/a.csv no longer has the ETag "
                        + listing.get(0).etag()),
                trace);
        cluster.connect.deleteConnector(id);
    }

    // Graceful restarts inside one worker; WorkerKilledIT kills a worker JVM with SIGKILL mid-object.
    @Test
    void shouldNeitherDuplicateNorLoseRecordsWhenTasksRestartMidObject() {
        restartMidStream("restart-poll-boundary", Map.of());
    }

    @Test
    void shouldNeitherDuplicateNorLoseRecordsWithConnectorDefinedTransactions() {
        restartMidStream(
                "restart-connector-boundary", Map.of("transaction.boundary", "connector", "transaction.chunks", "7"));
    }

    private void restartMidStream(String id, Map<String, String> extra) {
        List<TestObject> objects = new ArrayList<>();
        for (int o = 0; o < 4; o++) {
            objects.add(TestObjects.make("obj-" + o, "DYNAMODB_JSON", "GZIP", 20_000));
        }
        Map<String, TestObject> expected = put(id, objects);
        Map<String, String> config = cluster.connectorConfig(id, id, "", "DYNAMODB_JSON", "GZIP");
        config.put("chunk.bytes", "1024");
        config.putAll(extra);
        run(id, config);

        try (ChunkSink sink = cluster.sink(id, true)) {
            for (int restart = 1; restart <= 2; restart++) {
                long seen = sink.records;
                assertTrue(sink.pollUntil(s -> s.records > seen, TIMEOUT), "no progress before restart " + restart);
                assertTrue(sink.lastChunks < objects.size(), "the import finished before restart " + restart);
                cluster.connect.restartConnectorAndTasks(id, false, true, false);
            }
            assertTrue(sink.pollUntil(s -> s.lastChunks >= objects.size(), TIMEOUT), id + " did not complete");
            sink.drain(TIMEOUT);
            assertExactlyOnceInOrder(sink, expected, false);
        }
        cluster.connect.deleteConnector(id);
    }
}
