package dev.ddbimport.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The standalone transform ({@code java -jar stream-transform.jar}) in a child JVM, so that a test can
 * end it the hard way: {@link #kill()} is SIGKILL (no shutdown hook, no commit, no leaving the group).
 * Its output goes to a log file whose tail a failing test prints.
 */
final class TransformProcess implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LISTENING = "/health and /metrics on port ";

    private final Process process;
    private final Path log;
    private final HttpClient http = HttpClient.newHttpClient();
    /** Kills the child if the test JVM exits without closing it. */
    private final Thread reaper;

    private int port = -1;

    private TransformProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
        this.reaper = new Thread(process::destroyForcibly, "kill-" + log.getFileName());
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /** The shaded jar failsafe built, or the one in the default build directory. */
    static Path jar() {
        String jar = System.getProperty("stream-transform.jar");
        Path path = jar != null ? Path.of(jar) : Path.of("target", "stream-transform.jar");
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException(
                    "no " + path + ": run the ITs through Maven (mvn verify), which builds the shaded jar first");
        }
        return path;
    }

    static TransformProcess start(String bootstrapServers, Path stateDir, Map<String, String> config, Path log)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-Dorg.slf4j.simpleLogger.log.org.apache.kafka=warn");
        command.add("-jar");
        command.add(jar().toString());
        command.add("--bootstrap-servers");
        command.add(bootstrapServers);
        command.add("--state-dir");
        command.add(stateDir.toString());
        command.add("--http-port");
        command.add("0");
        config.forEach((k, v) -> {
            command.add("--config");
            command.add(k + "=" + v);
        });
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
                .start();
        return new TransformProcess(process, log);
    }

    /** Polls {@code /health} until its JSON satisfies {@code condition}; returns that JSON. */
    JsonNode awaitHealth(Predicate<JsonNode> condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() - deadline < 0) {
            assertAlive();
            if (port < 0) {
                port = portFromLog();
            }
            if (port >= 0) {
                try {
                    HttpResponse<String> r = http.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                                    .timeout(Duration.ofSeconds(5))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                    last = r.statusCode() + " " + r.body();
                    JsonNode health = JSON.readTree(r.body());
                    if (condition.test(health)) {
                        return health;
                    }
                } catch (IOException e) {
                    last = e.toString();
                }
            }
            Thread.sleep(100); // an HTTP poll interval, not a wait for an outcome
        }
        throw new AssertionError("health not reached within " + timeout + " (last: " + last + ")\n" + logTail());
    }

    /**
     * The value of Micrometer meter {@code meter} tagged with {@code importId} on {@code /metrics}; 0
     * when the meter is not there yet or the endpoint does not answer.
     */
    double metric(String meter, String importId) {
        if (port < 0 || !process.isAlive()) {
            return 0;
        }
        try {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                            .timeout(Duration.ofSeconds(5))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            String name = meter.replace('.', '_') + "_total{";
            String label = "import=\"" + importId + "\"";
            return r.body()
                    .lines()
                    .filter(l -> l.startsWith(name) && l.contains(label))
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                    .sum();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /** The import's state in a {@code /health} answer, or null when it is not listed. */
    static String importState(JsonNode health, String importId) {
        JsonNode i = health.path("imports").get(importId);
        return i == null ? null : i.path("state").asText();
    }

    private int portFromLog() {
        try {
            for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                int at = line.indexOf(LISTENING);
                if (at >= 0) {
                    return Integer.parseInt(
                            line.substring(at + LISTENING.length()).trim());
                }
            }
            return -1;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + log, e);
        }
    }

    private void assertAlive() {
        if (!process.isAlive()) {
            throw new AssertionError("stream-transform exited with " + process.exitValue() + "\n" + logTail());
        }
    }

    /** SIGKILL, then waits for the exit; returns the exit value (137 when the signal ended it). */
    int kill() throws InterruptedException {
        process.destroyForcibly();
        return process.waitFor();
    }

    /** SIGTERM (the shutdown hook runs), then waits for the exit; returns the exit value. */
    int terminate() throws InterruptedException {
        process.destroy();
        return process.waitFor();
    }

    /** The last lines of the process's output. */
    String logTail() {
        int maxBytes = 16 * 1024;
        try (FileChannel channel = FileChannel.open(log)) {
            channel.position(Math.max(0, channel.size() - maxBytes));
            try (InputStream in = Channels.newInputStream(channel)) {
                return "---- tail of " + log + " ----\n" + new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            return "no log " + log + ": " + e;
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
}
