package dev.ddbimport.service.local;

import dev.ddbimport.service.endpoint.AccessKey;
import dev.ddbimport.service.orchestration.DynamoDbSettings;
import dev.ddbimport.service.orchestration.OrchestratorSettings;
import dev.ddbimport.service.orchestration.S3Settings;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Where the control plane finds the pipeline's parts and where its endpoint listens.
 *
 * @param bootstrapServers the Kafka cluster (registry, import topics, Connect's cluster)
 * @param connectUrl the Connect REST API of a worker with both connectors
 * @param s3 where the import sources are
 * @param dynamoDb the backing DynamoDB (tables are created and written there)
 * @param host the address the endpoint listens on
 * @param port the endpoint's port; 0 picks a free one
 * @param region the region clients sign for and DescribeImport's ARNs carry
 * @param transformStateDir non-null: host the transform in this JVM with its state here
 * @param parallelism partitions (and source and sink tasks) per import
 * @param replicationFactor of the import topics, and of the registry topic if it is created here;
 *     {@link OrchestratorSettings#BROKER_DEFAULT_REPLICATION} for the brokers' default
 * @param kafkaClientSettings Kafka client settings (security) for every Kafka client of the service
 *     and the source connector's own
 * @param clientKeys the keys clients must sign with; empty: the endpoint checks no signature
 * @param backendCredentials what the endpoint signs with towards the backing DynamoDB
 */
public record ControlPlaneSettings(
        String bootstrapServers,
        URI connectUrl,
        S3Settings s3,
        DynamoDbSettings dynamoDb,
        String host,
        int port,
        String region,
        Path transformStateDir,
        int parallelism,
        short replicationFactor,
        Map<String, String> kafkaClientSettings,
        List<AccessKey> clientKeys,
        BackendCredentials backendCredentials) {

    public static final int DEFAULT_PORT = 8000;
    public static final String PORT_FLAG = "--port";

    public ControlPlaneSettings {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(connectUrl, "connectUrl");
        Objects.requireNonNull(s3, "s3");
        Objects.requireNonNull(dynamoDb, "dynamoDb");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(backendCredentials, "backendCredentials");
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, was " + parallelism);
        }
        kafkaClientSettings = Map.copyOf(kafkaClientSettings == null ? Map.of() : kafkaClientSettings);
        clientKeys = List.copyOf(clientKeys == null ? List.of() : clientKeys);
    }

    /**
     * A control plane for a local stack: replication 1, no Kafka security, an open endpoint that
     * passes the client's signature through to DynamoDB Local.
     */
    public static ControlPlaneSettings local(
            String bootstrapServers,
            URI connectUrl,
            S3Settings s3,
            DynamoDbSettings dynamoDb,
            int port,
            String region,
            Path transformStateDir,
            int parallelism) {
        return new ControlPlaneSettings(
                bootstrapServers,
                connectUrl,
                s3,
                dynamoDb,
                "127.0.0.1",
                port,
                region,
                transformStateDir,
                parallelism,
                (short) 1,
                Map.of(),
                List.of(),
                BackendCredentials.PASSTHROUGH);
    }

    @Override
    public String toString() {
        // Kafka client settings may hold passwords (sasl.jaas.config, ssl.*.password): names only
        return "ControlPlaneSettings[bootstrapServers=" + bootstrapServers + ", connectUrl=" + connectUrl + ", s3=" + s3
                + ", dynamoDb=" + dynamoDb + ", host=" + host + ", port=" + port + ", region=" + region
                + ", transformStateDir=" + transformStateDir + ", parallelism=" + parallelism
                + ", replicationFactor=" + replicationFactor + ", kafkaClientSettings="
                + new TreeSet<>(kafkaClientSettings.keySet()) + ", clientKeys=" + clientKeys
                + ", backendCredentials=" + backendCredentials + "]";
    }
}
