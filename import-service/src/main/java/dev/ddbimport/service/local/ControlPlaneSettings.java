package dev.ddbimport.service.local;

import dev.ddbimport.service.orchestration.DynamoDbSettings;
import dev.ddbimport.service.orchestration.S3Settings;
import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;

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
 * @param parallelism partitions (and tasks) per import
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
        int parallelism) {

    public static final int DEFAULT_PORT = 8000;
    public static final String PORT_FLAG = "--port";

    public ControlPlaneSettings {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(connectUrl, "connectUrl");
        Objects.requireNonNull(s3, "s3");
        Objects.requireNonNull(dynamoDb, "dynamoDb");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(region, "region");
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, was " + parallelism);
        }
    }
}
