package dev.ddbimport.transform;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * {@code GET /health} (200 or 503 with {@link TransformHealth} as JSON) and {@code GET /metrics}
 * (Prometheus text format) on a plain JDK HTTP server: two endpoints do not justify a web framework.
 */
public final class TransformHttpServer implements AutoCloseable {

    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;

    private TransformHttpServer(HttpServer server) {
        this.server = server;
    }

    /**
     * Serves on {@code port} of every interface (0 picks a free port).
     *
     * @throws IOException when the port cannot be bound
     */
    public static TransformHttpServer start(int port, Supplier<TransformHealth> health, PrometheusMeterRegistry metrics)
            throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
        server.createContext("/health", getOnly(exchange -> {
            TransformHealth h = health.get();
            respond(exchange, h.healthy() ? 200 : 503, "application/json", h.toJson());
        }));
        server.createContext(
                "/metrics", getOnly(exchange -> respond(exchange, 200, PROMETHEUS_TEXT, metrics.scrape())));
        server.start();
        return new TransformHttpServer(server);
    }

    /** The port actually bound. */
    public int port() {
        return server.getAddress().getPort();
    }

    private static HttpHandler getOnly(HttpHandler handler) {
        return exchange -> {
            if ("GET".equals(exchange.getRequestMethod())) {
                handler.handle(exchange);
            } else {
                try (exchange) {
                    exchange.getResponseHeaders().set("Allow", "GET");
                    exchange.sendResponseHeaders(405, -1);
                }
            }
        };
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        try (exchange) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
