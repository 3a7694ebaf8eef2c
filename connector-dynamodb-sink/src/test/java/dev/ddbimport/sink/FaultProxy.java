package dev.ddbimport.sink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small HTTP proxy in front of DynamoDB Local that misbehaves like a busy table: for a share of
 * BatchWriteItem calls it answers a throttling 400 or a 500 without forwarding, or forwards only the
 * first half of the batch and returns the rest as UnprocessedItems. Everything else passes through.
 * DynamoDB Local does not check signatures, so a trimmed body is accepted; a changed answer drops its
 * CRC32 header (the SDK checks it only when present).
 */
final class FaultProxy implements AutoCloseable {

    private static final String BATCH_WRITE = "DynamoDB_20120810.BatchWriteItem";
    private static final Set<String> NOT_FORWARDED =
            Set.of("host", "content-length", "connection", "expect", "upgrade", "transfer-encoding");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(16);
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI target;
    private final double throttleRate;
    private final double serverErrorRate;
    private final double trimRate;
    private final Random random = new Random(11);
    final AtomicLong throttled = new AtomicLong();
    final AtomicLong serverErrors = new AtomicLong();
    final AtomicLong trimmed = new AtomicLong();
    /** Items of the BatchWriteItem calls forwarded whole that DynamoDB Local answered with 200. */
    final AtomicLong itemsWritten = new AtomicLong();
    /** How long each BatchWriteItem is held before it is forwarded: a slow table keeps writes in flight. */
    volatile long latencyMillis;

    FaultProxy(URI target, double throttleRate, double serverErrorRate, double trimRate) throws IOException {
        this.target = target;
        this.throttleRate = throttleRate;
        this.serverErrorRate = serverErrorRate;
        this.trimRate = trimRate;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private double roll() {
        synchronized (random) {
            return random.nextDouble();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String operation = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            if (BATCH_WRITE.equals(operation)) {
                double r = roll();
                if (r < throttleRate) {
                    throttled.incrementAndGet();
                    error(
                            exchange,
                            400,
                            "ProvisionedThroughputExceededException",
                            "The level of configured provisioned throughput for the table was exceeded.");
                    return;
                }
                if (r < throttleRate + serverErrorRate) {
                    serverErrors.incrementAndGet();
                    error(exchange, 500, "InternalServerError", "Internal server error (injected)");
                    return;
                }
                if (r < throttleRate + serverErrorRate + trimRate) {
                    trimmedBatch(exchange, body);
                    return;
                }
            }
            if (BATCH_WRITE.equals(operation) && latencyMillis > 0) {
                Thread.sleep(latencyMillis);
            }
            HttpResponse<byte[]> response = forward(exchange, body);
            if (BATCH_WRITE.equals(operation) && response.statusCode() == 200) {
                itemsWritten.addAndGet(items(body));
            }
            respond(exchange, response, response.body(), true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** The write requests of a BatchWriteItem body, over all its tables. */
    private static long items(byte[] body) throws IOException {
        long n = 0;
        for (JsonNode table : JSON.readTree(body).get("RequestItems")) {
            n += table.size();
        }
        return n;
    }

    /** Forwards the first half of each table's items; the rest comes back as UnprocessedItems. */
    private void trimmedBatch(HttpExchange exchange, byte[] body) throws IOException, InterruptedException {
        ObjectNode request = (ObjectNode) JSON.readTree(body);
        ObjectNode items = (ObjectNode) request.get("RequestItems");
        ObjectNode unprocessed = JSON.createObjectNode();
        Iterator<Map.Entry<String, JsonNode>> tables = items.fields();
        while (tables.hasNext()) {
            Map.Entry<String, JsonNode> t = tables.next();
            ArrayNode all = (ArrayNode) t.getValue();
            if (all.size() < 2) {
                continue;
            }
            int keep = all.size() / 2;
            ArrayNode kept = JSON.createArrayNode();
            ArrayNode rest = JSON.createArrayNode();
            for (int i = 0; i < all.size(); i++) {
                (i < keep ? kept : rest).add(all.get(i));
            }
            t.setValue(kept);
            unprocessed.set(t.getKey(), rest);
        }
        if (unprocessed.isEmpty()) {
            HttpResponse<byte[]> response = forward(exchange, body);
            respond(exchange, response, response.body(), true);
            return;
        }
        trimmed.incrementAndGet();
        HttpResponse<byte[]> response = forward(exchange, JSON.writeValueAsBytes(request));
        if (response.statusCode() != 200) {
            respond(exchange, response, response.body(), true);
            return;
        }
        ObjectNode answer = (ObjectNode) JSON.readTree(response.body());
        answer.set("UnprocessedItems", unprocessed);
        respond(exchange, response, JSON.writeValueAsBytes(answer), false);
    }

    private HttpResponse<byte[]> forward(HttpExchange exchange, byte[] body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        target.resolve(exchange.getRequestURI().getRawPath()))
                .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
        for (Map.Entry<String, List<String>> h : exchange.getRequestHeaders().entrySet()) {
            if (NOT_FORWARDED.contains(h.getKey().toLowerCase())) {
                continue;
            }
            for (String v : h.getValue()) {
                request.header(h.getKey(), v);
            }
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static void respond(HttpExchange exchange, HttpResponse<byte[]> response, byte[] body, boolean sameBody)
            throws IOException {
        for (Map.Entry<String, List<String>> h : response.headers().map().entrySet()) {
            String name = h.getKey().toLowerCase();
            if (NOT_FORWARDED.contains(name) || name.startsWith(":") || (!sameBody && name.equals("x-amz-crc32"))) {
                continue;
            }
            exchange.getResponseHeaders().put(h.getKey(), h.getValue());
        }
        send(exchange, response.statusCode(), body);
    }

    private static void error(HttpExchange exchange, int status, String code, String message) throws IOException {
        byte[] body = ("{\"__type\":\"com.amazonaws.dynamodb.v20120810#" + code + "\",\"message\":\"" + message + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
        exchange.getResponseHeaders().set("x-amzn-RequestId", "fault-" + System.nanoTime());
        send(exchange, status, body);
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
