package dev.ddbimport.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.ddbimport.deploy.DockerfileStages.Copy;
import dev.ddbimport.deploy.DockerfileStages.Stage;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Checks {@code deploy/docker/Dockerfile} without a Docker engine: pinned base images, one Maven build
 * stage, non-root runtime images with labels and health checks, and every file a runtime image copies is
 * one the Maven build really produces (under the name the reactor gives it) or one in the repository.
 */
class DockerfileTest {

    private static final List<String> RUNTIME_STAGES = List.of("connect", "stream-transform", "service");
    /** {@code /build/<module>/target/<file or glob>}: a Maven artifact, as the build stage sees it. */
    private static final Pattern ARTIFACT = Pattern.compile("/build/([a-z0-9-]+)/target/([A-Za-z0-9*._-]+)");

    private static ComposeRepository repo;
    private static DockerfileStages dockerfile;
    private static Stage build;

    @BeforeAll
    static void read() throws IOException {
        repo = ComposeRepository.locate();
        dockerfile = DockerfileStages.read(repo.path("deploy/docker/Dockerfile"));
        build = dockerfile.stage("build");
    }

    @Test
    void shouldPinEveryBaseImage() {
        for (Stage stage : dockerfile.stages()) {
            String image = stage.image();
            int colon = image.lastIndexOf(':');
            assertTrue(colon > image.lastIndexOf('/'), stage.name() + " is built FROM " + image + " without a tag");
            String tag = image.substring(colon + 1);
            assertNotEquals("latest", tag, stage.name() + " is built FROM a moving tag: " + image);
            assertTrue(tag.matches(".*\\d+\\.\\d+.*"), stage.name() + " is built FROM " + image + ": pin a version");
        }
        assertEquals(
                "apache/kafka:" + repo.property("kafka.version"),
                dockerfile.stage("connect").image(),
                "Connect runs on the official image of the Kafka version the project builds against");
    }

    @Test
    void shouldBuildEveryImageFromOneMavenBuildOfTheRepository() {
        assertTrue(build.image().startsWith("maven:") && build.image().contains("eclipse-temurin-17"), build.image());
        assertEquals(
                List.of("build", "connect", "stream-transform", "service"),
                dockerfile.stages().stream().map(Stage::name).toList());
        String run = build.all("RUN").get(0).arguments();
        for (String part : List.of(
                "mvn -B -ntp package -DskipTests -Dspotless.check.skip=true",
                "-pl import-service,stream-transform,connector-s3-source,connector-dynamodb-sink -am")) {
            assertTrue(run.contains(part), "the build stage's Maven run has " + part + ": " + run);
        }
        assertTrue(
                build.copies().stream()
                        .anyMatch(c -> c.from() == null && c.sources().equals(List.of("."))),
                "the build stage copies the whole build context (the repository root)");
    }

    @ParameterizedTest
    @FieldSource("RUNTIME_STAGES")
    void shouldRunAsAnUnprivilegedUser(String name) {
        Stage stage = dockerfile.stage(name);
        String user = stage.last("USER")
                .orElseThrow(() -> new AssertionError(name + " sets no USER: it would run as root"))
                .arguments();
        String account = user.split(":")[0];
        assertFalse(account.equals("root") || account.equals("0"), name + " runs as " + user);
    }

    @ParameterizedTest
    @FieldSource("RUNTIME_STAGES")
    void shouldLabelAndHealthCheckEveryRuntimeImage(String name) {
        Stage stage = dockerfile.stage(name);
        String labels = stage.joined("LABEL");
        for (String key : List.of(
                "org.opencontainers.image.title",
                "org.opencontainers.image.description",
                "org.opencontainers.image.version",
                "org.opencontainers.image.base.name")) {
            assertTrue(labels.contains(key + "="), name + " has no " + key + " label");
        }
        assertTrue(
                labels.contains("org.opencontainers.image.base.name=\"docker.io/" + dockerHubName(stage.image())),
                name + "'s base.name label names its FROM image " + stage.image());
        String healthcheck = stage.last("HEALTHCHECK")
                .orElseThrow(() -> new AssertionError(name + " has no HEALTHCHECK"))
                .arguments();
        assertTrue(healthcheck.contains("CMD"), healthcheck);
        String version = stage.all("ARG").stream()
                .map(i -> i.arguments())
                .filter(a -> a.startsWith("VERSION="))
                .findFirst()
                .orElseThrow(() -> new AssertionError(name + " has no ARG VERSION for its version label"));
        assertEquals("VERSION=" + repo.projectVersion(), version, name + "'s default version is the project's");
    }

    private static String dockerHubName(String image) {
        return image.contains("/") ? image : "library/" + image;
    }

