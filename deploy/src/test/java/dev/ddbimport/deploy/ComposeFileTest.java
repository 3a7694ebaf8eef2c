package dev.ddbimport.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ddbimport.service.stack.EmbeddedConnect;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.connect.runtime.distributed.DistributedConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks {@code deploy/docker-compose.yml} as a compose implementation would read it (anchors and merge
 * keys resolved), where no Docker engine runs: the services, pinned images, health checks, start order,
 * volumes, published ports and how the parts find each other; and the Connect worker's properties.
 */
class ComposeFileTest {

    private static final Set<String> SERVICES = Set.of(
            "kafka",
            "connect",
            "transform-1",
            "transform-2",
            "service",
            "minio",
            "minio-init",
            "dynamodb-init",
            "dynamodb");
    private static final Set<String> ONE_SHOT = Set.of("minio-init", "dynamodb-init");
    private static final Set<String> OUR_IMAGES = Set.of("connect", "transform-1", "transform-2", "service");
    private static final String STATE_DIR = "/var/lib/ddbimport/transform";
    private static final Pattern PORT = Pattern.compile("(?:([0-9.]+):)?(\\d+):(\\d+)(?:/tcp)?");

    private static ComposeRepository repo;
    private static JsonNode compose;
    private static JsonNode services;

    @BeforeAll
    static void read() throws IOException {
        repo = ComposeRepository.locate();
        compose = ComposeYaml.read(repo.path("deploy/docker-compose.yml"));
        services = compose.path("services");
    }

    private static JsonNode service(String name) {
        JsonNode service = services.path(name);
        assertTrue(service.isObject(), "no service " + name);
        return service;
    }

    @Test
    void shouldDefineTheStackWithoutAVersionKey() {
        assertFalse(compose.has("version"), "the Compose Specification has no version: key");
        Set<String> names = new TreeSet<>();
        services.fieldNames().forEachRemaining(names::add);
        assertEquals(new TreeSet<>(SERVICES), names);
        // the project name: from .env, as docker-compose 1.x rejects a top-level name:
        assertFalse(compose.has("name"), "docker-compose 1.x rejects a top-level name:");
    }

    @Test
    void shouldNameTheProjectInTheEnvFileBesideIt() throws IOException {
        Properties env = new Properties();
        try (Reader r = Files.newBufferedReader(repo.path("deploy/.env"), StandardCharsets.UTF_8)) {
            env.load(r);
        }
        assertEquals("ddbimport", env.getProperty("COMPOSE_PROJECT_NAME"));
    }

    @Test
    void shouldPinEveryImage() {
        for (String name : SERVICES) {
            String image = service(name).path("image").asText();
            assertTrue(image.contains(":"), name + " has no image tag: " + image);
            String tag = image.substring(image.lastIndexOf(':') + 1);
            assertNotEquals("latest", tag, name + " uses a moving tag");
            assertTrue(tag.matches(".*\\d.*"), name + " has an unpinned tag: " + image);
        }
        assertEquals(
                "apache/kafka:" + repo.property("kafka.version"),
                service("kafka").path("image").asText());
        assertEquals(
                "amazon/dynamodb-local:" + repo.property("dynamodb-local.version"),
                service("dynamodb").path("image").asText(),
                "the DynamoDB Local the tests run against");
        for (String name : OUR_IMAGES) {
            assertTrue(
                    service(name).path("image").asText().endsWith(":" + repo.projectVersion()),
                    name + "'s image is tagged with the project version");
        }
    }

    @Test
    void shouldBuildOurImagesFromTheRepositoryRoot() throws IOException {
        DockerfileStages dockerfile = DockerfileStages.read(repo.path("deploy/docker/Dockerfile"));
        Map<String, String> targets = Map.of(
                "connect", "connect",
                "transform-1", "stream-transform",
                "transform-2", "stream-transform",
                "service", "service");
        targets.forEach((name, target) -> {
            JsonNode build = service(name).path("build");
            assertEquals(
                    repo.root(),
                    repo.path("deploy").resolve(build.path("context").asText()).normalize());
            assertEquals("deploy/docker/Dockerfile", build.path("dockerfile").asText());
            assertEquals(target, build.path("target").asText(), name);
            dockerfile.stage(target);
        });
        assertEquals(
                service("transform-1").path("image"), service("transform-2").path("image"));
    }

