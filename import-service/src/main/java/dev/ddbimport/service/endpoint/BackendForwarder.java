package dev.ddbimport.service.endpoint;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;

/**
 * Sends a request the endpoint does not handle itself to the backing DynamoDB, body unchanged, and
 * returns the backend's answer unchanged. With backend credentials it strips the client's signature
 * (and session token) and signs the request anew for the backend (SigV4, the SDK's own signer), with
 * credentials resolved for each request so that rotated role credentials are used; without them it
 * passes the client's headers through (the Host header becomes the backend's, so this only suits
 * backends that check no signature, such as DynamoDB Local).
 */
final class BackendForwarder {

    // hop-by-hop headers, and those the JDK client sets itself and refuses to take
    private static final Set<String> NOT_FORWARDED = Set.of(
            "connection",
            "keep-alive",
            "proxy-authenticate",
            "proxy-authorization",
            "te",
            "trailer",
            "transfer-encoding",
            "upgrade",
            "host",
            "content-length",
            "expect",
            "date");
    // the client's signature: replaced when re-signing
    private static final Set<String> SIGNATURE_HEADERS =
            Set.of("authorization", "x-amz-date", "x-amz-security-token", "x-amz-content-sha256");

    /** The backend's answer. */
    record Response(int status, Map<String, List<String>> headers, byte[] body) {}

    private final URI backend;
    private final AwsCredentialsProvider backendCredentials;
    private final String region;
    private final HttpClient http;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

    /** @param backendCredentials null: pass the client's signature through */
    BackendForwarder(URI backend, AwsCredentialsProvider backendCredentials, String region) {
        this.backend = backend;
        this.backendCredentials = backendCredentials;
        this.region = region;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    Response forward(String method, String rawPathAndQuery, Map<String, List<String>> headers, byte[] body)
            throws IOException, InterruptedException {
        URI target = backend.resolve(rawPathAndQuery);
        HttpRequest.Builder request = HttpRequest.newBuilder(target)
                .timeout(Duration.ofMinutes(2))
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        if (backendCredentials == null) {
            headers.forEach((name, values) -> {
                if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                    values.forEach(v -> request.header(name, v));
                }
            });
        } else {
            resign(method, target, headers, body).forEach((name, values) -> {
                if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                    values.forEach(v -> request.header(name, v));
                }
            });
        }
        HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Response(response.statusCode(), response.headers().map(), response.body());
    }

    private Map<String, List<String>> resign(
            String method, URI target, Map<String, List<String>> headers, byte[] body) {
        SdkHttpRequest.Builder unsigned =
                SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method)).uri(target);
        headers.forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!NOT_FORWARDED.contains(lower) && !SIGNATURE_HEADERS.contains(lower)) {
                unsigned.putHeader(name, values);
            }
        });
        AwsCredentials identity;
        try {
            identity = backendCredentials.resolveCredentials();
        } catch (SdkClientException e) {
            throw new BackendCredentialsException(
                    "The endpoint found no credentials to sign requests to the backing DynamoDB " + backend
                            + " with (" + e.getMessage() + "); give the service credentials through the AWS"
                            + " default chain (environment, profile, IAM role), or forward the client's"
                            + " signature with --backend-credentials passthrough",
                    e);
        }
        SdkHttpRequest signed = signer.sign(r -> r.identity(identity)
                        .request(unsigned.build())
                        .payload(ContentStreamProvider.fromByteArray(body))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "dynamodb")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, region))
                .request();
        return signed.headers();
    }

    /** The backend credentials could not be resolved: the request cannot be signed for the backend. */
    static final class BackendCredentialsException extends RuntimeException {
        BackendCredentialsException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
