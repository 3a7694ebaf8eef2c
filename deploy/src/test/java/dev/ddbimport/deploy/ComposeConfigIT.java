package dev.ddbimport.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs a real compose implementation's config check on {@code deploy/docker-compose.yml}: {@code docker
 * compose config} (v2) where it exists, else {@code docker-compose config} (1.x, e.g. Debian's package).
 * Neither needs a Docker engine. Skipped, with the reason, when neither is on the PATH.
 */
class ComposeConfigIT {

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    @Test
    void shouldPassTheComposeConfigCheck() throws Exception {
        Optional<List<String>> compose = composeCommand();
        assumeTrue(
                compose.isPresent(),
                "No compose implementation on the PATH (neither `docker compose` nor `docker-compose`):"
                        + " install one (Debian: apt-get install docker-compose) to run this check");
        ComposeRepository repo = ComposeRepository.locate();
        List<String> command = new ArrayList<>(compose.get());
        command.addAll(List.of("-f", repo.path("deploy/docker-compose.yml").toString(), "config"));

        Result result = run(command, repo.root());
        assertEquals(0, result.exitCode(), String.join(" ", command) + " failed:\n" + result.stderr());

        // the normalised file: every service, the anchor's definitions applied to both transforms
        Path normalised = Files.writeString(tmp.resolve("config.yml"), result.stdout());
        JsonNode config = ComposeYaml.read(normalised);
        Set<String> services = new TreeSet<>();
        config.path("services").fieldNames().forEachRemaining(services::add);
        assertEquals(
                new TreeSet<>(Set.of(
                        "kafka",
                        "connect",
                        "transform-1",
                        "transform-2",
                        "service",
                        "minio",
                        "minio-init",
                        "dynamodb-init",
                        "dynamodb")),
                services);
        for (String transform : List.of("transform-1", "transform-2")) {
            JsonNode service = config.path("services").path(transform);
            assertEquals(
                    "stream-transform", service.path("build").path("target").asText(), transform);
            assertEquals(
                    repo.root().toString(),
                    service.path("build").path("context").asText(),
                    transform);
            assertEquals(
                    "service_healthy",
                    service.path("depends_on").path("kafka").path("condition").asText());
            assertTrue(service.path("volumes").get(0).asText().startsWith(transform + "-state:"), transform);
        }
        assertEquals(
                "ddbimport",
                config.path("services")
                        .path("service")
                        .path("environment")
                        .path("AWS_ACCESS_KEY_ID")
                        .asText(),
                "the x-aws-env merge key is applied");
    }

    private static Optional<List<String>> composeCommand() throws InterruptedException {
        for (List<String> candidate : List.of(List.of("docker", "compose"), List.of("docker-compose"))) {
            List<String> version = new ArrayList<>(candidate);
            version.add("version");
            try {
                if (run(version, Path.of(".")).exitCode() == 0) {
                    return Optional.of(candidate);
                }
            } catch (IOException e) {
                // not installed: try the next one
            }
        }
        return Optional.empty();
    }

    private record Result(int exitCode, String stdout, String stderr) {}

    private static Result run(List<String> command, Path dir) throws IOException, InterruptedException {
        Path out = Files.createTempFile("compose-out", ".txt");
        Path err = Files.createTempFile("compose-err", ".txt");
        try {
            Process process = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            if (!process.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within " + DEADLINE);
            }
            return new Result(
                    process.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
