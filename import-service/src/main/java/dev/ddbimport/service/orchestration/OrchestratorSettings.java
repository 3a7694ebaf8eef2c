package dev.ddbimport.service.orchestration;

import dev.ddbimport.service.imports.ImportRegistry;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * How the control plane runs imports.
 *
 * @param bootstrapServers the Kafka cluster of the registry, the import topics and Connect
 * @param connectUrl the Kafka Connect REST API (a worker of the cluster that has both connectors)
 * @param s3 where the sources are
 * @param dynamoDb the backing DynamoDB
 * @param parallelism partitions of each import's chunks and items topics: how many source, transform and
 *     sink tasks can work on one import at once (default {@value #DEFAULT_PARALLELISM})
 * @param replicationFactor replication factor of the import topics (1 for a single local broker;
 *     {@value #BROKER_DEFAULT_REPLICATION}: the brokers' {@code default.replication.factor})
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
 * @param kafkaClientSettings Kafka client settings (security, timeouts) under every Kafka client the
 *     orchestrator creates, the hosted transform's and the source connector's own ({@code kafka.client.*});
 *     the settings each client needs to work (client id, isolation level, serializers) win over them
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
        Duration cleanupTimeout,
        Map<String, String> kafkaClientSettings) {

    public static final int DEFAULT_PARALLELISM = 4;
    /** Kafka's "no replication factor given": topics get the brokers' {@code default.replication.factor}. */
    public static final short BROKER_DEFAULT_REPLICATION = ImportRegistry.BROKER_DEFAULT_REPLICATION;

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
        if (replicationFactor < 1 && replicationFactor != BROKER_DEFAULT_REPLICATION) {
            throw new IllegalArgumentException("replicationFactor must be at least 1, or " + BROKER_DEFAULT_REPLICATION
                    + " for the brokers' default, was " + replicationFactor);
        }
        atLeastOne(sourceTasks, "sourceTasks");
        atLeastOne(sinkTasks, "sinkTasks");
        atLeastOne(maxRunningPipelines, "maxRunningPipelines");
        atLeastOne(workerThreads, "workerThreads");
        kafkaClientSettings = kafkaClientSettings == null ? Map.of() : Map.copyOf(kafkaClientSettings);
        if (!connectUrl.toString().endsWith("/")) {
            connectUrl = URI.create(connectUrl + "/");
        }
    }

    /**
     * Defaults for one local broker: {@value #DEFAULT_PARALLELISM} partitions, replication 1, as many
     * source and sink tasks as partitions, the transform hosted here with state in {@code
     * transformStateDir} (null: external transform), no Kafka client settings.
     */
    public static OrchestratorSettings local(
            String bootstrapServers, URI connectUrl, S3Settings s3, DynamoDbSettings dynamoDb, Path transformStateDir) {
        return of(bootstrapServers, connectUrl, s3, dynamoDb, transformStateDir, (short) 1, Map.of());
    }

    /**
     * As {@link #local}, for a cluster of one's own: the import topics get {@code replicationFactor}
     * ({@value #BROKER_DEFAULT_REPLICATION}: the brokers' default) and every Kafka client {@code
     * kafkaClientSettings}.
     */
    public static OrchestratorSettings of(
            String bootstrapServers,
            URI connectUrl,
            S3Settings s3,
            DynamoDbSettings dynamoDb,
            Path transformStateDir,
            short replicationFactor,
            Map<String, String> kafkaClientSettings) {
        return new OrchestratorSettings(
                bootstrapServers,
                connectUrl,
                s3,
                dynamoDb,
                DEFAULT_PARALLELISM,
                replicationFactor,
                DEFAULT_PARALLELISM,
                DEFAULT_PARALLELISM,
                DEFAULT_MAX_RUNNING_PIPELINES,
                DEFAULT_WORKER_THREADS,
                DEFAULT_POLL_INTERVAL,
                DEFAULT_ERRORS_RETENTION,
                transformStateDir,
                DEFAULT_CLEANUP_TIMEOUT,
                kafkaClientSettings);
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
                cleanupTimeout,
                kafkaClientSettings);
    }

    @Override
    public String toString() {
        // the Kafka client settings may hold passwords (sasl.jaas.config, ssl.*.password): names only
        return "OrchestratorSettings[bootstrapServers=" + bootstrapServers + ", connectUrl=" + connectUrl + ", s3=" + s3
                + ", dynamoDb=" + dynamoDb + ", parallelism=" + parallelism + ", replicationFactor="
                + replicationFactor + ", sourceTasks=" + sourceTasks + ", sinkTasks=" + sinkTasks
                + ", maxRunningPipelines=" + maxRunningPipelines + ", workerThreads=" + workerThreads
                + ", pollInterval=" + pollInterval + ", errorsRetention=" + errorsRetention + ", transformStateDir="
                + transformStateDir + ", cleanupTimeout=" + cleanupTimeout + ", kafkaClientSettings="
                + new TreeSet<>(kafkaClientSettings.keySet()) + "]";
    }

    private static void atLeastOne(int value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, was " + value);
        }
    }
}
