package dev.ddbimport.source;

import dev.ddbimport.connect.AwsClientConfigs;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * The one place S3 clients are built, so the connector and every task share one retry policy: the
 * SDK's standard retry strategy (throttling and 5xx retried with exponential backoff and jitter).
 */
public final class S3ClientFactory {

    /** Attempts per request, first included; the standard strategy's default of 3 is short for long imports. */
    static final int MAX_ATTEMPTS = 8;

    private S3ClientFactory() {}

    /**
     * A client for {@code config}'s bucket.
     *
     * @param retries counts every retried attempt (for metrics); may be null
     */
    public static S3Client create(S3ImportSourceConfig config, LongAdder retries) {
        ClientOverrideConfiguration.Builder overrides = ClientOverrideConfiguration.builder()
                .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                        .maxAttempts(MAX_ATTEMPTS)
                        .build());
        if (retries != null) {
            overrides.addExecutionInterceptor(new RetryCounter(retries));
        }
        // the HTTP client named, not found through service files: a Connect worker whose own classpath
        // carries other SDK HTTP clients would otherwise offer this plugin a client it cannot load
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(Apache5HttpClient.builder())
                .overrideConfiguration(overrides.build())
                .credentialsProvider(AwsClientConfigs.credentialsProvider(
                        config.accessKeyId(), config.secretAccessKey(), config.sessionToken()))
                .forcePathStyle(config.pathStyle());
        AwsClientConfigs.pointAt(builder, config.region(), config.endpoint());
        return builder.build();
    }

    /** Counts attempts after the first of each request. */
    private static final class RetryCounter implements ExecutionInterceptor {
        private static final ExecutionAttribute<Boolean> SENT = new ExecutionAttribute<>("ddbimport.sent");
        private final LongAdder retries;

        RetryCounter(LongAdder retries) {
            this.retries = retries;
        }

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            if (attributes.getAttribute(SENT) != null) {
                retries.increment();
            } else {
                attributes.putAttribute(SENT, Boolean.TRUE);
            }
        }
    }
}
