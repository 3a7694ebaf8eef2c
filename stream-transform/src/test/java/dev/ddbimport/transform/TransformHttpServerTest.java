package dev.ddbimport.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TransformHttpServerTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicReference<TransformHealth> health = new AtomicReference<>();
    private final HttpClient client = HttpClient.newHttpClient();
    private TransformHttpServer server;

    @BeforeEach
    void start() throws Exception {
        server = TransformHttpServer.start(0, health::get, registry);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldAnswer200WhileEveryImportIsRunning() throws Exception {
        health.set(new TransformHealth(
                true, "READING", Map.of("imp-1", new TransformHealth.ImportState("RUNNING", null)), List.of()));

        HttpResponse<String> r = get("/health");

        assertEquals(200, r.statusCode());
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(""));
        assertEquals(
                "{\"healthy\":true,\"registry\":\"READING\",\"imports\":{\"imp-1\":{\"state\":\"RUNNING\"}},"
                        + "\"unhealthy\":[]}",
                r.body());
    }

    @Test
    void shouldAnswer503NamingTheBrokenImports() throws Exception {
        health.set(new TransformHealth(
                false,
                "READING",
                Map.of("imp-1", new TransformHealth.ImportState("ERROR", "java.lang.IllegalStateException: boom")),
                List.of("imp-1")));

        HttpResponse<String> r = get("/health");

        assertEquals(503, r.statusCode());
        assertTrue(r.body().contains("\"unhealthy\":[\"imp-1\"]"), r.body());
        assertTrue(r.body().contains("\"error\":\"java.lang.IllegalStateException: boom\""), r.body());
    }

    @Test
    void shouldServeTheRegistryInPrometheusTextFormat() throws Exception {
        Counter.builder("ddbimport.transform.records")
                .tag("import", "imp-1")
                .register(registry)
                .increment(7);

        HttpResponse<String> r = get("/metrics");

        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        assertTrue(r.body().contains("ddbimport_transform_records_total{import=\"imp-1\"} 7.0"), r.body());
    }

    @Test
    void shouldRefuseOtherMethods() throws Exception {
        HttpResponse<String> r = client.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + "/health"))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(405, r.statusCode());
    }
}
