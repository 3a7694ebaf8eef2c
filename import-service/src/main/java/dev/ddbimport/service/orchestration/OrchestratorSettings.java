package dev.ddbimport.service.orchestration;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How the control plane runs imports.
 *
 * @param bootstrapServers the Kafka cluster of the registry, the import topics and Connect
 * @param connectUrl the Kafka Connect REST API (a worker of the cluster that has both connectors)
 * @param s3 where the sources are
 * @param dynamoDb the backing DynamoDB
 * @param parallelism partitions of each import's chunks and items topics: how many source, transform and
 *     sink tasks can work on one import at once (default {@value #DEFAULT_PARALLELISM})
 * @param replicationFactor replication factor of the import topics (1 for a single local broker)
 * @param sourceTasks {@code tasks.max} of the source connector (at most one per object is used)
 * @param sinkTasks {@code tasks.max} of the sink connector (at most {@code parallelism} are used)
 * @param maxRunningPipelines imports whose pipelines run at once; further accepted imports stay
 *     IN_PROGRESS and start as running ones end
 * @param workerThreads threads that drive the imports' steps
 * @param pollInterval how often a running import's progress is checked
 * @param errorsRetention how long the errors topic of an import keeps its dead letters (it outlives
 *     the import; Kafka deletes them after this)
 * @param transformStateDir non-null: this service hosts the transform ({@code StreamTransformApp})
 *     with its local state here; null: external transform instances watch the registry
 * @param cleanupTimeout how long clean-up waits for the stages to let go of an import's topics
 */
public record OrchestratorSettings(
        String bootstrapServers,
        URI connectUrl,
        S3Settings s3,
        DynamoDbSettings dynamoDb,
        int parallelism,
        short replicationFactor,
        int sourceTasks,
        int sinkTasks,
        int maxRunningPipelines,
        int workerThreads,
        Duration pollInterval,
        Duration errorsRetention,
        Path transformStateDir,
        Duration cleanupTimeout) {

    public static final int DEFAULT_PARALLELISM = 4;
    public static final int DEFAULT_MAX_RUNNING_PIPELINES = 50;
    public static final int DEFAULT_WORKER_THREADS = 4;
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(500);
    public static final Duration DEFAULT_ERRORS_RETENTION = Duration.ofDays(7);
    public static final Duration DEFAULT_CLEANUP_TIMEOUT = Duration.ofSeconds(60);

    public OrchestratorSettings {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(connectUrl, "connectUrl");
        Objects.requireNonNull(s3, "s3");
        Objects.requireNonNull(dynamoDb, "dynamoDb");
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(errorsRetention, "errorsRetention");
        Objects.requireNonNull(cleanupTimeout, "cleanupTimeout");
        atLeastOne(parallelism, "parallelism");
        atLeastOne(replicationFactor, "replicationFactor");
        atLeastOne(sourceTasks, "sourceTasks");
        atLeastOne(sinkTasks, "sinkTasks");
        atLeastOne(maxRunningPipelines, "maxRunningPipelines");
        atLeastOne(workerThreads, "workerThreads");
        if (!connectUrl.toString().endsWith("/")) {
            connectUrl = URI.create(connectUrl + "/");
        }
    }

    /**
     * Defaults for one local broker: {@value #DEFAULT_PARALLELISM} partitions, replication 1, as many
     * source and sink tasks as partitions, the transform hosted here with state in {@code
     * transformStateDir} (null: external transform).
     */
    public static OrchestratorSettings local(
            String bootstrapServers, URI connectUrl, S3Settings s3, DynamoDbSettings dynamoDb, Path transformStateDir) {
        return new OrchestratorSettings(
                bootstrapServers,
                connectUrl,
                s3,
                dynamoDb,
                DEFAULT_PARALLELISM,
                (short) 1,
                DEFAULT_PARALLELISM,
                DEFAULT_PARALLELISM,
                DEFAULT_MAX_RUNNING_PIPELINES,
                DEFAULT_WORKER_THREADS,
                DEFAULT_POLL_INTERVAL,
                DEFAULT_ERRORS_RETENTION,
                transformStateDir,
                DEFAULT_CLEANUP_TIMEOUT);
    }

    public OrchestratorSettings withParallelism(int partitions, int tasks) {
        return new OrchestratorSettings(
                bootstrapServers,
                connectUrl,
                s3,
                dynamoDb,
                partitions,
                replicationFactor,
                tasks,
                tasks,
                maxRunningPipelines,
                workerThreads,
                pollInterval,
                errorsRetention,
                transformStateDir,
                cleanupTimeout);
    }

    public OrchestratorSettings withMaxRunningPipelines(int max) {
        return new OrchestratorSettings(
                bootstrapServers,
                connectUrl,
                s3,
                dynamoDb,
                parallelism,
                replicationFactor,
                sourceTasks,
                sinkTasks,
                max,
                workerThreads,
                pollInterval,
                errorsRetention,
                transformStateDir,
                cleanupTimeout);
    }

    private static void atLeastOne(int value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, was " + value);
        }
    }
}
