package dev.ddbimport.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The layout of the built plugin archives: what Connect's plugin.path and Confluent Hub expect of them. */
class PluginArchiveTest {

    /** Jars of the Connect runtime: loaded from the worker whatever a plugin ships, so never shipped. */
    private static final List<String> RUNTIME_JARS =
            List.of("kafka-clients-", "connect-api-", "connect-runtime-", "connect-json-", "slf4j-api-");

    static Stream<Named<PluginArchive>> archives() {
        return Stream.of(Named.of("source", PluginArchive.source()), Named.of("sink", PluginArchive.sink()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("archives")
    void shouldHoldEverythingInOneFolderNamedAfterTheManifest(PluginArchive archive) {
        JsonNode manifest = archive.manifest();
        String folder = manifest.path("name").asText() + "-" + PluginArchive.projectVersion();
        assertEquals(folder, archive.topFolder());
        for (String entry : archive.entries()) {
            assertTrue(entry.startsWith(folder + "/"), entry + " lies outside " + folder + "/");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("archives")
    void shouldDescribeTheConnectorInAConfluentHubManifest(PluginArchive archive) {
        JsonNode manifest = archive.manifest();
        assertEquals("ddbimport-" + archive.artifactId(), manifest.path("name").asText());
        assertEquals(PluginArchive.projectVersion(), manifest.path("version").asText());
        for (String field : List.of("title", "description")) {
            assertFalse(manifest.path(field).asText().isBlank(), field + " is empty: " + manifest);
        }
        assertFalse(manifest.at("/owner/username").asText().isBlank(), "owner.username: " + manifest);
        assertFalse(manifest.at("/owner/name").asText().isBlank(), "owner.name: " + manifest);
        assertEquals(List.of(archive.type()), ComposeYaml.strings(manifest.path("component_types")));
        assertFalse(ComposeYaml.strings(manifest.path("requirements")).isEmpty(), "requirements: " + manifest);
        assertTrue(manifest.at("/features/kafka_connect_api").asBoolean(), "features: " + manifest);
        assertEquals(
                "Apache License 2.0",
                manifest.path("license").path(0).path("name").asText(),
                "license: " + manifest);
        assertFalse(manifest.toString().contains("${"), "an unfiltered placeholder: " + manifest);
        // the documentation it points at is in the archive
        String documentation = manifest.path("documentation_url").asText();
        assertTrue(archive.entries().contains(archive.topFolder() + "/" + documentation), documentation);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("archives")
    void shouldBundleTheConnectorWithItsRuntimeDependencies(PluginArchive archive) {
        List<String> lib = archive.libJars();
        String version = PluginArchive.projectVersion();
        for (String jar : List.of(
                archive.artifactId() + "-" + version + ".jar",
                "import-core-" + version + ".jar",
                "connect-common-" + version + ".jar")) {
            assertTrue(lib.contains(jar), jar + " missing from lib/: " + lib);
        }
        // the plugin brings its own AWS SDK and Jackson: Connect loads them in the plugin's class loader
        String service = archive.type().equals("source") ? "s3-" : "dynamodb-";
        for (String prefix : List.of("sdk-core-", "aws-core-", "auth-", service, "jackson-databind-")) {
            assertTrue(lib.stream().anyMatch(jar -> jar.startsWith(prefix)), prefix + "* missing from lib/: " + lib);
        }
        if (archive.type().equals("sink")) {
            assertTrue(lib.stream().anyMatch(jar -> jar.startsWith("netty-nio-client-")), "netty-nio-client: " + lib);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("archives")
    void shouldLeaveOutWhatTheConnectRuntimeProvides(PluginArchive archive) {
        for (String jar : archive.libJars()) {
            for (String runtime : RUNTIME_JARS) {
                assertFalse(jar.startsWith(runtime), jar + " is the worker's own: it must not be in lib/");
            }
            assertFalse(jar.startsWith("kafka"), jar + " is a Kafka jar: the worker has its own");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("archives")
    void shouldRegisterTheConnectorForServiceLoaderDiscovery(PluginArchive archive) {
        // plugin.discovery=service_load (and hybrid_*) finds connectors by these files only
        String services = new String(
                archive.bytesInJar(archive.connectorJar(), "META-INF/services/" + archive.connectorApi()),
                StandardCharsets.UTF_8);
        assertTrue(services.lines().map(String::strip).anyMatch(archive.connectorClass()::equals), services);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("archives")
    void shouldShipTheReadmeTheLicenceListAndAnExampleConfig(PluginArchive archive) {
        String top = archive.topFolder();
        assertTrue(archive.text(top + "/doc/README.md").contains("## Installing the plugin"), "doc/README.md");
        String thirdParty = archive.text(top + "/doc/THIRD-PARTY.txt");
        assertTrue(thirdParty.contains("software.amazon.awssdk:sdk-core:"), thirdParty);
        assertFalse(thirdParty.contains("org.apache.kafka:"), thirdParty);
        List<String> examples = archive.entries().stream()
                .filter(e -> e.startsWith(top + "/etc/") && e.endsWith(".json"))
                .toList();
        assertEquals(1, examples.size(), archive.entries().toString());
        JsonNode example = archive.json(examples.get(0));
        assertFalse(example.path("name").asText().isBlank(), example.toString());
        assertEquals(
                archive.connectorClass(), example.at("/config/connector.class").asText());
    }
}
