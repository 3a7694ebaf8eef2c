package dev.ddbimport.source;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A distributed Connect worker in a child JVM ({@code ConnectDistributed} on this JVM's class path), so
 * a test can end it the hard way: {@link #kill()} is SIGKILL, no shutdown hooks, no flush, no abort.
 * Its stdout and stderr go to a log file whose tail a failing test prints.
 */
final class ConnectWorkerProcess implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final Process process;
    private final Path log;
    private final URI rest;
    private final HttpClient http;
    /** Kills the child if the test JVM exits without closing it (a failsafe timeout, Ctrl-C). */
    private final Thread reaper;

    private ConnectWorkerProcess(Process process, Path log, URI rest) {
        this.process = process;
        this.log = log;
        this.rest = rest;
        this.http = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();
        this.reaper = new Thread(process::destroyForcibly, "kill-" + log.getFileName());
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /** Starts {@code ConnectDistributed workerProperties} with {@code -Xmx256m}, logging to {@code log}. */
    static ConnectWorkerProcess start(Path workerProperties, int restPort, Path log) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        // the worker's own progress is what a failing run needs; client chatter stays out
        command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=info");
        command.add("-Dorg.slf4j.simpleLogger.log.org.apache.kafka.clients=warn");
        command.add("-Dorg.slf4j.simpleLogger.log.org.apache.kafka.common=warn");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("org.apache.kafka.connect.cli.ConnectDistributed");
        command.add(workerProperties.toString());
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
                .start();
        return new ConnectWorkerProcess(process, log, URI.create("http://127.0.0.1:" + restPort));
    }

    /** Waits until the worker's {@code /health} answers 200 (it has joined its group and can take requests). */
    void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() - deadline < 0) {
            assertAlive();
            try {
                HttpResponse<String> r = send(HttpRequest.newBuilder(rest.resolve("/health")));
                if (r.statusCode() == 200) {
                    return;
                }
                last = r.statusCode() + " " + r.body();
            } catch (ConnectException e) {
                last = "REST port not open yet";
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(100); // a REST poll interval, not a wait for an outcome
        }
        throw new AssertionError("worker not ready within " + timeout + " (last: " + last + ")\n" + logTail());
    }

    /**
     * Creates connector {@code name}, retrying while the worker's group is still rebalancing (409) or the
     * request cannot be forwarded to the leader yet.
     */
    void createConnector(String name, Map<String, String> config, Duration timeout)
            throws IOException, InterruptedException {
        String body = JSON.writeValueAsString(Map.of("name", name, "config", config));
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() - deadline < 0) {
            assertAlive();
            HttpResponse<String> r = send(HttpRequest.newBuilder(rest.resolve("/connectors"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)));
            if (r.statusCode() == 201) {
                return;
            }
            if (r.statusCode() != 409 && r.statusCode() < 500) {
                throw new AssertionError("creating connector " + name + ": " + r.statusCode() + " " + r.body());
            }
            last = r.statusCode() + " " + r.body();
            Thread.sleep(200); // a REST retry interval
        }
        throw new AssertionError("connector " + name + " not created within " + timeout + " (last: " + last + ")");
    }

    /** The connector's status as the REST API reports it, for failure messages. */
    String status(String name) {
        try {
            HttpResponse<String> r = send(HttpRequest.newBuilder(rest.resolve("/connectors/" + name + "/status")));
            return r.statusCode() + " " + r.body();
        } catch (IOException | InterruptedException e) {
            return "status unavailable: " + e;
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(REQUEST_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
    }

    private void assertAlive() {
        if (!process.isAlive()) {
            throw new AssertionError("worker exited with " + process.exitValue() + "\n" + logTail());
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL, then waits for the exit; returns the exit value (128 + 9 when the signal ended it). */
    int kill() throws InterruptedException {
        process.destroyForcibly();
        return process.waitFor();
    }

    /** The last lines of the worker's output. */
    String logTail() {
        int maxBytes = 16 * 1024;
        try (FileChannel channel = FileChannel.open(log)) {
            long start = Math.max(0, channel.size() - maxBytes);
            channel.position(start);
            try (InputStream in = java.nio.channels.Channels.newInputStream(channel)) {
                return "---- tail of " + log + " ----\n" + new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the worker log " + log, e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException e) {
            // already shutting down: the hook runs anyway
        }
    }

    static void writeProperties(Path file, Map<String, String> props) throws IOException {
        java.util.Properties properties = new java.util.Properties();
        properties.putAll(props);
        try (var out = Files.newBufferedWriter(file)) {
            properties.store(out, "Connect worker for " + file.getFileName());
        }
    }
}
