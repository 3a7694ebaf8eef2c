package dev.ddbimport.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
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
        assertTrue(err.toString().contains("Missing required option: '--bootstrap-servers"), err.toString());
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
        for (String option :
                new String[] {"--bootstrap-servers", "--state-dir", "--threads", "--http-port", "--config"}) {
            assertTrue(out.toString().contains(option), option + " in " + out);
        }
    }
}
