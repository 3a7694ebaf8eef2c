package dev.ddbimport.transform;

import dev.ddbimport.core.error.ErrorCode;
import dev.ddbimport.core.model.ImportDefinition;
import dev.ddbimport.core.pipeline.ImportTopics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One import's KafkaStreams on this instance, with its metrics. A stream thread that dies of an
 * exception shuts this client down into {@code ERROR}: the failure is logged and kept for {@code
 * /health} rather than retried in a loop, because what gets here is a bug or a broken cluster (bad
 * data is dead-lettered by the topology, and Kafka Streams already retries what is transient).
 */
final class ImportStreams {

    private static final Logger LOG = LoggerFactory.getLogger(ImportStreams.class);

    private final String importId;
    private final KafkaStreams streams;
    private final ImportMetrics metrics;
    private volatile String failure;

    private ImportStreams(String importId, KafkaStreams streams, ImportMetrics metrics) {
        this.importId = importId;
        this.streams = streams;
        this.metrics = metrics;
    }

    /**
     * Builds and starts the import's topology.
     *
     * @param chunkPartitions what resolves {@link TransformSettings#AS_MANY_AS_CHUNKS_PARTITIONS}:
     *     {@link #stagePartitions(Admin, String, Set)}
     * @throws RuntimeException when the topology or its configuration cannot be built; nothing is left running
     */
    static ImportStreams start(
            String importId,
            ImportDefinition definition,
            StreamTransformSettings settings,
            int chunkPartitions,
            ScheduledExecutorService metricsScheduler) {
        ImportMetrics metrics = new ImportMetrics(importId, settings.meterRegistry());
        try {
            TransformListener configured = settings.transform().listener();
            TransformListener listener =
                    configured == TransformListener.NONE ? metrics : new BothListeners(configured, metrics);
            Topology topology = ImportTopology.build(
                    definition,
                    settings.transform()
                            .resolveRepartitionPartitions(chunkPartitions)
                            .withListener(listener));
            KafkaStreams streams = new KafkaStreams(topology, properties(definition, settings));
            ImportStreams run = new ImportStreams(importId, streams, metrics);
            streams.setStateListener(run::onStateChange);
            streams.setUncaughtExceptionHandler(run::onUncaught);
            metrics.bind(streams, metricsScheduler);
            streams.start();
            return run;
        } catch (RuntimeException e) {
            metrics.close();
            throw e;
        }
    }

    /**
     * The tasks of an import's two stages: the chunks topic's partitions (the parse stage), and the
     * count that resolves {@link TransformSettings#AS_MANY_AS_CHUNKS_PARTITIONS} for last-write-wins.
     */
    record StagePartitions(int chunks, int lastWriteWins) {}

    /**
     * {@code importId}'s stage partitions, from one describe request. Last-write-wins gets the
     * repartition topic's count when that exists already (an import started before, perhaps by a
     * version with another rule, keeps the count its state is partitioned by), else the chunks topic's.
     *
     * @param existingTopics the cluster's topics, listed by the caller just before
     * @throws IllegalStateException when a topic cannot be described (the chunks topic is missing, say)
     */
    static StagePartitions stagePartitions(Admin admin, String importId, Set<String> existingTopics)
            throws InterruptedException {
        String chunks = new ImportTopics(importId).chunks();
        String repartition = ImportTopology.repartitionTopic(TransformProperties.applicationId(importId));
        boolean started = existingTopics.contains(repartition);
        Map<String, Integer> counts =
                ImportTopicCreator.partitions(admin, started ? List.of(chunks, repartition) : List.of(chunks));
        int chunksPartitions = counts.get(chunks);
        return new StagePartitions(chunksPartitions, started ? counts.get(repartition) : chunksPartitions);
    }

    /**
     * {@link #stagePartitions(Admin, String, Set)} for a caller that has not listed the topics.
     *
     * @throws IllegalStateException when the topics cannot be listed or described
     */
    static StagePartitions stagePartitions(Admin admin, String importId) throws InterruptedException {
        Set<String> existing;
        try {
            existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot list topics: " + e, e);
        }
        return stagePartitions(admin, importId, existing);
    }

