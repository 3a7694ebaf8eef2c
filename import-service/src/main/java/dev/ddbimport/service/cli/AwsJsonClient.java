package dev.ddbimport.service.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Calls DynamoDB's JSON protocol directly and hands back the response JSON as DynamoDB wrote it, so
 * the client commands print the AWS CLI's shapes without a model round trip. Requests are signed with
 * Signature V4 from the default AWS credentials, or a fixed local key when there are none (the local
 * endpoint in open mode checks no signature).
 */
final class AwsJsonClient {

    private static final String TARGET_PREFIX = "DynamoDB_20120810.";
    private static final String CONTENT_TYPE = "application/x-amz-json-1.0";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    // headers java.net.http sets itself and refuses from callers
    private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final URI endpoint;
    private final String region;
    private final AwsCredentialsIdentity credentials;
    private final HttpClient http;

    AwsJsonClient(URI endpoint, String region) {
        this.endpoint = endpoint;
        this.region = region;
        this.credentials = credentials();
        this.http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static AwsCredentialsIdentity credentials() {
        try (DefaultCredentialsProvider provider =
                DefaultCredentialsProvider.builder().build()) {
            AwsCredentials c = provider.resolveCredentials();
            return AwsCredentialsIdentity.create(c.accessKeyId(), c.secretAccessKey());
        } catch (RuntimeException none) {
            // no AWS credentials configured: fine for the local endpoint, which checks no signature
            return AwsCredentialsIdentity.create("local", "local");
        }
    }

    URI endpoint() {
        return endpoint;
    }

    ObjectNode newRequest() {
        return MAPPER.createObjectNode();
    }

    /**
     * Calls {@code operation} with {@code body}.
     *
     * @throws AwsCallException the service answered with an error
     * @throws EndpointUnreachableException nothing answered at the endpoint
     */
    JsonNode call(String operation, ObjectNode body) {
        byte[] payload;
        try {
            payload = MAPPER.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write the " + operation + " request: " + e.getMessage(), e);
        }
        SdkHttpFullRequest unsigned = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(endpoint)
                .putHeader("Content-Type", CONTENT_TYPE)
                .putHeader("X-Amz-Target", TARGET_PREFIX + operation)
                .build();
        SignedRequest signed = AwsV4HttpSigner.create()
                .sign(r -> r.identity(credentials)
                        .request(unsigned)
                        .payload(ContentStreamProvider.fromByteArray(payload))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "dynamodb")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, region));
        HttpRequest.Builder request =
                HttpRequest.newBuilder(endpoint).timeout(TIMEOUT).POST(HttpRequest.BodyPublishers.ofByteArray(payload));
        for (Map.Entry<String, List<String>> header : signed.request().headers().entrySet()) {
            if (!RESTRICTED.contains(header.getKey().toLowerCase(java.util.Locale.ROOT))) {
                header.getValue().forEach(v -> request.header(header.getKey(), v));
            }
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (ConnectException | HttpTimeoutException e) {
            throw new EndpointUnreachableException(endpoint, e);
        } catch (IOException e) {
            throw new EndpointUnreachableException(endpoint, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EndpointUnreachableException(endpoint, e);
        }
        JsonNode json = parse(response.body());
        if (response.statusCode() / 100 != 2) {
            String type = json.path("__type").asText("");
            String shortType = type.substring(type.lastIndexOf('#') + 1);
            String message = json.has("message")
                    ? json.get("message").asText()
                    : json.path("Message").asText("");
            if (shortType.isEmpty()) {
                shortType = "HTTP " + response.statusCode();
                message = message.isEmpty() ? response.body() : message;
            }
            throw new AwsCallException(operation, shortType, message, response.statusCode());
        }
        return json;
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return MAPPER.createObjectNode();
        }
        try {
            return MAPPER.readTree(body);
        } catch (IOException e) {
            ObjectNode raw = MAPPER.createObjectNode();
            raw.put("message", body);
            return raw;
        }
    }
}