    @Test
    void shouldCopyOnlyArtifactsTheMavenBuildProduces() {
        List<String> artifactRefs = new ArrayList<>();
        for (Stage stage : dockerfile.stages()) {
            for (var instruction : stage.instructions()) {
                Matcher m = ARTIFACT.matcher(instruction.arguments());
                while (m.find()) {
                    artifactRefs.add(m.group());
                    assertBuiltArtifact(m.group(1), m.group(2));
                }
            }
        }
        // the service jar, the transform jar, both plugin archives
        assertEquals(4, artifactRefs.size(), "artifacts the images are made of: " + artifactRefs);

        String buildRuns = build.joined("RUN");
        for (String name : RUNTIME_STAGES) {
            for (Copy copy : dockerfile.stage(name).copies()) {
                for (String source : copy.sources()) {
                    if ("build".equals(copy.from())) {
                        boolean artifact = ARTIFACT.matcher(source).matches();
                        String dir = source.endsWith("/") ? source : source.substring(0, source.lastIndexOf('/'));
                        assertTrue(
                                artifact || buildRuns.contains(dir.replaceAll("/$", "")),
                                name + " copies " + source + ", which the build stage neither builds nor creates");
                    } else {
                        assertEquals(null, copy.from(), name + " copies from an unknown stage " + copy.from());
                        assertTrue(
                                Files.exists(repo.path(source)),
                                name + " copies " + source + ", not in the repository");
                    }
                }
            }
        }
    }

    private static void assertBuiltArtifact(String module, String fileGlob) {
        assertTrue(repo.modules().contains(module), module + " is not a module of the reactor");
        Set<String> packaged = repo.packagedArtifacts(module);
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + fileGlob);
        List<String> matching =
                packaged.stream().filter(n -> matcher.matches(Path.of(n))).toList();
        if (matching.isEmpty()) {
            fail("The Dockerfile takes " + module + "/target/" + fileGlob + ", but mvn package writes only " + packaged
                    + " there");
        }
        // when this run built the module (mvn -pl deploy -am), the file is really there
        Optional<Path> built = repo.buildDir(module);
        if (built.isPresent()
                && Files.exists(built.get().resolve(packaged.iterator().next()))) {
            for (String name : matching) {
                assertTrue(Files.isRegularFile(built.get().resolve(name)), name + " is missing from " + built.get());
            }
        }
    }

    @Test
    void shouldInstallBothPluginArchivesAndTheJmxExporterInTheConnectImage() {
        String buildRuns = build.joined("RUN");
        assertTrue(buildRuns.contains("/build/connector-s3-source/target/connector-s3-source-*-plugin.zip"));
        assertTrue(buildRuns.contains("/build/connector-dynamodb-sink/target/connector-dynamodb-sink-*-plugin.zip"));
        assertTrue(buildRuns.contains("io.prometheus.jmx:jmx_prometheus_javaagent:${JMX_EXPORTER_VERSION}"));
        assertTrue(build.all("ARG").stream().anyMatch(a -> a.arguments().equals("JMX_EXPORTER_VERSION=1.0.1")));

        Stage connect = dockerfile.stage("connect");
        String env = connect.joined("ENV");
        assertTrue(
                env.contains("-javaagent:/opt/ddbimport/jmx/jmx_prometheus_javaagent.jar=9404:"
                        + "/opt/ddbimport/connect/jmx-exporter.yml"),
                "the agent serves /metrics on 9404 with our rules: " + env);
        List<String> destinations =
                connect.copies().stream().map(Copy::destination).toList();
        assertTrue(destinations.contains("/opt/ddbimport/plugins/"), destinations.toString());
        assertTrue(destinations.contains("/opt/ddbimport/jmx/jmx_prometheus_javaagent.jar"), destinations.toString());
        assertTrue(
                connect.copies().stream()
                        .anyMatch(c -> c.sources().contains("deploy/docker/connect/jmx-exporter.yml")
                                && c.sources().contains("deploy/docker/connect/connect-distributed.properties")
                                && c.destination().equals("/opt/ddbimport/connect/")),
                "the worker properties and the exporter rules are in the image");
        assertEquals(
                "[\"/opt/kafka/bin/connect-distributed.sh\", \"/opt/ddbimport/connect/connect-distributed.properties\"]",
                connect.last("CMD").orElseThrow().arguments());
    }

    @Test
    void shouldKeepBuildOutputsAndGitOutOfTheBuildContext() throws IOException {
        List<String> ignored = Files.readAllLines(repo.path(".dockerignore")).stream()
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .toList();
        assertTrue(ignored.contains("**/target/"), ".dockerignore keeps every module's target/ out: " + ignored);
        assertTrue(ignored.contains(".git/"), ".dockerignore keeps .git out: " + ignored);
        for (String needed : List.of(
                "pom.xml",
                "samples/books/books.csv",
                "deploy/docker/connect/jmx-exporter.yml",
                "import-service/src/main/java",
                "connector-s3-source/src/assembly/plugin.xml")) {
            for (String pattern : ignored) {
                PathMatcher matcher =
                        FileSystems.getDefault().getPathMatcher("glob:" + pattern.replaceAll("/$", "") + "{,/**}");
                assertFalse(
                        matcher.matches(Path.of(needed)),
                        ".dockerignore's " + pattern + " drops " + needed + ", which the image build needs");
            }
        }
    }
}
