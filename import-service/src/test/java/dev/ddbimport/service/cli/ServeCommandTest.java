package dev.ddbimport.service.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddbimport.service.endpoint.AccessKey;
import dev.ddbimport.service.local.BackendCredentials;
import dev.ddbimport.service.local.ControlPlaneSettings;
import dev.ddbimport.service.orchestration.OrchestratorSettings;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code serve}'s options for a cluster of one's own: how they are read (command line, --config,
 * files, the environment) and how bad values end the command before anything starts.
 */
class ServeCommandTest {

    /** Connects to nothing: every case here must fail before the first connection attempt. */
    private static final List<String> CONNECTED =
            List.of("serve", "--bootstrap-servers", "127.0.0.1:1", "--connect-url", "http://127.0.0.1:1");

    @TempDir
    Path tmp;

    private static CliRun serve(String... args) {
        List<String> all = new ArrayList<>(CONNECTED);
        all.addAll(Arrays.asList(args));
        return CliRun.run(all.toArray(String[]::new));
    }

    /** The command as picocli parsed it, without running it. */
    private static ServeCommand parsed(Map<String, String> environment, String... args) {
        CommandLine cli = DdbImportCli.commandLine();
        CommandLine.ParseResult result = cli.parseArgs(args);
        ServeCommand command = (ServeCommand) result.subcommand().commandSpec().userObject();
        command.environment = environment;
        return command;
    }

    private Path file(String name, String content) throws IOException {
        return Files.writeString(tmp.resolve(name), content);
    }

    @Test
    void shouldReadEveryNewSettingFromTheCommandLine() throws IOException {
        Path kafka = file("kafka.properties", "security.protocol=SASL_SSL\nsasl.jaas.config=secret-login\n");
        Path secret = file("secret", "s3cr3t\n");
        ControlPlaneSettings settings = parsed(
                        Map.of(),
                        "serve",
                        "--bootstrap-servers",
                        "b:9092",
                        "--connect-url",
                        "http://c:8083",
                        "--parallelism",
                        "12",
                        "--replication-factor",
                        "3",
                        "--kafka-config",
                        kafka.toString(),
                        "--access-key-id",
                        "AKIDSERVE",
                        "--secret-access-key-file",
                        secret.toString(),
                        "--backend-credentials",
                        "passthrough")
                .connectedSettings();
        assertEquals(12, settings.parallelism());
        assertEquals(3, settings.replicationFactor());
        assertEquals(
                Map.of("security.protocol", "SASL_SSL", "sasl.jaas.config", "secret-login"),
                settings.kafkaClientSettings());
        assertEquals(List.of(new AccessKey("AKIDSERVE", "s3cr3t")), settings.clientKeys());
        assertEquals(BackendCredentials.PASSTHROUGH, settings.backendCredentials());
        // the settings' text (logs, errors) names the Kafka settings but never shows a value or the secret
        assertTrue(settings.toString().contains("sasl.jaas.config"), settings.toString());
        assertFalse(settings.toString().contains("secret-login"), settings.toString());
        assertFalse(settings.toString().contains("s3cr3t"), settings.toString());
    }

    @Test
    void shouldDefaultToFourPartitionsTheBrokersReplicationAnOpenEndpointAndTheDefaultChainForAws() throws IOException {
        ControlPlaneSettings settings =
                parsed(Map.of(), CONNECTED.toArray(String[]::new)).connectedSettings();
        assertEquals(OrchestratorSettings.DEFAULT_PARALLELISM, settings.parallelism());
        assertEquals(OrchestratorSettings.BROKER_DEFAULT_REPLICATION, settings.replicationFactor());
        assertEquals(Map.of(), settings.kafkaClientSettings());
        assertEquals(List.of(), settings.clientKeys());
        assertEquals(BackendCredentials.DEFAULT_CHAIN, settings.backendCredentials());
    }