    @Test
    void shouldHealthCheckEveryLongRunningServiceAndRestartIt() {
        for (String name : SERVICES) {
            JsonNode service = service(name);
            String restart = service.path("restart").asText();
            if (ONE_SHOT.contains(name)) {
                assertEquals("no", restart, name + " runs once");
                continue;
            }
            assertEquals("unless-stopped", restart, name);
            JsonNode test = service.path("healthcheck").path("test");
            assertTrue(test.isArray() && test.size() >= 2, name + " has no health check");
            assertTrue(Set.of("CMD", "CMD-SHELL").contains(test.get(0).asText()), name + ": " + test);
            assertFalse(service.path("healthcheck").path("interval").asText().isEmpty(), name);
        }
    }

    @Test
    void shouldStartEachServiceOnceWhatItNeedsIsReady() {
        Map<String, Map<String, String>> expected = new TreeMap<>();
        expected.put("kafka", Map.of());
        expected.put("minio", Map.of());
        expected.put("dynamodb-init", Map.of());
        expected.put("connect", Map.of("kafka", "service_healthy"));
        expected.put("transform-1", Map.of("kafka", "service_healthy"));
        expected.put("transform-2", Map.of("kafka", "service_healthy"));
        expected.put(
                "service",
                Map.of(
                        "kafka", "service_healthy",
                        "connect", "service_healthy",
                        "minio", "service_healthy",
                        "dynamodb", "service_healthy"));
        expected.put("minio-init", Map.of("minio", "service_healthy"));
        expected.put("dynamodb", Map.of("dynamodb-init", "service_completed_successfully"));
        Map<String, Map<String, String>> actual = new TreeMap<>();
        for (String name : SERVICES) {
            Map<String, String> conditions = new HashMap<>();
            JsonNode dependsOn = service(name).path("depends_on");
            assertFalse(dependsOn.isArray(), name + ": depends_on needs the long form, with a condition");
            dependsOn
                    .fields()
                    .forEachRemaining(e -> conditions.put(
                            e.getKey(), e.getValue().path("condition").asText()));
            actual.put(name, conditions);
        }
        assertEquals(expected, actual);
    }

    @Test
    void shouldGiveEachTransformInstanceItsOwnStateVolume() {
        JsonNode one = service("transform-1");
        JsonNode two = service("transform-2");
        // one definition (the x-transform anchor), two services
        for (String key : List.of("build", "image", "command", "healthcheck", "depends_on", "mem_limit")) {
            assertEquals(one.path(key), two.path(key), key + " differs between the two transform instances");
        }
        List<String> command = ComposeYaml.strings(one.path("command"));
        assertEquals(STATE_DIR, command.get(command.indexOf("--state-dir") + 1));
        assertEquals("kafka:19092", command.get(command.indexOf("--bootstrap-servers") + 1));
        assertEquals("8080", command.get(command.indexOf("--http-port") + 1), "Prometheus scrapes transform-N:8080");

        String volumeOne = namedVolumeAt(one, STATE_DIR);
        String volumeTwo = namedVolumeAt(two, STATE_DIR);
        assertNotEquals(volumeOne, volumeTwo, "two Streams instances must never share a state dir");
        for (String name : SERVICES) {
            for (String mount : ComposeYaml.strings(service(name).path("volumes"))) {
                String source = mount.split(":")[0];
                if (source.equals(volumeOne) || source.equals(volumeTwo)) {
                    assertTrue(name.startsWith("transform-"), name + " mounts a transform's state volume");
                }
            }
        }
    }

