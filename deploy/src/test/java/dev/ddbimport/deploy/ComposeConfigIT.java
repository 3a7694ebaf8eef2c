package dev.ddbimport.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs a real compose implementation's config check on {@code deploy/docker-compose.yml}: {@code docker
 * compose config} (v2) where it exists, else {@code docker-compose config} (1.x, e.g. Debian's package).
 * Neither needs a Docker engine. Skipped, with the reason, when neither is on the PATH.
 */
class ComposeConfigIT {

    private static final Duration DEADLINE = Duration.ofSeconds(60);

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

        // compose's normalised view of the file against this project's reading of it (ComposeYaml, which
        // ComposeFileTest checks): the same services, built or pulled the same, started in the same order,
        // with the same environment (anchors and merge keys applied alike)
        JsonNode config = ComposeYaml.read(result.stdout()).path("services");
        JsonNode file = ComposeYaml.read(repo.path("deploy/docker-compose.yml")).path("services");
        assertEquals(names(file), names(config), "services");
        for (String name : names(file)) {
            JsonNode expected = file.path(name);
            JsonNode actual = config.path(name);
            assertEquals(expected.path("image").asText(), actual.path("image").asText(), name + ": image");
            assertEquals(build(expected, repo.path("deploy")), build(actual, repo.root()), name + ": build");
            assertEquals(texts(expected.path("depends_on")), texts(actual.path("depends_on")), name + ": depends_on");
            assertEquals(
                    texts(expected.path("environment")), texts(actual.path("environment")), name + ": environment");
        }
    }

    private static Set<String> names(JsonNode mapping) {
        Set<String> names = new TreeSet<>();
        mapping.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** A build section with its context resolved against {@code dir}; empty for a pulled image. */
    private static Map<String, String> build(JsonNode service, Path dir) {
        JsonNode build = service.path("build");
        Map<String, String> fields = new TreeMap<>();
        if (build.isMissingNode()) {
            return fields;
        }
        fields.put(
                "context",
                dir.resolve(build.path("context").asText()).normalize().toString());
        fields.put("dockerfile", build.path("dockerfile").asText());
        fields.put("target", build.path("target").asText());
        return fields;
    }

    /** A mapping as text, nested mappings flattened to dotted keys (compose writes some scalars as strings). */
    private static Map<String, String> texts(JsonNode mapping) {
        Map<String, String> texts = new TreeMap<>();
        mapping.properties().forEach(field -> {
            if (field.getValue().isObject()) {
                texts(field.getValue()).forEach((k, v) -> texts.put(field.getKey() + "." + k, v));
            } else {
                texts.put(field.getKey(), field.getValue().asText());
            }
        });
        return texts;
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
