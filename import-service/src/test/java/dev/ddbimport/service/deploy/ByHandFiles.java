package dev.ddbimport.service.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbimport.service.stack.EmbeddedStack;
import dev.ddbimport.service.stack.StackSettings;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The files of {@code deploy/connectors/} as a by-hand user runs them against the embedded stack.
 * Their addresses are the stack's default ports; a test's stack has free ports, so only those
 * {@code host:port} values are replaced, after checking that the files hold the defaults.
 */
final class ByHandFiles {

    static final Path DIR = Path.of("../deploy/connectors");
    static final Path README = DIR.resolve("README.md");
    static final Path SOURCE = DIR.resolve("s3-source.json");
    static final Path SINK = DIR.resolve("dynamodb-sink.json");
    static final Path IMPORT = DIR.resolve("import.json");
    static final Path PROPERTIES = DIR.resolve("stream-transform.properties");

    static final String HOST = "127.0.0.1";
    static final String DEFAULT_KAFKA = HOST + ":" + StackSettings.DEFAULT_KAFKA_PORT;
    static final String DEFAULT_S3 = HOST + ":" + StackSettings.DEFAULT_S3_PORT;
    static final String DEFAULT_DYNAMODB = HOST + ":" + StackSettings.DEFAULT_DYNAMODB_PORT;
    static final String DEFAULT_CONNECT = HOST + ":" + StackSettings.DEFAULT_CONNECT_PORT;

    private static final ObjectMapper JSON = new ObjectMapper();

    private ByHandFiles() {}

    static String read(Path file) throws IOException {
        return Files.readString(file);
    }

    static JsonNode json(String text) throws IOException {
        return JSON.readTree(text);
    }

    static Properties properties(String text) throws IOException {
        Properties p = new Properties();
        p.load(new StringReader(text));
        return p;
    }

    /** {@code file}'s text with the default addresses replaced by {@code stack}'s, and nothing else. */
    static String forStack(String text, EmbeddedStack stack) {
        return text.replace(DEFAULT_KAFKA, stack.kafka().bootstrapServers())
                .replace(DEFAULT_S3, authority(stack.s3().endpoint()))
                .replace(DEFAULT_DYNAMODB, authority(stack.dynamoDb().endpoint()))
                .replace(DEFAULT_CONNECT, authority(stack.connect().restUrl()));
    }

    /** Fails unless the files' addresses and credentials are the embedded stack's defaults. */
    static void assertEmbeddedDefaults() throws IOException {
        JsonNode source = json(read(SOURCE)).get("config");
        JsonNode sink = json(read(SINK)).get("config");
        assertEquals(DEFAULT_KAFKA, source.get("kafka.bootstrap.servers").asText());
        assertEquals("http://" + DEFAULT_S3, source.get("s3.endpoint").asText());
        assertEquals(
                dev.ddbimport.service.stack.EmbeddedS3.ACCESS_KEY_ID,
                source.get("s3.access.key.id").asText());
        assertEquals(
                dev.ddbimport.service.stack.EmbeddedS3.SECRET_ACCESS_KEY,
                source.get("s3.secret.access.key").asText());
        assertEquals("http://" + DEFAULT_DYNAMODB, sink.get("aws.endpoint").asText());
        assertEquals(DEFAULT_KAFKA, properties(read(PROPERTIES)).getProperty("bootstrap.servers"));
    }

    private static String authority(URI uri) {
        return uri.getHost() + ":" + uri.getPort();
    }
}