    @Test
    void shouldKeepEveryServicesStateInANamedVolume() {
        Set<String> declared = new TreeSet<>();
        compose.path("volumes").fieldNames().forEachRemaining(declared::add);
        assertEquals(
                Set.of("kafka-data", "transform-1-state", "transform-2-state", "minio-data", "dynamodb-data"),
                declared);
        assertEquals("kafka-data", namedVolumeAt(service("kafka"), "/var/lib/kafka/data"));
        assertEquals("/var/lib/kafka/data", env(service("kafka")).get("KAFKA_LOG_DIRS"));
        assertEquals("minio-data", namedVolumeAt(service("minio"), "/data"));
        assertEquals("dynamodb-data", namedVolumeAt(service("dynamodb"), "/home/dynamodblocal/data"));
        List<String> dynamoCommand = ComposeYaml.strings(service("dynamodb").path("command"));
        assertTrue(dynamoCommand.contains("-sharedDb"), dynamoCommand.toString());
        assertEquals("/home/dynamodblocal/data", dynamoCommand.get(dynamoCommand.indexOf("-dbPath") + 1));
        // the one-shot that hands the fresh volume to DynamoDB Local's user works on the same volume
        assertEquals("dynamodb-data", namedVolumeAt(service("dynamodb-init"), "/home/dynamodblocal/data"));
    }

    private static String namedVolumeAt(JsonNode service, String target) {
        for (String mount : ComposeYaml.strings(service.path("volumes"))) {
            String[] parts = mount.split(":");
            if (parts.length >= 2 && parts[1].equals(target)) {
                assertTrue(compose.path("volumes").has(parts[0]), parts[0] + " is not a declared named volume");
                return parts[0];
            }
        }
        throw new AssertionError("nothing is mounted at " + target + ": " + service.path("volumes"));
    }

    @Test
    void shouldPublishOnlyTheUserFacingPortsOnLocalhost() {
        Map<Integer, String> published = new TreeMap<>();
        for (String name : SERVICES) {
            for (String port : ComposeYaml.strings(service(name).path("ports"))) {
                Matcher m = PORT.matcher(port);
                assertTrue(m.matches(), name + ": " + port);
                assertEquals("127.0.0.1", m.group(1), name + " publishes " + port + " beyond this machine");
                published.put(Integer.parseInt(m.group(2)), name + ":" + m.group(3));
            }
        }
        Map<Integer, String> expected = new TreeMap<>(Map.of(
                8000, "service:8000",
                9000, "minio:9000",
                9001, "minio:9001",
                8083, "connect:8083",
                9092, "kafka:9092",
                8001, "dynamodb:8000"));
        assertEquals(expected, published);
    }

    @Test
    void shouldAdvertiseOneKafkaListenerToContainersAndOneToTheHost() {
        Map<String, String> env = env(service("kafka"));
        assertEquals("broker,controller", env.get("KAFKA_PROCESS_ROLES"));
        assertEquals("INTERNAL://kafka:19092,EXTERNAL://localhost:9092", env.get("KAFKA_ADVERTISED_LISTENERS"));
        assertEquals("INTERNAL", env.get("KAFKA_INTER_BROKER_LISTENER_NAME"));
        assertTrue(env.get("KAFKA_LISTENERS").contains("EXTERNAL://:9092"));
        assertTrue(env.get("KAFKA_LISTENERS").contains("INTERNAL://:19092"));
        assertFalse(env.getOrDefault("CLUSTER_ID", "").isEmpty(), "KRaft formats its log dir with CLUSTER_ID");
        assertEquals("1", env.get("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR"), "transactions on one node");
        assertEquals("1", env.get("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR"));
    }

    @Test
    void shouldWireTheServiceToTheStack() {
        List<String> command = ComposeYaml.strings(service("service").path("command"));
        assertEquals("serve", command.get(0));
        assertFalse(command.contains("--embedded"), "the service uses the stack's Kafka and Connect");
        for (String option : List.of(
                "--bootstrap-servers=kafka:19092",
                "--connect-url=http://connect:8083",
                "--s3-endpoint-url=http://minio:9000",
                "--dynamodb-endpoint-url=http://dynamodb:8000",
                "--host=0.0.0.0",
                "--port=8000",
                "--no-transform")) {
            assertTrue(command.contains(option), "serve " + option + ": " + command);
        }
        // the service and Connect sign with MinIO's root user (DynamoDB Local takes any key)
        Map<String, String> minio = env(service("minio"));
        for (String name : List.of("service", "connect", "minio-init")) {
            Map<String, String> env = env(service(name));
            assertEquals(minio.get("MINIO_ROOT_USER"), env.get("AWS_ACCESS_KEY_ID"), name);
            assertEquals(minio.get("MINIO_ROOT_PASSWORD"), env.get("AWS_SECRET_ACCESS_KEY"), name);
        }
        assertTrue(
                env(service("service")).get("AWS_ACCESS_KEY_ID").matches("[A-Za-z0-9]+"),
                "DynamoDB Local accepts only letters and digits in an access key id");
    }

