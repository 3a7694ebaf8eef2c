package dev.ddbimport.sink;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;

/**
 * Writes item records to the table. {@code put} decodes the records and hands them to the {@link
 * BatchWriter} without waiting for DynamoDB; {@code preCommit} commits, per partition, only up to the
 * first record not yet written or dead-lettered, so a task killed at any point resumes from a place
 * where everything before is in the table. Replays rewrite items (PutItem is idempotent) in the same
 * per-key order, so the table ends the same.
 */
public class DynamoDbSinkTask extends SinkTask {

    private static final Logger log = LoggerFactory.getLogger(DynamoDbSinkTask.class);

    /** Connect's key for the dead letter queue topic (passed to tasks with the connector config). */
    static final String DLQ_TOPIC_CONFIG = "errors.deadletterqueue.topic.name";
    /** How long flush and close wait for DynamoDB before failing the task. */
    static final Duration FLUSH_TIMEOUT = Duration.ofMinutes(5);

    private DynamoDbSinkConfig config;
    private DynamoDbAsyncClient client;
    private ScheduledThreadPoolExecutor timer;
    private DynamoDbSinkTaskMetrics metrics;
    private ItemRecordDecoder decoder;
    private BatchWriter writer;
    private ErrantItemReporter errant;
    private final OffsetTracker offsets = new OffsetTracker();
    /** What the last {@link #preCommit} returned: see {@link #close}. */
    private Map<TopicPartition, OffsetAndMetadata> lastCommittable;

    @Override
    public String version() {
        return DynamoDbSinkConnector.VERSION;
    }

    @Override
    public void start(Map<String, String> props) {
        DynamoDbSinkConfig taskConfig = new DynamoDbSinkConfig(props);
        DynamoDbAsyncClient dynamo = DynamoDbClientFactory.create(taskConfig);
        try {
            KeyExtractor keyExtractor = new KeyExtractor(
                    new TableProvisioner(dynamo, taskConfig.tableName(), taskConfig.tableActiveTimeout())
                            .requireExisting());
            DynamoDbSinkTaskMetrics taskMetrics = new DynamoDbSinkTaskMetrics();
            taskMetrics.register(
                    props.getOrDefault("name", taskConfig.tableName()),
                    props.getOrDefault(DynamoDbSinkConnector.TASK_INDEX_CONFIG, taskId()));
            start(taskConfig, dynamo, keyExtractor, taskMetrics, errantRecordReporter(), props.get(DLQ_TOPIC_CONFIG));
        } catch (RuntimeException e) {
            dynamo.close();
            throw e;
        }
    }

