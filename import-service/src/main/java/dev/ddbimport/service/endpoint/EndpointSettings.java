package dev.ddbimport.service.endpoint;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * How the DynamoDB-compatible endpoint listens, whom it lets in and where it forwards.
 *
 * @param host the address to listen on ({@code 127.0.0.1} keeps it local)
 * @param port the port; 0 picks a free one
 * @param backend the DynamoDB endpoint every other operation is forwarded to (DynamoDB Local, AWS,
 *     or any compatible endpoint)
 * @param backendCredentials the credentials the endpoint signs its own calls and re-signs forwarded
 *     requests with, resolved for each request (so rotating role credentials are picked up); null
 *     forwards requests with the client's own headers and signature (enough for DynamoDB Local, which
 *     checks no signature) and makes the endpoint's own calls with a fixed local key
 * @param clientKeys the keys clients may sign with; empty = open mode, no signature check (local
 *     development only)
 * @param region the region clients sign for and the backend is signed for
 */
public record EndpointSettings(
        String host,
        int port,
        URI backend,
        AwsCredentialsProvider backendCredentials,
        List<AccessKey> clientKeys,
        String region) {

    public EndpointSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(region, "region");
        clientKeys = List.copyOf(clientKeys == null ? List.of() : clientKeys);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("endpoint port must be 0 (any free port) to 65535, not " + port);
        }
        if (backend.getScheme() == null || backend.getHost() == null) {
            throw new IllegalArgumentException("backend DynamoDB endpoint '" + backend
                    + "' must be an absolute URL such as http://127.0.0.1:8001");
        }
    }

    /** Open mode on {@code 127.0.0.1:port}, forwarding as-is to {@code backend}. */
    public static EndpointSettings local(int port, URI backend, String region) {
        return new EndpointSettings("127.0.0.1", port, backend, null, List.of(), region);
    }

    public EndpointSettings withClientKeys(List<AccessKey> keys) {
        return new EndpointSettings(host, port, backend, backendCredentials, keys, region);
    }

    /** Re-signs forwarded requests, and makes the endpoint's own calls, with {@code credentials}. */
    public EndpointSettings withBackendCredentials(AwsCredentialsProvider credentials) {
        return new EndpointSettings(host, port, backend, credentials, clientKeys, region);
    }

    /** {@link #withBackendCredentials} with one fixed key. */
    public EndpointSettings withBackendKey(AccessKey key) {
        return withBackendCredentials(
                StaticCredentialsProvider.create(AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey())));
    }

    public EndpointSettings withPort(int newPort) {
        return new EndpointSettings(host, newPort, backend, backendCredentials, clientKeys, region);
    }
}
