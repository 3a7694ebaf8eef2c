package dev.ddbimport.service.orchestration;

import dev.ddbimport.connect.AwsClientConfigs;
import dev.ddbimport.sink.DynamoDbSinkConfig;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * The backing DynamoDB the tables are created in and written to. The one place both the control
 * plane's client (CreateTable) and the sink connector's settings come from.
 *
 * @param endpoint endpoint override (DynamoDB Local, a compatible server); null for AWS
 * @param region the tables' region
 * @param accessKeyId static credentials; null for the SDK's default chain
 * @param secretAccessKey the secret of {@code accessKeyId}
 */
public record DynamoDbSettings(URI endpoint, String region, String accessKeyId, String secretAccessKey) {

    public DynamoDbSettings {
        Objects.requireNonNull(region, "region");
        if (accessKeyId != null && secretAccessKey == null) {
            throw new IllegalArgumentException(
                    "DynamoDB access key id " + accessKeyId + " needs its secret access key");
        }
    }

    /** The control plane's client; the caller closes it. */
    public DynamoDbClient client() {
        DynamoDbClientBuilder builder = DynamoDbClient.builder().credentialsProvider(credentials());
        AwsClientConfigs.pointAt(builder, region, endpoint);
        return builder.build();
    }

    private AwsCredentialsProvider credentials() {
        return AwsClientConfigs.credentialsProvider(accessKeyId, secretAccessKey, null);
    }

    /** The sink connector's {@code aws.*} settings. */
    public Map<String, String> connectorConfig() {
        Map<String, String> config = new HashMap<>();
        if (endpoint != null) {
            config.put(DynamoDbSinkConfig.AWS_ENDPOINT_CONFIG, endpoint.toString());
        }
        config.put(DynamoDbSinkConfig.AWS_REGION_CONFIG, region);
        if (accessKeyId != null) {
            config.put(DynamoDbSinkConfig.AWS_ACCESS_KEY_ID_CONFIG, accessKeyId);
            config.put(DynamoDbSinkConfig.AWS_SECRET_ACCESS_KEY_CONFIG, secretAccessKey);
        }
        return config;
    }

    @Override
    public String toString() {
        return "DynamoDbSettings[endpoint=" + endpoint + ", region=" + region + ", accessKeyId=" + accessKeyId + "]";
    }
}
