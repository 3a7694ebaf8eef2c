package dev.ddbimport.service.orchestration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The parts of Kafka Connect's REST API the control plane uses: create-or-update a connector (PUT
 * config, idempotent), read its status, delete it.
 */
final class ConnectRestClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final URI base;
    private final HttpClient http;

    ConnectRestClient(URI base) {
        this.base = base;
        this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    }

    /** A connector's state and its tasks' states; FAILED ones carry Connect's trace. */
    record Status(String state, String trace, List<TaskStatus> tasks) {

        /** The first failure: the connector's, else a task's; null when nothing failed. */
        String failureTrace() {
            if ("FAILED".equals(state)) {
                return trace == null ? "" : trace;
            }
            for (TaskStatus t : tasks) {
                if ("FAILED".equals(t.state())) {
                    return t.trace() == null ? "" : t.trace();
                }
            }
            return null;
        }
    }

    record TaskStatus(int id, String state, String trace) {}

    /** Creates the connector or updates its config (Connect's PUT is idempotent). */
    void putConfig(String name, Map<String, String> config) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(connector(name, "/config"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(write(config))));
        if (r.statusCode() != 200 && r.statusCode() != 201) {
            throw unexpected(r, "to the config of connector " + name);
        }
    }

    /** The connector's status, or null when Connect has no such connector. */
    Status status(String name) {
        HttpResponse<String> r =
                send(HttpRequest.newBuilder(connector(name, "/status")).GET());
        if (r.statusCode() == 404) {
            return null;
        }
        if (r.statusCode() != 200) {
            throw unexpected(r, "for the status of connector " + name);
        }
        JsonNode body = read(r.body());
        JsonNode c = body.path("connector");
        List<TaskStatus> tasks = new ArrayList<>();
        for (JsonNode t : body.path("tasks")) {
            tasks.add(new TaskStatus(t.path("id").asInt(), t.path("state").asText(), text(t.get("trace"))));
        }
        return new Status(c.path("state").asText(), text(c.get("trace")), tasks);
    }

    /** True when Connect has the connector's config (its status may not be reported yet). */
    boolean exists(String name) {
        HttpResponse<String> r =
                send(HttpRequest.newBuilder(connector(name, "")).GET());
        if (r.statusCode() == 404) {
            return false;
        }
        if (r.statusCode() != 200) {
            throw unexpected(r, "for connector " + name);
        }
        return true;
    }

    /** Deletes the connector; true when it existed. */
    boolean delete(String name) {
        HttpResponse<String> r =
                send(HttpRequest.newBuilder(connector(name, "")).DELETE());
        if (r.statusCode() == 404) {
            return false;
        }
        if (r.statusCode() != 204 && r.statusCode() != 200) {
            throw unexpected(r, "to deleting connector " + name);
        }
        return true;
    }

    /**
     * Connect answers a request that needs its group's current assignment with HTTP 409, or 500 with
     * "a rebalance is expected", while the group rebalances (connectors and tasks being added or
     * removed, for this import or another): a state that passes in a moment, not a failure.
     */
    static final class Rebalancing extends IllegalStateException {
        Rebalancing(String message) {
            super(message);
        }
    }

    private IllegalStateException unexpected(HttpResponse<String> r, String what) {
        String message = "Kafka Connect at " + base + " answered HTTP " + r.statusCode() + " " + what + ": " + r.body();
        boolean rebalancing = r.statusCode() == 409
                || (r.statusCode() == 500 && r.body() != null && r.body().contains("rebalance"));
        return rebalancing ? new Rebalancing(message) : new IllegalStateException(message);
    }

    private URI connector(String name, String suffix) {
        return base.resolve("connectors/" + URLEncoder.encode(name, StandardCharsets.UTF_8) + suffix);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("Kafka Connect at " + base + " cannot be reached: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while calling Kafka Connect at " + base, e);
        }
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }

    private static String write(Map<String, String> config) {
        try {
            return JSON.writeValueAsString(config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode read(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("Kafka Connect answered with something that is not JSON: " + body, e);
        }
    }
}
