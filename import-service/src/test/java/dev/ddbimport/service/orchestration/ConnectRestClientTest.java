package dev.ddbimport.service.orchestration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client's reading of Connect's answers, against a small fake of its REST API. */
class ConnectRestClientTest {

    private static final String REBALANCE_EXPECTED =
            "{\"error_code\":500,\"message\":\"Request cannot be completed because a rebalance is expected\"}";

    private HttpServer server;
    private final AtomicInteger status = new AtomicInteger(200);
    private final AtomicReference<String> body = new AtomicReference<>("{}");
    private ConnectRestClient client;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] out = body.get().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status.get(), out.length == 0 ? -1 : out.length);
            try (OutputStream o = exchange.getResponseBody()) {
                o.write(out);
            }
        });
        server.start();
        client = new ConnectRestClient(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void shouldTellARebalancingConnectFromOneThatFails() {
        answer(500, REBALANCE_EXPECTED);
        assertThrows(ConnectRestClient.Rebalancing.class, () -> client.exists("c"));
        assertThrows(ConnectRestClient.Rebalancing.class, () -> client.status("c"));

        answer(409, "{\"error_code\":409,\"message\":\"Cannot complete request because of a conflicting operation\"}");
        assertThrows(ConnectRestClient.Rebalancing.class, () -> client.putConfig("c", Map.of("k", "v")));
        assertThrows(ConnectRestClient.Rebalancing.class, () -> client.delete("c"));

        answer(500, "{\"error_code\":500,\"message\":\"boom\"}");
        IllegalStateException failure = assertThrows(IllegalStateException.class, () -> client.exists("c"));
        assertFalse(failure instanceof ConnectRestClient.Rebalancing, failure.toString());
        assertTrue(
                failure.getMessage().contains("HTTP 500")
                        && failure.getMessage().contains("boom"),
                failure.getMessage());

        answer(400, "{\"error_code\":400,\"message\":\"Connector configuration is invalid\"}");
        failure = assertThrows(IllegalStateException.class, () -> client.putConfig("c", Map.of("k", "v")));
        assertFalse(failure instanceof ConnectRestClient.Rebalancing, failure.toString());
        assertTrue(failure.getMessage().contains("is invalid"), failure.getMessage());
    }

    @Test
    void shouldReadAStatusAndAMissingConnector() {
        answer(404, "{\"error_code\":404,\"message\":\"No status found for connector c\"}");
        assertNull(client.status("c"));
        assertFalse(client.exists("c"));
        assertFalse(client.delete("c"));

        answer(
                200,
                "{\"name\":\"c\",\"connector\":{\"state\":\"RUNNING\"},\"tasks\":[{\"id\":0,\"state\":\"FAILED\","
                        + "\"trace\":\"java.lang.RuntimeException: bad\"}]}");
        ConnectRestClient.Status s = client.status("c");
        assertEquals("RUNNING", s.state());
        assertEquals("java.lang.RuntimeException: bad", s.failureTrace());
    }

    private void answer(int code, String json) {
        status.set(code);
        body.set(json);
    }
}
