package dev.ddbimport.sink;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * DynamoDB Local as an in-memory server on a free port, in this JVM. Without -sharedDb its tables are
 * scoped by access key and region, so every client here uses {@link #ACCESS_KEY} and {@link #REGION}.
 */
final class DynamoDbLocalServer implements AutoCloseable {

    static final String ACCESS_KEY = "ddbimport";
    static final String SECRET_KEY = "ddbimport-secret";
    static final String REGION = "us-east-1";

    private final DynamoDBProxyServer server;
    final int port;

    private DynamoDbLocalServer(DynamoDBProxyServer server, int port) {
        this.server = server;
        this.port = port;
    }

    static DynamoDbLocalServer start() throws Exception {
        int port = freePort();
        DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(
                new String[] {"-inMemory", "-port", Integer.toString(port), "-disableTelemetry"});
        server.start();
        return new DynamoDbLocalServer(server, port);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** The connector settings that reach this server (through {@code endpoint}). */
    static Map<String, String> connectorProps(URI endpoint) {
        Map<String, String> props = new HashMap<>();
        props.put(DynamoDbSinkConfig.AWS_ENDPOINT_CONFIG, endpoint.toString());
        props.put(DynamoDbSinkConfig.AWS_REGION_CONFIG, REGION);
        props.put(DynamoDbSinkConfig.AWS_ACCESS_KEY_ID_CONFIG, ACCESS_KEY);
        props.put(DynamoDbSinkConfig.AWS_SECRET_ACCESS_KEY_CONFIG, SECRET_KEY);
        return props;
    }

    /** A client with SDK retries, for tests and baselines. */
    DynamoDbAsyncClient client(int maxConcurrency) {
        return DynamoDbAsyncClient.builder()
                .endpointOverride(endpoint())
                .region(Region.of(REGION))
                .credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .httpClientBuilder(NettyNioAsyncHttpClient.builder()
                        .maxConcurrency(maxConcurrency)
                        .connectionAcquisitionTimeout(Duration.ofSeconds(60)))
                .build();
    }

    /** Every item of {@code table}, by {@code keyOf}. */
    static Map<String, Map<String, AttributeValue>> scan(
            DynamoDbAsyncClient client,
            String table,
            java.util.function.Function<Map<String, AttributeValue>, String> keyOf) {
        Map<String, Map<String, AttributeValue>> out = new HashMap<>();
        Map<String, AttributeValue> start = null;
        do {
            ScanRequest.Builder request = ScanRequest.builder().tableName(table);
            if (start != null) {
                request.exclusiveStartKey(start);
            }
            ScanResponse page = client.scan(request.build()).join();
            for (Map<String, AttributeValue> item : page.items()) {
                out.put(keyOf.apply(item), item);
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return out;
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
