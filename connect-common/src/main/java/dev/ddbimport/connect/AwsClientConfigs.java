package dev.ddbimport.connect;

import java.net.URI;
import java.net.URISyntaxException;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.regions.Region;

/**
 * The settings both connectors' AWS clients take the same way, each connector under its own prefix
 * ({@code s3.*} for the source, {@code aws.*} for the sink): an endpoint override that must be an
 * http(s) URI, and static credentials, whose secret parts are {@code PASSWORD} settings that Connect
 * never logs.
 */
public final class AwsClientConfigs {

    private AwsClientConfigs() {}

    /**
     * Defines the static credentials {@code idKey}, {@code secretKey} and {@code tokenKey} in {@code
     * group}, from {@code order} + 1 on; all optional (empty: the SDK's default credentials chain).
     *
     * @return the last order used
     */
    public static int defineStaticCredentials(
            ConfigDef def, String idKey, String secretKey, String tokenKey, String group, int order) {
        def.define(
                idKey,
                Type.STRING,
                null,
                Importance.MEDIUM,
                "Static access key id. Empty: the SDK's default credentials chain (environment, profile, web"
                        + " identity, container or instance role).",
                group,
                ++order,
                Width.MEDIUM,
                "Access key id");
        def.define(
                secretKey,
                Type.PASSWORD,
                null,
                Importance.MEDIUM,
                "Static secret access key; required with " + idKey + ".",
                group,
                ++order,
                Width.MEDIUM,
                "Secret access key");
        def.define(
                tokenKey,
                Type.PASSWORD,
                null,
                Importance.LOW,
                "Session token for temporary static credentials.",
                group,
                ++order,
                Width.LONG,
                "Session token");
        return order;
    }

    /**
     * Refuses a key id without its secret, and a secret without its key id; a blank key id counts
     * as none (the default credentials chain).
     *
     * @throws InvalidConfigKey naming the missing one
     */
    public static void requireBothOrNeither(AbstractConfig config, String idKey, String secretKey) {
        String idValue = config.getString(idKey);
        boolean id = idValue != null && !idValue.isBlank();
        boolean secret = config.getPassword(secretKey) != null;
        if (id && !secret) {
            throw new InvalidConfigKey(secretKey, null, "is required when " + idKey + " is set");
        }
        if (secret && !id) {
            throw new InvalidConfigKey(idKey, null, "is required when " + secretKey + " is set");
        }
    }

    /**
     * The credentials a client signs with: static ones when {@code accessKeyId} is set (with the
     * session token when there is one), else the SDK's default chain (environment, profile, web
     * identity, container or instance role).
     */
    public static AwsCredentialsProvider credentialsProvider(
            String accessKeyId, Password secretAccessKey, Password sessionToken) {
        return credentialsProvider(
                accessKeyId,
                secretAccessKey == null ? null : secretAccessKey.value(),
                sessionToken == null ? null : sessionToken.value());
    }

    /** {@link #credentialsProvider(String, Password, Password)} for settings held as plain strings. */
    public static AwsCredentialsProvider credentialsProvider(
            String accessKeyId, String secretAccessKey, String sessionToken) {
        if (accessKeyId == null) {
            return DefaultCredentialsProvider.builder().build();
        }
        if (sessionToken != null) {
            return StaticCredentialsProvider.create(
                    AwsSessionCredentials.create(accessKeyId, secretAccessKey, sessionToken));
        }
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secretAccessKey));
    }

    /**
     * The region a client is built for: the configured one; us-east-1 when only an endpoint is set
     * (compatible servers ignore the region, but the signer needs one); null to leave it to the
     * SDK's default region chain.
     */
    public static Region region(String region, URI endpoint) {
        if (region != null) {
            return Region.of(region);
        }
        return endpoint != null ? Region.US_EAST_1 : null;
    }

    /**
     * Points {@code builder} at {@code endpoint} (none: AWS's endpoint for the region) and {@link
     * #region its region}.
     */
    public static void pointAt(AwsClientBuilder<?, ?> builder, String region, URI endpoint) {
        Region signingRegion = region(region, endpoint);
        if (signingRegion != null) {
            builder.region(signingRegion);
        }
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
    }

    /** An endpoint override: empty, or an absolute http(s) URI with a host. */
    public static ConfigDef.Validator endpointUri() {
        return new EndpointUri();
    }

    private static final class EndpointUri implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value == null || ((String) value).isBlank()) {
                return;
            }
            try {
                URI uri = new URI((String) value);
                if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                    throw new ConfigException(name, value, "must be an http:// or https:// URI with a host");
                }
            } catch (URISyntaxException e) {
                throw new ConfigException(name, value, "is not a URI: " + e.getMessage());
            }
        }

        @Override
        public String toString() {
            return "http(s)://host[:port]";
        }
    }
}
