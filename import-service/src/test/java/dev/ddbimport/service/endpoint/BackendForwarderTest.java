package dev.ddbimport.service.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.ddbimport.service.imports.ApiError;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Forwarding to a backend that checks signatures as DynamoDB does: an HTTP server running the
 * endpoint's own {@link SigV4Verifier} with the backend's key, so a forwarded request passes only if
 * it was re-signed for the backend's host with the backend's credentials.
 */
class BackendForwarderTest {

    private static final String REGION = "eu-west-1";
    private static final AccessKey CLIENT_KEY = new AccessKey("AKIDCLIENT", "client-secret");
    private static final AccessKey BACKEND_KEY = new AccessKey("AKIDBACKEND", "backend-secret");
    private static final AccessKey ROTATED_KEY = new AccessKey("AKIDROTATED", "rotated-secret");
    private static final byte[] BODY = "{\"TableName\":\"Books\"}".getBytes(StandardCharsets.UTF_8);

    private HttpServer backend;
    private final AtomicReference<Map<String, List<String>>> received = new AtomicReference<>();

    @BeforeEach
    void startBackend() throws IOException {
        SigV4Verifier verifier = new SigV4Verifier(List.of(BACKEND_KEY, ROTATED_KEY), REGION, Clock.systemUTC());
        backend = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        backend.createContext("/", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            received.set(Map.copyOf(exchange.getRequestHeaders()));
            int status;
            String answer;
            try {
                verifier.verify(
                        exchange.getRequestMethod(),
                        exchange.getRequestURI().getRawPath(),
                        exchange.getRequestURI().getRawQuery(),
                        exchange.getRequestHeaders(),
                        body);
                status = 200;
                answer = "{\"Table\":{\"TableName\":\"Books\"}}";
            } catch (ApiError e) {
                status = e.status();
                answer = "{\"__type\":\"" + e.type() + "\"}";
            }
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        backend.start();
    }

    @AfterEach
    void stopBackend() {
        backend.stop(0);
    }

    private URI backendUri() {
        return URI.create("http://127.0.0.1:" + backend.getAddress().getPort() + "/");
    }

    /** The headers of a request as a client signed it for the endpoint (another host than the backend). */
    private static Map<String, List<String>> clientHeaders(AwsCredentialsIdentity identity) {
        SdkHttpRequest request = SdkHttpRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(URI.create("http://127.0.0.1:8000/"))
                .putHeader("Content-Type", "application/x-amz-json-1.0")
                .putHeader("X-Amz-Target", "DynamoDB_20120810.DescribeTable")
                .build();
        return AwsV4HttpSigner.create()
                .sign(r -> r.identity(identity)
                        .request(request)
                        .payload(ContentStreamProvider.fromByteArray(BODY))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "dynamodb")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, REGION))
                .request()
                .headers();
    }

    private static Map<String, List<String>> signedByClient() {
        return clientHeaders(AwsCredentialsIdentity.create(CLIENT_KEY.accessKeyId(), CLIENT_KEY.secretAccessKey()));
    }

    private static AwsCredentialsProvider fixed(AccessKey key) {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey()));
    }

    private BackendForwarder.Response forward(AwsCredentialsProvider credentials, Map<String, List<String>> headers)
            throws Exception {
        return new BackendForwarder(backendUri(), credentials, REGION).forward("POST", "/", headers, BODY);
    }

    private String receivedHeader(String name) {
        return received.get().entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(e -> e.getValue().get(0))
                .findFirst()
                .orElse(null);
    }

    @Test
    void shouldReSignAForwardedRequestSoThatTheBackendAcceptsIt() throws Exception {
        BackendForwarder.Response response = forward(fixed(BACKEND_KEY), signedByClient());
        assertEquals(200, response.status(), new String(response.body(), StandardCharsets.UTF_8));
        assertTrue(
                receivedHeader("Authorization").contains("Credential=AKIDBACKEND/"), receivedHeader("Authorization"));
        assertEquals("DynamoDB_20120810.DescribeTable", receivedHeader("X-Amz-Target"));
    }

    @Test
    void shouldSendTheBackendSessionTokenAndDropTheClients() throws Exception {
        Map<String, List<String>> client = clientHeaders(
                AwsSessionCredentials.create(CLIENT_KEY.accessKeyId(), CLIENT_KEY.secretAccessKey(), "client-token"));
        AwsCredentialsProvider role = StaticCredentialsProvider.create(
                AwsSessionCredentials.create(BACKEND_KEY.accessKeyId(), BACKEND_KEY.secretAccessKey(), "role-token"));
        BackendForwarder.Response response = forward(role, client);
        assertEquals(200, response.status(), new String(response.body(), StandardCharsets.UTF_8));
        assertEquals("role-token", receivedHeader("X-Amz-Security-Token"));
    }

    @Test
    void shouldResolveTheCredentialsForEachRequestSoThatRotatedOnesAreUsed() throws Exception {
        AtomicReference<AccessKey> current = new AtomicReference<>(BACKEND_KEY);
        AwsCredentialsProvider rotating = () -> {
            AccessKey key = current.get();
            return AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey());
        };
        BackendForwarder forwarder = new BackendForwarder(backendUri(), rotating, REGION);
        assertEquals(200, forwarder.forward("POST", "/", signedByClient(), BODY).status());
        current.set(ROTATED_KEY);
        assertEquals(200, forwarder.forward("POST", "/", signedByClient(), BODY).status());
        assertTrue(receivedHeader("Authorization").contains("Credential=AKIDROTATED/"));
    }

    @Test
    void shouldPassTheBackendsRefusalOfAWrongKeyBackUnchanged() throws Exception {
        BackendForwarder.Response wrongSecret =
                forward(fixed(new AccessKey(BACKEND_KEY.accessKeyId(), "not-the-secret")), signedByClient());
        assertEquals(400, wrongSecret.status());
        assertEquals(
                "{\"__type\":\"InvalidSignatureException\"}", new String(wrongSecret.body(), StandardCharsets.UTF_8));
        BackendForwarder.Response unknown = forward(fixed(CLIENT_KEY), signedByClient());
        assertEquals(
                "{\"__type\":\"UnrecognizedClientException\"}", new String(unknown.body(), StandardCharsets.UTF_8));
    }

    @Test
    void shouldPassTheClientsSignatureThroughWithoutBackendCredentials() throws Exception {
        BackendForwarder.Response response = forward(null, signedByClient());
        assertTrue(receivedHeader("Authorization").contains("Credential=AKIDCLIENT/"), receivedHeader("Authorization"));
        // which a signature-checking backend refuses: the reason passthrough suits DynamoDB Local only
        assertEquals(400, response.status());
        assertNull(receivedHeader("X-Amz-Security-Token"));
    }

    @Test
    void shouldSayWhatToDoWhenNoBackendCredentialsResolve() {
        AwsCredentialsProvider none = () -> {
            throw SdkClientException.create("Unable to load credentials from any of the providers in the chain");
        };
        BackendForwarder.BackendCredentialsException e =
                assertThrows(BackendForwarder.BackendCredentialsException.class, () -> forward(none, signedByClient()));
        assertTrue(e.getMessage().contains("Unable to load credentials"), e.getMessage());
        assertTrue(e.getMessage().contains("--backend-credentials passthrough"), e.getMessage());
        assertNull(received.get(), "nothing reached the backend");
    }
}
