package dev.ddbimport.service.endpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ddbimport.core.model.ModelJson;
import dev.ddbimport.core.model.SerializationException;
import dev.ddbimport.core.model.ValidationException;
import dev.ddbimport.service.imports.ApiError;
import dev.ddbimport.service.imports.ImportService;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DynamoDB-compatible HTTP endpoint (AWS JSON 1.0). It checks the SigV4 signature (unless open),
 * answers ImportTable, DescribeImport, ListImports and CancelImport itself, and forwards every other
 * {@code X-Amz-Target} to the backing DynamoDB byte for byte. One change to forwarded answers: while
 * an import runs, DescribeTable of its table reports {@code TableStatus: CREATING}, as DynamoDB does.
 *
 * <p>Built on the JDK's {@code com.sun.net.httpserver}: the endpoint serves small JSON requests at
 * control-plane rates, so it needs no dependency of its own (Jetty is on the classpath only as other
 * components' dependency, at their version).
 */
public final class DynamoDbEndpoint implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DynamoDbEndpoint.class);
    private static final String TARGET_PREFIX = "DynamoDB_20120810.";
    /** DynamoDB refuses requests over 16 MiB; we read at most that much. */
    private static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

    private final HttpServer server;
    private final ExecutorService executor;
    private final ImportOperations operations;
    private final ImportService service;
    private final SigV4Verifier verifier;
    private final BackendForwarder forwarder;
    private final URI uri;

    private DynamoDbEndpoint(EndpointSettings settings, ImportService service, Clock clock) throws IOException {
        this.service = service;
        this.operations = new ImportOperations(service);
        this.verifier = new SigV4Verifier(settings.clientKeys(), settings.region(), clock);
        this.forwarder = new BackendForwarder(settings.backend(), settings.backendCredentials(), settings.region());
        this.server = HttpServer.create(new InetSocketAddress(settings.host(), settings.port()), 0);
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(16, r -> {
            Thread t = new Thread(r, "ddbimport-endpoint-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        this.uri = URI.create(
                "http://" + settings.host() + ":" + server.getAddress().getPort());
    }

    /** Starts listening; {@link #uri()} tells where. */
    public static DynamoDbEndpoint start(EndpointSettings settings, ImportService service, Clock clock) {
        DynamoDbEndpoint endpoint;
        try {
            endpoint = new DynamoDbEndpoint(settings, service, clock);
        } catch (IOException e) {
            throw new IllegalStateException(
                    "The DynamoDB endpoint cannot listen on " + settings.host() + ":" + settings.port() + " ("
                            + e.getMessage() + "); choose another port",
                    e);
        }
        endpoint.server.start();
        log.info(
                "DynamoDB endpoint on {} ({}), forwarding to {} ({})",
                endpoint.uri,
                endpoint.verifier.enabled() ? "SigV4 checked" : "open: no signature check",
                settings.backend(),
                settings.backendCredentials() == null ? "the client's signature passed through" : "re-signed");
        return endpoint;
    }

    /** The endpoint URL for an SDK's endpoint override or the CLI's --endpoint-url. */
    public URI uri() {
        return uri;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            String method = exchange.getRequestMethod();
            if ("GET".equals(method) && "/".equals(exchange.getRequestURI().getPath())) {
                // DynamoDB answers a plain GET with a health line; load balancers probe it
                AwsJsonResponder.send(exchange, 200, "healthy: ddbimport".getBytes(StandardCharsets.UTF_8));
                return;
            }
            byte[] body = readBody(exchange);
            verifier.verify(
                    method,
                    exchange.getRequestURI().getRawPath(),
                    exchange.getRequestURI().getRawQuery(),
                    exchange.getRequestHeaders(),
                    body);
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            if (target == null || !"POST".equals(method)) {
                throw ApiError.client("UnknownOperationException", null);
            }
            String operation = target.startsWith(TARGET_PREFIX) ? target.substring(TARGET_PREFIX.length()) : null;
            if (operation != null && ImportOperations.NAMES.contains(operation)) {
                AwsJsonResponder.sendJson(exchange, 200, operations.handle(operation, body));
            } else {
                forward(exchange, method, operation, body);
            }
        } catch (ApiError e) {
            AwsJsonResponder.sendError(exchange, e.status(), e.type(), e.getMessage());
        } catch (ValidationException e) {
            AwsJsonResponder.sendError(exchange, 400, "ValidationException", e.getMessage());
        } catch (SerializationException e) {
            AwsJsonResponder.sendError(exchange, 400, "SerializationException", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            AwsJsonResponder.sendError(exchange, 500, "InternalServerError", "The endpoint is shutting down");
        } catch (IOException e) {
            log.warn("Request {} failed: {}", exchange.getRequestURI(), e.toString());
            AwsJsonResponder.sendError(
                    exchange, 500, "InternalServerError", "The backing DynamoDB did not answer: " + e.getMessage());
        } catch (BackendForwarder.BackendCredentialsException e) {
            log.warn("Request {} not forwarded: {}", exchange.getRequestURI(), e.getMessage());
            AwsJsonResponder.sendError(exchange, 500, "InternalServerError", e.getMessage());
        } catch (RuntimeException e) {
            log.error("Request {} failed", exchange.getRequestURI(), e);
            AwsJsonResponder.sendError(exchange, 500, "InternalServerError", "Internal server error: " + e);
        }
    }

    private static byte[] readBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                throw new ValidationException("Request size exceeded " + MAX_BODY_BYTES + " bytes");
            }
            return body;
        }
    }

    private void forward(HttpExchange exchange, String method, String operation, byte[] body)
            throws IOException, InterruptedException {
        BackendForwarder.Response response = forwarder.forward(
                method, exchange.getRequestURI().getRawPath() + rawQuery(exchange), exchange.getRequestHeaders(), body);
        byte[] answer = response.body();
        boolean patched = false;
        if ("DescribeTable".equals(operation) && response.status() == 200) {
            byte[] creating = creatingWhileImporting(answer);
            if (creating != null) {
                answer = creating;
                patched = true;
            }
        }
        for (Map.Entry<String, List<String>> header : response.headers().entrySet()) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (name.equals(":status")
                    || name.equals("content-length")
                    || name.equals("transfer-encoding")
                    || name.equals("connection")
                    || name.equals("date")) {
                continue;
            }
            exchange.getResponseHeaders().put(header.getKey(), header.getValue());
        }
        if (patched) {
            exchange.getResponseHeaders().remove("x-amz-crc32");
            exchange.getResponseHeaders().set("x-amz-crc32", Long.toString(AwsJsonResponder.crc32(answer)));
        }
        AwsJsonResponder.send(exchange, response.status(), answer);
    }

    private static String rawQuery(HttpExchange exchange) {
        String query = exchange.getRequestURI().getRawQuery();
        return query == null ? "" : "?" + query;
    }

    /** The DescribeTable answer with TableStatus CREATING when an import runs for the table, else null. */
    private byte[] creatingWhileImporting(byte[] answer) {
        JsonNode root;
        try {
            root = ModelJson.mapper().readTree(answer);
        } catch (IOException e) {
            return null;
        }
        JsonNode table = root.path("Table");
        String name = table.path("TableName").asText(null);
        if (name == null || !table.isObject() || !service.importing(name)) {
            return null;
        }
        ((ObjectNode) table).put("TableStatus", "CREATING");
        return ModelJson.write(root).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdown();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
