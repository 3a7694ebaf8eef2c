package dev.ddbimport.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class StreamTransformMainTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private CommandLine cli() {
        CommandLine cli = StreamTransformMain.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli;
    }

    private StreamTransformSettings parse(String... args) {
        CommandLine cli = cli();
        cli.parseArgs(args);
        StreamTransformMain main = cli.getCommand();
        return main.settings(new SimpleMeterRegistry());
    }

    @Test
    void shouldBuildTheSettingsFromTheOptions() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        CommandLine cli = cli();
        cli.parseArgs(
                "--bootstrap-servers", "k1:9092,k2:9092",
                "--state-dir", "/var/lib/transform",
                "--threads", "4",
                "--http-port", "9000",
                "--config", "commit.interval.ms=200",
                "--config", "security.protocol=SSL");
        StreamTransformMain main = cli.getCommand();

        StreamTransformSettings settings = main.settings(registry);

        assertEquals("k1:9092,k2:9092", settings.bootstrapServers());
        assertEquals(Path.of("/var/lib/transform"), settings.stateDir());
        assertEquals(4, settings.threadsPerImport());
        assertEquals(Map.of("commit.interval.ms", "200", "security.protocol", "SSL"), settings.clientOverrides());
        assertSame(registry, settings.meterRegistry());
        assertEquals(9000, main.httpPort);
    }

    @Test
    void shouldDefaultStateDirThreadsAndPort() {
        CommandLine cli = cli();
        cli.parseArgs("--bootstrap-servers", "localhost:9092");
        StreamTransformMain main = cli.getCommand();

        StreamTransformSettings settings = main.settings(new SimpleMeterRegistry());

        assertEquals(Path.of(System.getProperty("java.io.tmpdir"), "ddbimport-transform"), settings.stateDir());
        assertEquals(1, settings.threadsPerImport());
        assertEquals(Map.of(), settings.clientOverrides());
        assertEquals(8080, main.httpPort);
    }

    @Test
    void shouldKeepAnEqualsSignInsideAConfigValue() {
        StreamTransformSettings settings = parse(
                "--bootstrap-servers",
                "localhost:9092",
                "--config",
                "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\";");

        assertEquals(
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\";",
                settings.clientOverrides().get("sasl.jaas.config"));
    }

    @Test
    void shouldRefuseToStartWithoutBootstrapServers() {
        int status = cli().execute("--threads", "2");

        assertEquals(StreamTransformMain.EXIT_USAGE, status);
        assertTrue(
                err.toString().contains("Missing the Kafka brokers: give --bootstrap-servers, or bootstrap.servers"),
                err.toString());
    }

    @Test
    void shouldTakeTheBrokersAndSettingsFromAPropertiesFileUnderTheOptions(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("transform.properties");
        Files.writeString(
                file, "# a comment\nbootstrap.servers=k1:9092\ncommit.interval.ms=500\nsecurity.protocol=SASL_SSL\n");

        StreamTransformSettings fromFile = parse("--properties", file.toString());
        StreamTransformSettings overridden = parse(
                "--properties", file.toString(),
                "--bootstrap-servers", "k2:9092",
                "--config", "commit.interval.ms=200");

        assertEquals("k1:9092", fromFile.bootstrapServers());
        assertEquals(Map.of("commit.interval.ms", "500", "security.protocol", "SASL_SSL"), fromFile.clientOverrides());
        assertEquals("k2:9092", overridden.bootstrapServers());
        assertEquals(
                Map.of("commit.interval.ms", "200", "security.protocol", "SASL_SSL"), overridden.clientOverrides());
    }

    @Test
    void shouldReadTheByHandFilesOfTheDeployFolder() {
        CommandLine cli = cli();
        cli.parseArgs(
                "--properties", "../deploy/connectors/stream-transform.properties",
                "--import", "../deploy/connectors/import.json");
        StreamTransformMain main = cli.getCommand();

        assertEquals("127.0.0.1:9092", main.settings(new SimpleMeterRegistry()).bootstrapServers());
        assertEquals("books-by-hand", TransformProperties.importId(main.importDefinition()));
        assertEquals("Books", main.importDefinition().tableName());
        assertEquals(4, main.partitions);
    }

    @Test
    void shouldRefuseAnImportFileThatIsNoDefinition(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("import.json");
        Files.writeString(file, "{\"ImportArn\": \"arn:aws:dynamodb:us-east-1:1:table/T/import/x\"}");

        int status = cli().execute("--bootstrap-servers", "localhost:9092", "--import", file.toString());

        assertEquals(StreamTransformMain.EXIT_USAGE, status);
        assertTrue(err.toString().contains("Cannot read the import definition --import " + file), err.toString());
        assertTrue(err.toString().contains("S3BucketSource"), err.toString());
    }

    @Test
    void shouldRefuseAConfigThatIsNotKeyEqualsValue() {
        int status = cli().execute("--bootstrap-servers", "localhost:9092", "--config", "commit.interval.ms");

        assertEquals(StreamTransformMain.EXIT_USAGE, status);
        assertTrue(err.toString().contains("commit.interval.ms"), err.toString());
    }

    @Test
    void shouldRefuseFewerThanOneThread() {
        int status = cli().execute("--bootstrap-servers", "localhost:9092", "--threads", "0");

        assertEquals(StreamTransformMain.EXIT_USAGE, status);
        assertTrue(
                err.toString().contains("Invalid option: threadsPerImport must be at least 1, got 0"), err.toString());
    }

    @Test
    void shouldRefuseAPortOutOfRange() {
        int status = cli().execute("--bootstrap-servers", "localhost:9092", "--http-port", "70000");

        assertEquals(StreamTransformMain.EXIT_USAGE, status);
        assertTrue(err.toString().contains("--http-port must be between 0 and 65535, got 70000"), err.toString());
    }

    @Test
    void shouldRefuseANumberThatIsNotOne() {
        int status = cli().execute("--bootstrap-servers", "localhost:9092", "--threads", "many");

        assertEquals(StreamTransformMain.EXIT_USAGE, status);
        assertTrue(err.toString().contains("'many' is not an int"), err.toString());
    }

    @Test
    void shouldPrintUsageWithEveryOption() {
        int status = cli().execute("--help");

        assertEquals(StreamTransformMain.EXIT_OK, status);
        for (String option : new String[] {
            "--bootstrap-servers",
            "--state-dir",
            "--threads",
            "--http-port",
            "--config",
            "--properties",
            "--import",
            "--partitions",
            "--replication-factor"
        }) {
            assertTrue(out.toString().contains(option), option + " in " + out);
        }
    }
}
