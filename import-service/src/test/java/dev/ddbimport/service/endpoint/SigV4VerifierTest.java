package dev.ddbimport.service.endpoint;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ddbimport.service.imports.ApiError;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/** The verifier against requests signed by the AWS SDK's own SigV4 signer. */
class SigV4VerifierTest {

    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");
    private static final byte[] BODY = "{\"TableName\":\"t\"}".getBytes(StandardCharsets.UTF_8);
    private static final AccessKey KEY = new AccessKey("AKIDEXAMPLE", "secret");

    private final SigV4Verifier verifier =
            new SigV4Verifier(List.of(KEY), "us-east-1", Clock.fixed(NOW, ZoneOffset.UTC));

    private static SdkHttpRequest signed(AccessKey key, String region, Instant at) {
        SdkHttpRequest request = SdkHttpRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(URI.create("http://127.0.0.1:8000/"))
                .putHeader("Content-Type", "application/x-amz-json-1.0")
                .putHeader("X-Amz-Target", "DynamoDB_20120810.DescribeTable")
                .putHeader("User-Agent", "test")
                .build();
        return AwsV4HttpSigner.create()
                .sign(r -> r.identity(AwsCredentialsIdentity.create(key.accessKeyId(), key.secretAccessKey()))
                        .request(request)
                        .payload(ContentStreamProvider.fromByteArray(BODY))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "dynamodb")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                        .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC)))
                .request();
    }

    private ApiError rejection(SdkHttpRequest request, byte[] body) {
        return assertThrows(ApiError.class, () -> verifier.verify("POST", "/", null, request.headers(), body));
    }

    @Test
    void shouldAcceptARequestSignedWithAConfiguredKey() {
        SdkHttpRequest request = signed(KEY, "us-east-1", NOW);
        assertDoesNotThrow(() -> verifier.verify("POST", "/", null, request.headers(), BODY));
    }

    @Test
    void shouldRejectAWrongSecretAsInvalidSignature() {
        ApiError e = rejection(signed(new AccessKey("AKIDEXAMPLE", "wrong"), "us-east-1", NOW), BODY);
        assertEquals("InvalidSignatureException", e.type());
        assertEquals(SigV4Verifier.SIGNATURE_MISMATCH, e.getMessage());
    }

    @Test
    void shouldRejectAChangedBodyAsInvalidSignature() {
        ApiError e = rejection(signed(KEY, "us-east-1", NOW), "{\"TableName\":\"u\"}".getBytes(StandardCharsets.UTF_8));
        assertEquals("InvalidSignatureException", e.type());
    }

    @Test
    void shouldRejectAnUnknownKeyAsUnrecognizedClient() {
        ApiError e = rejection(signed(new AccessKey("AKIDOTHER", "secret"), "us-east-1", NOW), BODY);
        assertEquals("UnrecognizedClientException", e.type());
        assertEquals("The security token included in the request is invalid.", e.getMessage());
        assertEquals(400, e.status());
    }

    @Test
    void shouldRejectAnOldSignatureAsExpired() {
        ApiError e = rejection(signed(KEY, "us-east-1", NOW.minus(Duration.ofMinutes(16))), BODY);
        assertEquals("InvalidSignatureException", e.type());
        assertEquals(
                "Signature expired: 20261121T094400Z is now earlier than 20261121T094500Z (20261121T100000Z - 15 min.)",
                e.getMessage());
    }

    @Test
    void shouldRejectAnotherRegionsScope() {
        ApiError e = rejection(signed(KEY, "eu-west-1", NOW), BODY);
        assertEquals("InvalidSignatureException", e.type());
    }

    @Test
    void shouldRejectAMissingAuthorizationHeader() {
        ApiError e = assertThrows(
                ApiError.class, () -> verifier.verify("POST", "/", null, Map.of("X-Amz-Target", List.of("x")), BODY));
        assertEquals("MissingAuthenticationTokenException", e.type());
        assertEquals("Request is missing Authentication Token", e.getMessage());
    }

    @Test
    void shouldLetEverythingThroughInOpenMode() {
        SigV4Verifier open = new SigV4Verifier(List.of(), "us-east-1", Clock.systemUTC());
        assertDoesNotThrow(() -> open.verify("POST", "/", null, Map.of(), BODY));
    }
}
