package dev.ddbimport.source;

import dev.ddbimport.core.chunk.Chunk;
import dev.ddbimport.core.chunk.ChunkHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.apache.kafka.connect.source.TransactionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Streams this task's share of the listing, one object at a time in listing order, as chunk records.
 * Each record's source offset says how far its object has been sent, so a restarted task skips done
 * objects and resumes a partly sent one after its last sent record.
 */
public class S3ImportSourceTask extends SourceTask {

    private static final Logger log = LoggerFactory.getLogger(S3ImportSourceTask.class);

    /** A poll returns at most about this many value bytes (with exactly-once: one transaction's worth). */
    static final int POLL_MAX_BYTES = 16 * 1024 * 1024;
    /** Chunk bytes read ahead while the worker sends the previous batch. */
    static final int PREFETCH_BYTES = 16 * 1024 * 1024;
    /** How long a poll waits for the first chunk before returning nothing. */
    static final long POLL_WAIT_MS = 500;

    private S3ImportSourceTaskConfig config;
    private S3Client s3;
    private S3ImportSourceTaskMetrics metrics;
    private List<ListedObject> objects;
    private ChunkPrefetcher prefetcher;
    private int chunksInTransaction;
    private final CountDownLatch stopped = new CountDownLatch(1);

    @Override
    public String version() {
        return S3ImportSourceConnector.VERSION;
    }

    @Override
    public void start(Map<String, String> props) {
        S3ImportSourceTaskConfig taskConfig = new S3ImportSourceTaskConfig(props);
        List<ListedObject> listing = new ManifestTopic(taskConfig.kafkaClientProps(), taskConfig.manifestTopic())
                .read(taskConfig.importId())
                .orElseThrow(() -> new ConnectException(
                        "No listing for import " + taskConfig.importId() + " in '" + taskConfig.manifestTopic()
                                + "'; the connector writes it before tasks start: restart the connector"));
        S3ImportSourceTaskMetrics taskMetrics = new S3ImportSourceTaskMetrics();
        taskMetrics.register(props.getOrDefault("name", taskConfig.importId()), String.valueOf(taskConfig.taskIndex()));
        start(taskConfig, S3ClientFactory.create(taskConfig, taskMetrics.retries), listing, taskMetrics);
    }

    /** Starts on a given client and listing: the seam the unit tests use. */
    void start(
            S3ImportSourceTaskConfig taskConfig,
            S3Client client,
            List<ListedObject> listing,
            S3ImportSourceTaskMetrics taskMetrics) {
        this.config = taskConfig;
        this.s3 = client;
        this.metrics = taskMetrics;
        objects = TaskAssignment.share(listing, config.taskIndex(), config.taskCount());
        metrics.objectsTotal = objects.size();
        Map<String, ObjectOffset> resumeAt = storedOffsets();
        resumeAt.values().stream().filter(ObjectOffset::done).forEach(o -> metrics.objectsDone.increment());
        prefetcher = new ChunkPrefetcher(
                s3, config, objects, resumeAt, new IoCounter(metrics.bytesRead), PREFETCH_BYTES / config.chunkBytes());
        prefetcher.start("ddbimport-source-reader-" + config.importId() + "-" + config.taskIndex());
        log.info(
                "Task {} of import {} reads {} of {} objects",
                config.taskIndex(),
                config.importId(),
                objects.size(),
                listing.size());
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        if (prefetcher.finished()) {
            // everything is sent: idle without spinning the worker's poll loop
            stopped.await(1, TimeUnit.SECONDS);
            return null;
        }
        List<ChunkPrefetcher.Item> items;
        try {
            items = prefetcher.take(POLL_MAX_BYTES, POLL_WAIT_MS);
        } catch (RuntimeException e) {
            if (stopping()) {
                return null; // stop() closed the client under the reader
            }
            throw e;
        }
        if (items.isEmpty()) {
            return null;
        }
        List<SourceRecord> batch = new ArrayList<>(items.size());
        for (ChunkPrefetcher.Item item : items) {
            batch.add(toRecord(item.object(), item.chunk()));
            if (item.chunk().last()) {
                metrics.objectsDone.increment();
            }
        }
        return batch;
    }

    @Override
    public void stop() {
        stopped.countDown();
        if (prefetcher != null) {
            prefetcher.stop();
        }
        if (s3 != null) {
            s3.close();
        }
        if (metrics != null) {
            metrics.unregister();
        }
    }

    private boolean stopping() {
        return stopped.getCount() == 0;
    }

    private SourceRecord toRecord(ListedObject object, Chunk chunk) {
        ObjectOffset after =
                new ObjectOffset(chunk.nextItemIndex(), chunk.bytesRead(), chunk.index() + 1, chunk.last());
        ConnectHeaders headers = new ConnectHeaders();
        header(headers, ChunkHeaders.IMPORT_ID, config.importId());
        header(headers, ChunkHeaders.BUCKET, config.bucket());
        header(headers, ChunkHeaders.OBJECT_KEY, object.key());
        header(headers, ChunkHeaders.OBJECT_ETAG, object.etag());
        header(headers, ChunkHeaders.CHUNK_INDEX, Integer.toString(chunk.index()));
        header(headers, ChunkHeaders.FIRST_ITEM_INDEX, Long.toString(chunk.firstItemIndex()));
        header(headers, ChunkHeaders.OFFSET, Long.toString(chunk.offset()));
        if (chunk.csvHeader() != null) {
            headers.add(ChunkHeaders.CSV_HEADER, chunk.csvHeader(), Schema.BYTES_SCHEMA);
        }
        if (chunk.last()) {
            header(headers, ChunkHeaders.LAST_CHUNK, "true");
            header(headers, ChunkHeaders.OBJECT_RECORDS, Long.toString(chunk.nextItemIndex()));
            header(headers, ChunkHeaders.OBJECT_BYTES, Long.toString(chunk.bytesRead()));
        }
        SourceRecord record = new SourceRecord(
                new ObjectPartition(config.importId(), object.key()).toMap(),
                after.toMap(),
                config.topic(),
                null,
                Schema.BYTES_SCHEMA,
                object.key().getBytes(StandardCharsets.UTF_8),
                Schema.BYTES_SCHEMA,
                chunk.value(),
                null,
                headers);
        metrics.chunks.increment();
        metrics.records.add(chunk.entries());
        commitIfDue(record, chunk.last());
        return record;
    }

    /** With connector-defined transactions: commit at each object's end and every N chunks. */
    private void commitIfDue(SourceRecord record, boolean lastOfObject) {
        TransactionContext transactions = context.transactionContext();
        if (transactions == null) {
            return;
        }
        if (lastOfObject || ++chunksInTransaction >= config.transactionChunks()) {
            transactions.commitTransaction(record);
            chunksInTransaction = 0;
        }
    }

    private static void header(ConnectHeaders headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8), Schema.BYTES_SCHEMA);
    }

    private Map<String, ObjectOffset> storedOffsets() {
        List<Map<String, String>> partitions = new ArrayList<>(objects.size());
        for (ListedObject o : objects) {
            partitions.add(new ObjectPartition(config.importId(), o.key()).toMap());
        }
        Map<Map<String, String>, Map<String, Object>> stored =
                context.offsetStorageReader().offsets(partitions);
        Map<String, ObjectOffset> offsets = new HashMap<>();
        for (Map.Entry<Map<String, String>, Map<String, Object>> e : stored.entrySet()) {
            if (e.getValue() != null) {
                offsets.put(e.getKey().get(ObjectPartition.OBJECT_KEY), ObjectOffset.fromMap(e.getValue()));
            }
        }
        return offsets;
    }
}