    @Test
    void shouldUploadTheSampleBooksIntoTheBucketTheReadmeImportsFrom() {
        JsonNode init = service("minio-init");
        String mount = ComposeYaml.strings(init.path("volumes")).get(0);
        assertEquals(
                repo.path("samples/books"),
                repo.path("deploy").resolve(mount.split(":")[0]).normalize());
        String script = ComposeYaml.strings(init.path("command")).get(0);
        assertTrue(script.contains("mc mb --ignore-existing local/books"), script);
        Matcher files = Pattern.compile("/samples/([A-Za-z0-9._-]+)").matcher(script);
        List<String> uploaded = new ArrayList<>();
        while (files.find()) {
            uploaded.add(files.group(1));
            assertTrue(Files.isRegularFile(repo.path("samples/books").resolve(files.group(1))), files.group(1));
        }
        assertEquals(List.of("books.csv", "books.json", "books-with-errors.json", "books.ion"), uploaded);
        assertTrue(script.contains("local/books/csv/"), "the CSV sample is under csv/, as the README imports it");
    }

    @Test
    void shouldRunConnectInDistributedModeWithExactlyOnceSourceSupport() throws IOException {
        Properties worker = new Properties();
        try (Reader r = Files.newBufferedReader(
                repo.path("deploy/docker/connect/connect-distributed.properties"), StandardCharsets.UTF_8)) {
            worker.load(r);
        }
        // the same worker as the embedded stack's, but for a container: where it listens, how the others
        // reach it, its broker and its plugins differ; everything else is the same
        Map<String, String> embedded = EmbeddedConnect.workerProps("localhost:9092", 8083, null);
        Set<String> containerOnly = Set.of(
                "bootstrap.servers", "listeners", "rest.advertised.host.name", "rest.advertised.port", "plugin.path");
        Set<String> shared = new TreeSet<>(embedded.keySet());
        shared.removeAll(containerOnly);
        Set<String> fileShared = new TreeSet<>(worker.stringPropertyNames());
        fileShared.removeAll(containerOnly);
        assertEquals(shared, fileShared, "the settings both workers have");
        for (String key : shared) {
            assertEquals(embedded.get(key), worker.getProperty(key), key + " as EmbeddedConnect.workerProps sets it");
        }
        assertEquals("kafka:19092", worker.getProperty("bootstrap.servers"), "the INTERNAL listener");
        assertEquals("connect", worker.getProperty("rest.advertised.host.name"), "the compose service name");
        assertEquals("/opt/ddbimport/plugins", worker.getProperty("plugin.path"), "where the Dockerfile unpacks them");
        assertTrue(worker.getProperty("listeners").endsWith(":8083"));

        // Connect's own validation of a distributed worker's settings (types, ranges, required keys)
        Map<String, String> props = new HashMap<>();
        worker.stringPropertyNames().forEach(k -> props.put(k, worker.getProperty(k)));
        DistributedConfig config = new DistributedConfig(props);
        assertEquals("ddbimport-connect", config.getString(DistributedConfig.GROUP_ID_CONFIG));
        assertTrue(config.exactlyOnceSourceEnabled());
    }

    private static Map<String, String> env(JsonNode service) {
        Map<String, String> env = new HashMap<>();
        JsonNode environment = service.path("environment");
        assertTrue(environment.isObject() || environment.isMissingNode(), "environment as a mapping: " + environment);
        environment
                .fields()
                .forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        return env;
    }
}