    @Test
    void shouldPassTheClientSignatureThroughToADynamoDbOfOnesOwnByDefault() throws IOException {
        List<String> args = new ArrayList<>(CONNECTED);
        args.addAll(List.of("--dynamodb-endpoint-url", "http://dynamodb-local:8000"));
        assertEquals(
                BackendCredentials.PASSTHROUGH,
                parsed(Map.of(), args.toArray(String[]::new))
                        .connectedSettings()
                        .backendCredentials());
    }

    @Test
    void shouldReadTheNewSettingsFromAConfigFileWithFilesRelativeToIt() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("etc"));
        Files.writeString(dir.resolve("kafka.properties"), "security.protocol=SSL\n");
        Files.writeString(dir.resolve("client-secret"), "from-file\n");
        Path config = Files.writeString(
                dir.resolve("serve.properties"),
                "bootstrap-servers=b:9092\nconnect-url=http://c:8083\nparallelism=8\nreplication-factor=2\n"
                        + "kafka-config=kafka.properties\naccess-key-id=AKIDCONFIG\n"
                        + "secret-access-key-file=client-secret\nbackend-credentials=default-chain\n"
                        + "dynamodb-endpoint-url=http://dynamodb-local:8000\n");
        ControlPlaneSettings settings = parsed(Map.of(), "serve", "--config", config.toString(), "--parallelism", "6")
                .connectedSettings();
        assertEquals(6, settings.parallelism(), "the command line wins over the file");
        assertEquals(2, settings.replicationFactor());
        assertEquals(Map.of("security.protocol", "SSL"), settings.kafkaClientSettings());
        assertEquals(List.of(new AccessKey("AKIDCONFIG", "from-file")), settings.clientKeys());
        assertEquals(BackendCredentials.DEFAULT_CHAIN, settings.backendCredentials());
        assertEquals(
                URI.create("http://dynamodb-local:8000"), settings.dynamoDb().endpoint());
    }

    @Test
    void shouldTakeTheClientSecretFromTheEnvironmentWhenNoFileIsGiven() throws IOException {
        List<String> args = new ArrayList<>(CONNECTED);
        args.addAll(List.of("--access-key-id", "AKIDENV"));
        ControlPlaneSettings settings = parsed(
                        Map.of(ServeCommand.SECRET_ENV, " from-env \n"), args.toArray(String[]::new))
                .connectedSettings();
        assertEquals(List.of(new AccessKey("AKIDENV", "from-env")), settings.clientKeys());
    }

    @Test
    void shouldPreferTheSecretFileOverTheEnvironment() throws IOException {
        Path secret = file("secret", "from-file\nsecond line ignored\n");
        assertEquals("from-file", ServeCommand.clientSecret("AK", secret, Map.of(ServeCommand.SECRET_ENV, "from-env")));
    }

    @Test
    void shouldRefuseAnAccessKeyIdWithoutASecret() {
        List<String> args = new ArrayList<>(CONNECTED);
        args.addAll(List.of("--access-key-id", "AKIDNOSECRET"));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> parsed(Map.of(), args.toArray(String[]::new)).connectedSettings());
        assertTrue(e.getMessage().contains("--secret-access-key-file"), e.getMessage());
        assertTrue(e.getMessage().contains("DDBIMPORT_SECRET_ACCESS_KEY"), e.getMessage());
    }

    @Test
    void shouldRefuseBadValuesWithExitTwoAndAClearMessage() throws IOException {
        assertUsage(serve("--parallelism", "0"), "Invalid value 0 for --parallelism: expected 1 to 10000");
        assertUsage(serve("--parallelism", "many"), "--parallelism");
        assertUsage(serve("--replication-factor", "0"), "Invalid value 0 for --replication-factor");
        assertUsage(
                serve("--backend-credentials", "sometimes"),
                "Invalid value 'sometimes' for --backend-credentials: expected default-chain");
        assertUsage(
                serve("--secret-access-key-file", file("orphan", "x").toString()),
                "--secret-access-key-file needs --access-key-id");
        assertUsage(
                serve(
                        "--access-key-id",
                        "AK",
                        "--secret-access-key-file",
                        file("blank", "\n").toString()),
                "is empty");
        assertUsage(
                serve(
                        "--access-key-id",
                        "A/K",
                        "--secret-access-key-file",
                        file("s", "x").toString()),
                "Invalid --access-key-id");
        assertUsage(
                serve(
                        "--kafka-config",
                        file("k1.properties", "bootstrap.servers=x:9092\n").toString()),
                "give the brokers with --bootstrap-servers");
        assertUsage(
                serve(
                        "--kafka-config",
                        file("k2.properties", "client.id=mine\n").toString()),
                "names each of its clients itself");
        assertUsage(
                CliRun.run(
                        "serve",
                        "--config",
                        file("c1.properties", "parallelism=lots\n").toString()),
                "Invalid value 'lots' for parallelism in");
        assertUsage(
                CliRun.run(
                        "serve",
                        "--config",
                        file("c2.properties", "secret-access-key=x\n").toString()),
                "Unknown setting 'secret-access-key'");
        assertUsage(
                CliRun.run(
                        "serve",
                        "--config",
                        file("c3.properties", "bootstrap-servers=b:1\nconnect-url=http://c:1\nreplication-factor=-1\n")
                                .toString()),
                "Invalid value -1 for --replication-factor");
    }

    @Test
    void shouldNeverEchoASecretInAnError() throws IOException {
        CliRun r = serve(
                "--access-key-id",
                "A/K",
                "--secret-access-key-file",
                file("s", "hunter2").toString());
        assertFalse(r.err().contains("hunter2"), r.err());
        CliRun k = serve(
                "--kafka-config",
                file("k.properties", "client.id=x\nsasl.jaas.config=hunter3\n").toString());
        assertFalse(k.err().contains("hunter3"), k.err());
    }

    @Test
    void shouldEndWithExitThreeWhenANamedFileCannotBeRead() {
        CliRun secret = serve(
                "--access-key-id",
                "AK",
                "--secret-access-key-file",
                tmp.resolve("missing").toString());
        assertEquals(3, secret.exit(), secret.err());
        assertTrue(secret.err().contains("Cannot read --secret-access-key-file"), secret.err());
        CliRun kafka = serve("--kafka-config", tmp.resolve("missing.properties").toString());
        assertEquals(3, kafka.exit(), kafka.err());
        assertTrue(kafka.err().contains("Cannot read --kafka-config"), kafka.err());
    }

    @Test
    void shouldEndWithExitThreeBeforeConnectingWhenTheDefaultChainHasNoCredentials() {
        Assumptions.assumeTrue(
                System.getenv().keySet().stream().noneMatch(k -> k.startsWith("AWS_") && !k.equals("AWS_CA_BUNDLE"))
                        && !Files.exists(Path.of(System.getProperty("user.home"), ".aws"))
                        && System.getProperty("aws.accessKeyId") == null,
                "this machine has AWS credentials or settings");
        String before = System.getProperty("aws.disableEc2Metadata");
        System.setProperty("aws.disableEc2Metadata", "true"); // no instance metadata to wait for
        try {
            CliRun r = serve("--port", "0", "--no-transform");
            assertEquals(3, r.exit(), r.err());
            assertTrue(r.err().contains("no AWS credentials to sign requests to the backing DynamoDB"), r.err());
            assertTrue(r.err().contains("--backend-credentials passthrough"), r.err());
        } finally {
            if (before == null) {
                System.clearProperty("aws.disableEc2Metadata");
            } else {
                System.setProperty("aws.disableEc2Metadata", before);
            }
        }
    }

    @Test
    void shouldRefuseClusterOptionsWithEmbedded() {
        for (List<String> option : List.of(
                List.of("--parallelism", "2"),
                List.of("--replication-factor", "3"),
                List.of("--kafka-config", "k.properties"),
                List.of("--access-key-id", "AK"),
                List.of("--secret-access-key-file", "secret"),
                List.of("--backend-credentials", "default-chain"))) {
            List<String> args = new ArrayList<>(List.of("serve", "--embedded"));
            args.addAll(option);
            assertUsage(CliRun.run(args.toArray(String[]::new)), option.get(0) + " applies without --embedded only");
        }
    }

    @Test
    void shouldRefuseTheLocalStackOptionsWithoutEmbedded() {
        for (List<String> option : List.of(
                List.of("--plugin-path", tmp.toString()),
                List.of("--s3-port", "9000"),
                List.of("--kafka-port", "9092"),
                List.of("--kafka-controller-port", "9093"),
                List.of("--connect-port", "8083"),
                List.of("--dynamodb-port", "8000"),
                List.of("--s3-dir", tmp.toString()),
                List.of("--fresh"))) {
            assertUsage(serve(option.toArray(String[]::new)), option.get(0) + " applies with --embedded only");
        }
    }

    @Test
    void shouldWarnOnceAtStartOfLiteralPasswordsInTheKafkaFileNamingOnlyTheirKeys() throws IOException {
        Path kafka = file(
                "kafka.properties",
                "security.protocol=SASL_SSL\n"
                        + "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required"
                        + " username=\"svc\" password=\"hunter4\";\n"
                        + "ssl.key.password=hunter5\n"
                        + "ssl.truststore.password=${file:/etc/ddbimport/secrets/kafka.properties:truststore}\n");
        // a taken endpoint port ends serve right after the warning, before anything connects
        try (ServerSocket taken = new ServerSocket(0)) {
            CliRun r = serve(
                    "--kafka-config",
                    kafka.toString(),
                    "--backend-credentials",
                    "passthrough",
                    "--port",
                    Integer.toString(taken.getLocalPort()));
            assertEquals(DdbImportCli.EXIT_PORT_IN_USE, r.exit(), r.err());
            assertEquals(1, r.err().split("Warning:", -1).length - 1, r.err());
            assertTrue(r.err().contains("gives sasl.jaas.config, ssl.key.password literally"), r.err());
            assertTrue(r.err().contains("Secrets in connector configs"), r.err());
            assertFalse(r.err().contains("ssl.truststore.password"), r.err());
            assertFalse(r.err().contains("security.protocol"), r.err());
            for (String secret : List.of("hunter4", "hunter5")) {
                assertFalse(r.err().contains(secret), r.err());
                assertFalse(r.out().contains(secret), r.out());
            }
        }
    }

    @Test
    void shouldChooseBackendCredentialsByWhereDynamoDbIs() {
        assertEquals(BackendCredentials.DEFAULT_CHAIN, BackendCredentials.defaultFor(null));
        assertEquals(
                BackendCredentials.DEFAULT_CHAIN,
                BackendCredentials.defaultFor(URI.create("https://dynamodb.eu-west-1.amazonaws.com")));
        assertEquals(
                BackendCredentials.DEFAULT_CHAIN,
                BackendCredentials.defaultFor(
                        URI.create("https://vpce-1a2b-3c4d.dynamodb.eu-west-1.vpce.amazonaws.com")));
        assertEquals(
                BackendCredentials.PASSTHROUGH, BackendCredentials.defaultFor(URI.create("http://localhost:8001")));
        assertEquals(
                BackendCredentials.PASSTHROUGH,
                BackendCredentials.defaultFor(URI.create("http://amazonaws.com.example.org:8000")));
    }

    @Test
    void shouldDocumentTheNewOptionsInHelp() {
        CliRun r = CliRun.run("serve", "--help");
        // picocli lists every option by itself; where the client secret may come from is ours to say
        assertTrue(
                r.out().contains("DDBIMPORT_SECRET_ACCESS_KEY"), "DDBIMPORT_SECRET_ACCESS_KEY missing from " + r.out());
        // picocli must show the config provider reference as written, not expand it
        assertTrue(r.out().contains("${file:...}"), "${file:...} missing from " + r.out());
    }

    private static void assertUsage(CliRun r, String expected) {
        assertEquals(2, r.exit(), "exit status; stderr: " + r.err());
        assertTrue(r.err().contains(expected), "expected '" + expected + "' in: " + r.err());
    }
}
