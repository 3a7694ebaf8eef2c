package dev.ddbimport.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddbimport.core.chunk.ChunkCodec;
import dev.ddbimport.core.chunk.ChunkHeaders;
import dev.ddbimport.core.error.ErrorCode;
import dev.ddbimport.core.frame.Frame;
import dev.ddbimport.core.frame.FrameError;
import dev.ddbimport.core.frame.RawRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.source.TransactionContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class S3ImportSourceTaskTest {

    private final FakeS3 s3 = new FakeS3();
    private final Map<Map<String, ?>, Map<String, Object>> storedOffsets = new HashMap<>();
    private final List<SourceRecord> committed = new ArrayList<>();
    private TransactionContext transactions;
    private S3ImportSourceTask task;

    @AfterEach
    void stopTask() {
        if (task != null) {
            task.stop();
        }
    }

    private static byte[] jsonLines(String key, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append("{\"Item\":{\"pk\":{\"S\":\"")
                    .append(key)
                    .append('-')
                    .append(i)
                    .append("\"}}}\n");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void start(Map<String, String> extra, String... keys) {
        List<ListedObject> listing = new ArrayList<>();
        for (String k : keys) {
            listing.add(s3.listed(k));
        }
        start(extra, listing);
    }

    private void start(Map<String, String> extra, List<ListedObject> listing) {
        Map<String, String> props = S3ImportSourceConfigTest.valid();
        props.put("input.format", "DYNAMODB_JSON");
        props.put("chunk.bytes", "1024");
        props.put("task.index", "0");
        props.put("task.count", "1");
        props.putAll(extra);
        task = new S3ImportSourceTask();
        task.initialize(new SourceTaskContext() {
            @Override
            public Map<String, String> configs() {
                return props;
            }

            @Override
            public OffsetStorageReader offsetStorageReader() {
                return new OffsetStorageReader() {
                    @Override
                    @SuppressWarnings("unchecked")
                    public <T> Map<String, Object> offset(Map<String, T> partition) {
                        return storedOffsets.get(partition);
                    }

                    @Override
                    public <T> Map<Map<String, T>, Map<String, Object>> offsets(Collection<Map<String, T>> partitions) {
                        Map<Map<String, T>, Map<String, Object>> out = new HashMap<>();
                        for (Map<String, T> p : partitions) {
                            out.put(p, storedOffsets.get(p));
                        }
                        return out;
                    }
                };
            }

            @Override
            public TransactionContext transactionContext() {
                return transactions;
            }

            @Override
            public PluginMetrics pluginMetrics() {
                return null;
            }
        });
        task.start(new S3ImportSourceTaskConfig(props), s3, listing, new S3ImportSourceTaskMetrics());
    }

    /** Polls until {@code objects} final chunks were returned; broken streams are retried as Connect does. */
    private List<SourceRecord> pollAll(int objects) throws InterruptedException {
        List<SourceRecord> all = new ArrayList<>();
        int last = 0;
        for (int polls = 0; last < objects; polls++) {
            assertTrue(polls < 10_000, "no end after " + polls + " polls");
            List<SourceRecord> batch = task.poll();
            if (batch == null) {
                continue;
            }
            for (SourceRecord r : batch) {
                all.add(r);
                if (r.headers().lastWithName(ChunkHeaders.LAST_CHUNK) != null) {
                    last++;
                }
            }
        }
        return all;
    }

    /** Polls until the task fails (the reader thread hands its failure to the next poll). */
    private ConnectException pollUntilFailure() {
        return assertThrows(ConnectException.class, () -> {
            for (int polls = 0; polls < 20; polls++) {
                task.poll();
            }
        });
    }

    private static List<Long> indexes(List<SourceRecord> records, String key) {
        List<Long> out = new ArrayList<>();
        for (SourceRecord r : records) {
            if (key.equals(new String((byte[]) r.key(), StandardCharsets.UTF_8))) {
                for (Frame f : ChunkCodec.decode((byte[]) r.value())) {
                    out.add(f instanceof RawRecord rr ? rr.itemIndex() : ((FrameError) f).itemIndex());
                }
            }
        }
        return out;
    }

    private static List<Long> range(long from, long to) {
        List<Long> out = new ArrayList<>();
        for (long i = from; i < to; i++) {
            out.add(i);
        }
        return out;
    }

    @Test
    void shouldReopenABrokenStreamWhereItsLastChunkEndedWithoutGapsOrRepeats() throws InterruptedException {
        s3.put("a", jsonLines("a", 3000));
        s3.breakAfter.put("a", 50_000);
        start(Map.of(), "a");

        List<SourceRecord> records = pollAll(1);

        assertEquals(range(0, 3000), indexes(records, "a"));
        assertEquals(2, s3.gets);
        for (int i = 0; i < records.size(); i++) {
            assertEquals(
                    String.valueOf(i),
                    new String(
                            (byte[]) records.get(i)
                                    .headers()
                                    .lastWithName(ChunkHeaders.CHUNK_INDEX)
                                    .value(),
                            StandardCharsets.UTF_8));
        }
    }

    @Test
    void shouldSkipDoneObjectsAndResumeAPartlySentOneAfterItsOffset() throws InterruptedException {
        s3.put("a", jsonLines("a", 100));
        s3.put("b", jsonLines("b", 500));
        storedOffsets.put(new ObjectPartition("imp-1", "a").toMap(), new ObjectOffset(100, 3000, 4, true).toMap());
        storedOffsets.put(new ObjectPartition("imp-1", "b").toMap(), new ObjectOffset(321, 9999, 17, false).toMap());
        start(Map.of(), "a", "b");

        List<SourceRecord> records = pollAll(1);

        assertEquals(List.of(), indexes(records, "a"));
        assertEquals(range(321, 500), indexes(records, "b"));
        assertEquals(
                "17",
                new String(
                        (byte[]) records.get(0)
                                .headers()
                                .lastWithName(ChunkHeaders.CHUNK_INDEX)
                                .value(),
                        StandardCharsets.UTF_8));
        Map<String, ?> lastOffset = records.get(records.size() - 1).sourceOffset();
        assertEquals(
                new ObjectOffset(500, s3.objects.get("b").length, 17 + records.size(), true),
                ObjectOffset.fromMap(lastOffset));
    }

    @Test
    void shouldFailWithObjectModifiedWhenTheEtagNoLongerMatches() {
        s3.put("a", jsonLines("a", 10));
        ListedObject listed = s3.listed("a");
        s3.etags.put("a", "\"changed\"");
        start(Map.of(), List.of(listed));

        ConnectException e = pollUntilFailure();
        assertEquals(
                "ObjectModifiedInS3DuringImport: s3://bucket/a no longer has the ETag \"etag-a\" it had when the"
                        + " import listed it; it was overwritten or changed during the import. Restore it or start a new"
                        + " import.",
                e.getMessage());
    }

    @Test
    void shouldFailWithTheS3ErrorCodeFirst() {
        s3.put("a", jsonLines("a", 10));
        s3.failures.put("a", new Object[] {404, "NoSuchKey"});
        start(Map.of(), "a");

        ConnectException e = pollUntilFailure();
        assertEquals(
                "NoSuchKey: S3 refused GET s3://bucket/a (HTTP 404): scripted NoSuchKey; the object was deleted after"
                        + " it was listed; restore it or start a new import",
                e.getMessage());
    }

    @Test
    void shouldSendAnObjectCompressedAgainstItsDeclarationAsOneFatalMarker() throws InterruptedException {
        s3.put("a", TestObjects.compress(jsonLines("a", 10), "GZIP"));
        s3.put("b", jsonLines("b", 10));
        start(Map.of(), "a", "b");

        List<SourceRecord> records = pollAll(2);

        List<Frame> a = ChunkCodec.decode((byte[]) records.get(0).value());
        FrameError error = (FrameError) a.get(0);
        assertEquals(ErrorCode.COMPRESSION_MISMATCH, error.code());
        assertEquals(
                "Object looks GZIP-compressed but InputCompressionType is NONE; import it with InputCompressionType GZIP",
                error.message());
        assertEquals(range(0, 10), indexes(records, "b"));
    }

    @Test
    void shouldCommitTransactionsAtEachObjectEndAndEveryNChunks() throws InterruptedException {
        s3.put("a", jsonLines("a", 300));
        s3.put("b", jsonLines("b", 3));
        transactions = new TransactionContext() {
            @Override
            public void commitTransaction() {
                throw new AssertionError("commits name their record");
            }

            @Override
            public void commitTransaction(SourceRecord record) {
                committed.add(record);
            }

            @Override
            public void abortTransaction() {
                throw new AssertionError("nothing aborts");
            }

            @Override
            public void abortTransaction(SourceRecord record) {
                throw new AssertionError("nothing aborts");
            }
        };
        start(Map.of("transaction.chunks", "5"), "a", "b");

        List<SourceRecord> records = pollAll(2);

        int aChunks = (int) records.stream()
                .filter(r -> new String((byte[]) r.key(), StandardCharsets.UTF_8).equals("a"))
                .count();
        assertTrue(aChunks > 10, "a spans many chunks: " + aChunks);
        List<SourceRecord> expected = new ArrayList<>();
        for (int i = 0; i < aChunks; i++) {
            if ((i + 1) % 5 == 0 || i == aChunks - 1) {
                expected.add(records.get(i));
            }
        }
        expected.add(records.get(records.size() - 1));
        assertEquals(expected, committed);
    }
}
