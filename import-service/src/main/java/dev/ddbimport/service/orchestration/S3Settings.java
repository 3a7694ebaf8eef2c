package dev.ddbimport.service.orchestration;

import dev.ddbimport.connect.AwsClientConfigs;
import dev.ddbimport.source.S3ImportSourceConfig;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Where the import sources live and how to reach them. The one place both the control plane's S3
 * client (HeadBucket) and the source connector's S3 settings come from, so both see the same S3.
 *
 * @param endpoint endpoint override (an S3-compatible server); null for AWS
 * @param region the buckets' region; null for the SDK's default chain (us-east-1 with an endpoint)
 * @param pathStyle address buckets as a path (most S3-compatible servers need it)
 * @param accessKeyId static credentials; null for the SDK's default credentials chain
 * @param secretAccessKey the secret of {@code accessKeyId}
 */
public record S3Settings(URI endpoint, String region, boolean pathStyle, String accessKeyId, String secretAccessKey) {

    public S3Settings {
        if (accessKeyId != null && secretAccessKey == null) {
            throw new IllegalArgumentException("S3 access key id " + accessKeyId + " needs its secret access key");
        }
    }

    /** An S3-compatible server on {@code endpoint} with static credentials, path-style. */
    public static S3Settings local(URI endpoint, String accessKeyId, String secretAccessKey) {
        return new S3Settings(endpoint, null, true, accessKeyId, secretAccessKey);
    }

    /** The control plane's S3 client; the caller closes it. */
    public S3Client client() {
        S3ClientBuilder builder =
                S3Client.builder().credentialsProvider(credentials()).forcePathStyle(pathStyle);
        AwsClientConfigs.pointAt(builder, region, endpoint);
        return builder.build();
    }

    private AwsCredentialsProvider credentials() {
        return AwsClientConfigs.credentialsProvider(accessKeyId, secretAccessKey, null);
    }

    /** The source connector's {@code s3.*} connection settings (bucket and prefix come from the import). */
    public Map<String, String> connectorConfig() {
        Map<String, String> config = new HashMap<>();
        if (endpoint != null) {
            config.put(S3ImportSourceConfig.S3_ENDPOINT_CONFIG, endpoint.toString());
        }
        if (region != null) {
            config.put(S3ImportSourceConfig.S3_REGION_CONFIG, region);
        }
        config.put(S3ImportSourceConfig.S3_PATH_STYLE_CONFIG, Boolean.toString(pathStyle));
        if (accessKeyId != null) {
            config.put(S3ImportSourceConfig.S3_ACCESS_KEY_ID_CONFIG, accessKeyId);
            config.put(S3ImportSourceConfig.S3_SECRET_ACCESS_KEY_CONFIG, secretAccessKey);
        }
        return config;
    }

    @Override
    public String toString() {
        // never the secret
        return "S3Settings[endpoint=" + endpoint + ", region=" + region + ", pathStyle=" + pathStyle + ", accessKeyId="
                + accessKeyId + "]";
    }
}