    /** Starts on a given client and key schema: the seam the unit tests use. */
    void start(
            DynamoDbSinkConfig taskConfig,
            DynamoDbAsyncClient dynamo,
            KeyExtractor keyExtractor,
            DynamoDbSinkTaskMetrics taskMetrics,
            ErrantRecordReporter reporter,
            String deadLetterTopic) {
        this.config = taskConfig;
        this.client = dynamo;
        this.decoder = new ItemRecordDecoder(keyExtractor);
        this.metrics = taskMetrics;
        timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "ddbimport-sink-retry-" + taskConfig.tableName());
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
        TokenBucket rateLimit =
                taskConfig.writeRateLimit() > 0 ? new TokenBucket(taskConfig.writeRateLimit(), System::nanoTime) : null;
        writer = new BatchWriter(
                dynamo,
                new BatchWriter.Settings(
                        taskConfig.tableName(),
                        taskConfig.batchSize(),
                        DynamoDbSinkConfig.MAX_BATCH_BYTES,
                        taskConfig.maxInFlightBatches(),
                        taskConfig.maxBufferedItems(),
                        taskConfig.retryMaxAttempts(),
                        taskConfig.writeRateLimitUnit() == DynamoDbSinkConfig.RateUnit.WCU,
                        taskConfig.consumedCapacityMetric()),
                keyExtractor,
                Backoff.withRandomJitter(taskConfig.retryBackoffMs(), taskConfig.retryBackoffMaxMs()),
                rateLimit,
                (task, delayNanos) -> timer.schedule(task, delayNanos, TimeUnit.NANOSECONDS),
                taskMetrics);
        errant = new ErrantItemReporter(
                reporter,
                deadLetterTopic,
                taskConfig.tableName(),
                taskConfig.importArn(),
                taskConfig.errorRawMaxBytes());
        log.info(
                "Writing to table {} with up to {} batches of {} in flight{}",
                taskConfig.tableName(),
                taskConfig.maxInFlightBatches(),
                taskConfig.batchSize(),
                rateLimit == null
                        ? ""
                        : ", at most " + taskConfig.writeRateLimit() + " " + taskConfig.writeRateLimitUnit() + "/s");
    }

    private ErrantRecordReporter errantRecordReporter() {
        try {
            return context.errantRecordReporter();
        } catch (NoSuchMethodError | NoClassDefFoundError e) {
            return null; // a worker older than Kafka 2.6
        }
    }

    private String taskId() {
        return Integer.toHexString(System.identityHashCode(this));
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        writer.throwIfFailed();
        List<PendingWrite> writes = new ArrayList<>(records.size());
        List<PendingWrite> undecodable = null;
        for (SinkRecord record : records) {
            PendingWrite w = decoder.decode(record);
            offsets.track(w);
            if (w.request == null) {
                if (undecodable == null) {
                    undecodable = new ArrayList<>();
                }
                undecodable.add(w);
            } else {
                writes.add(w);
            }
        }
        if (undecodable != null) {
            metrics.errantItems.add(undecodable.size());
            errant.report(undecodable);
        }
        try {
            writer.submit(writes);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("Interrupted while handing items to the writer", e);
        }
        reportRefused();
    }

    private void reportRefused() {
        List<PendingWrite> refused = writer.drainRejected();
        if (!refused.isEmpty()) {
            errant.report(refused);
        }
        errant.settleAcknowledged();
    }

    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        writer.throwIfFailed();
        reportRefused();
        Map<TopicPartition, OffsetAndMetadata> committable = offsets.committable();
        committable.keySet().retainAll(currentOffsets.keySet());
        lastCommittable = committable;
        return committable;
    }

    /** Waits until every item handed over so far is written or dead-lettered. */
    @Override
    public void flush(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        awaitSettled(FLUSH_TIMEOUT);
    }

    void awaitSettled(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                reportRefused();
                if (writer.held() == 0) {
                    writer.throwIfFailed();
                    reportRefused();
                    errant.awaitAll(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
                    return;
                }
                writer.throwIfFailed();
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new ConnectException("Table " + config.tableName() + ": " + writer.held()
                            + " items not acknowledged within " + timeout.toSeconds() + " s");
                }
                writer.awaitChange(Duration.ofNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(200))));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("Interrupted while waiting for DynamoDB", e);
        }
    }

    /**
     * Revoked partitions: their writes finish before the new owner starts, or an old version still in
     * flight here could land after the new owner's newer one.
     *
     * <p>Connect asks {@link #preCommit} for a closing partition's offsets, then calls this, then commits
     * the map {@code preCommit} returned. Once the writes are settled, that map's entries for these
     * partitions move up to what is settled now, so the commit covers the items written here and the
     * next owner does not write them again. (Were Connect to copy the map first, the commit would stop
     * at the first item that was in flight, and the next owner would write again from there: at least
     * once, as before.)
     */
    @Override
    public void close(Collection<TopicPartition> partitions) {
        if (writer != null && writer.failure() == null) {
            awaitSettled(FLUSH_TIMEOUT);
            errant.settleAcknowledged();
            Map<TopicPartition, OffsetAndMetadata> settled = offsets.committable();
            if (lastCommittable != null) {
                for (TopicPartition tp : partitions) {
                    OffsetAndMetadata offset = settled.get(tp);
                    if (offset != null && lastCommittable.containsKey(tp)) {
                        lastCommittable.put(tp, offset);
                    }
                }
            }
        }
        offsets.forget(partitions);
    }

    @Override
    public void stop() {
        if (writer != null) {
            writer.close();
        }
        if (timer != null) {
            timer.shutdownNow();
        }
        if (client != null) {
            client.close();
        }
        if (metrics != null) {
            metrics.unregister();
        }
    }

    /** For tests. */
    DynamoDbSinkTaskMetrics metrics() {
        return metrics;
    }
}