    /** The one daemon thread that refreshes an instance's import metrics. */
    static ScheduledExecutorService metricsScheduler() {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ddbimport-transform-metrics");
            t.setDaemon(true);
            return t;
        });
    }

    /** The import's Streams properties: the topology's own, this instance's state dir and threads, then overrides. */
    static Properties properties(ImportDefinition definition, StreamTransformSettings settings) {
        Map<String, String> overrides = new HashMap<>();
        overrides.put(StreamsConfig.STATE_DIR_CONFIG, settings.stateDir().toString());
        overrides.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, String.valueOf(settings.threadsPerImport()));
        // the Streams dead letters keep as much of a bad record as the topology's own
        overrides.put(
                JsonDeadLetterHandler.RAW_MAX_BYTES_CONFIG,
                String.valueOf(settings.transform().maxRawRecordBytes()));
        overrides.putAll(settings.clientOverrides());
        return TransformProperties.forImport(definition, settings.bootstrapServers(), overrides);
    }

    /** Where Kafka Streams keeps this import's local state under {@code stateDir}. */
    static Path stateDirOf(Path stateDir, String importId) {
        return stateDir.resolve(TransformProperties.applicationId(importId));
    }

    String importId() {
        return importId;
    }

    KafkaStreams.State state() {
        return streams.state();
    }

    /** What killed this client, or null. */
    String failure() {
        return failure;
    }

    /** Healthy while running, rebalancing, starting, or closing on purpose. */
    boolean healthy() {
        KafkaStreams.State s = streams.state();
        return s != KafkaStreams.State.ERROR && s != KafkaStreams.State.PENDING_ERROR;
    }

    KafkaStreams streams() {
        return streams;
    }

    /**
     * Stops the import on this instance, leaving its consumer group so that the other instances take
     * its tasks over at once.
     *
     * @param timeout how long to wait for the stream threads to finish their work and commit
     * @return true when the client shut down within the timeout
     */
    boolean close(Duration timeout) {
        boolean closed = streams.close(CloseOptions.timeout(timeout)
                .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
        metrics.close();
        return closed;
    }

    /**
     * Deletes this import's local state (stores and checkpoints) after {@link #close}; true when it
     * is gone. Fails softly when the client is still shutting down: the leftover is removed the next
     * time the app starts.
     */
    boolean cleanUp() {
        try {
            streams.cleanUp();
            return true;
        } catch (IllegalStateException e) {
            LOG.warn(
                    "Import {}: local state not removed because its KafkaStreams is still {}; it is removed at the"
                            + " next start of the transform",
                    importId,
                    streams.state());
            return false;
        }
    }

    private void onStateChange(KafkaStreams.State newState, KafkaStreams.State oldState) {
        if (newState == KafkaStreams.State.ERROR) {
            LOG.error(
                    "Import {}: KafkaStreams stopped in ERROR ({}); it stays stopped and /health reports it until"
                            + " the import leaves IN_PROGRESS or the transform restarts",
                    importId,
                    failure == null ? "no exception reported" : failure);
        } else {
            LOG.info("Import {}: KafkaStreams {} -> {}", importId, oldState, newState);
        }
    }

    private StreamThreadExceptionResponse onUncaught(Throwable e) {
        failure = e.getClass().getName() + ": " + e.getMessage();
        LOG.error("Import {}: a stream thread died; shutting this import's KafkaStreams down", importId, e);
        return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }

    /** The configured listener and the metrics, both told everything. */
    private record BothListeners(TransformListener first, TransformListener second) implements TransformListener {
        @Override
        public void onRecords(long n) {
            first.onRecords(n);
            second.onRecords(n);
        }

        @Override
        public void onError(ErrorCode code) {
            first.onError(code);
            second.onError(code);
        }

        @Override
        public void onDuplicate() {
            first.onDuplicate();
            second.onDuplicate();
        }

        @Override
        public void onReplay() {
            first.onReplay();
            second.onReplay();
        }
    }
}
