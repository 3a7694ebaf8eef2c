package dev.ddbimport.sink;

import dev.ddbimport.connect.AwsClientConfigs;
import java.time.Duration;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClientBuilder;

/**
 * The one place DynamoDB clients are built, for the connector and every task. SDK retries are off:
 * {@link BatchWriter} owns retries, so it can retry only the unprocessed items, count throttles and
 * keep per-key order; SDK retries underneath would multiply attempts and hide throttling.
 */
public final class DynamoDbClientFactory {

    /** Connections beyond the in-flight batches: table checks and a retry overlapping its predecessor. */
    private static final int SPARE_CONNECTIONS = 8;

    private DynamoDbClientFactory() {}

    /** An async client on Netty for {@code config}'s table. */
    public static DynamoDbAsyncClient create(DynamoDbSinkConfig config) {
        NettyNioAsyncHttpClient.Builder http = NettyNioAsyncHttpClient.builder()
                .maxConcurrency(config.maxInFlightBatches() + SPARE_CONNECTIONS)
                .connectionAcquisitionTimeout(Duration.ofSeconds(60));
        // the SDK makes one attempt per call (no retries of its own), so the call's timeout bounds the
        // attempt too; an attempt timeout as well would schedule and cancel a second timer per request
        ClientOverrideConfiguration overrides = ClientOverrideConfiguration.builder()
                .retryStrategy(AwsRetryStrategy.doNotRetry())
                .apiCallTimeout(config.requestTimeout())
                .build();
        DynamoDbAsyncClientBuilder builder = DynamoDbAsyncClient.builder()
                .httpClientBuilder(http)
                .overrideConfiguration(overrides)
                .credentialsProvider(AwsClientConfigs.credentialsProvider(
                        config.accessKeyId(), config.secretAccessKey(), config.sessionToken()));
        AwsClientConfigs.pointAt(builder, config.region(), config.endpoint());
        return builder.build();
    }
}
