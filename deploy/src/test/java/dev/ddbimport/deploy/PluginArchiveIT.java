package dev.ddbimport.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbimport.core.pipeline.ImportTopics;
import dev.ddbimport.service.imports.ImportArn;
import dev.ddbimport.service.local.LocalStack;
import dev.ddbimport.service.stack.StackSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ImportStatus;
import software.amazon.awssdk.services.dynamodb.model.ImportTableDescription;
import software.amazon.awssdk.services.dynamodb.model.InputFormat;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The built plugin archives, unzipped into a fresh plugin path, are all the embedded Connect worker
 * has of the connectors (this module's test classpath has none of their classes): Connect lists them
 * and an import runs through them end to end, as on an operator's own Connect cluster.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PluginArchiveIT {

    private static final String GOOD = "{\"Item\":{\"Id\":{\"N\":\"1\"},\"Title\":{\"S\":\"A\"}}}\n"
            + "{\"Item\":{\"Id\":{\"N\":\"2\"},\"Title\":{\"S\":\"B\"}}}\n"
            + "{\"Item\":{\"Id\":{\"N\":\"3\"},\"Title\":{\"S\":\"C\"}}}\n";
    private static final String WITH_ERROR = "{\"Item\":{\"Id\":{\"N\":\"1\"},\"Title\":{\"S\":\"A\"}}}\n"
            + "{\"Item\":{\"Id\":{\"N\":\"2\"},\"Title\":{\"S\":\"B\"}}}\n"
            + "{\"Item\":{\"Title\":{\"S\":\"no key\"}}}\n";
    private static final Duration IMPORT_TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;

    private LocalStack local;
    private DynamoDbClient dynamoDb;

    @BeforeAll
    void installThePluginsAndStartTheStack() throws IOException {
        Path pluginPath = Files.createDirectories(tmp.resolve("plugins"));
        PluginArchive.source().installInto(pluginPath);
        PluginArchive.sink().installInto(pluginPath);
        StackSettings settings = StackSettings.onFreePorts(tmp.resolve("data"), tmp.resolve("s3"), true)
                .withPluginPath(pluginPath);
        local = LocalStack.start(settings, 0);
        dynamoDb = DynamoDbClient.builder()
                .endpointOverride(local.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .build();
        try (S3Client s3 = local.s3().client()) {
            s3.createBucket(b -> b.bucket("books"));
            s3.putObject(b -> b.bucket("books").key("good/a.json"), RequestBody.fromString(GOOD));
            s3.putObject(b -> b.bucket("books").key("bad/a.json"), RequestBody.fromString(WITH_ERROR));
        }
    }

    @AfterAll
    void stop() {
        if (dynamoDb != null) {
            dynamoDb.close();
        }
        if (local != null) {
            local.close();
        }
    }

    @Test
    void shouldHaveNoConnectorClassOnTheTestClasspath() {
        assertThrows(ClassNotFoundException.class, () -> Class.forName(PluginArchive.SINK_CLASS));
        assertThrows(ClassNotFoundException.class, () -> Class.forName(PluginArchive.SOURCE_CLASS));
    }

    @Test
    void shouldListBothConnectorsFromThePluginPath() throws Exception {
        URI plugins = local.stack().connect().restUrl().resolve("connector-plugins?connectorsOnly=true");
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(plugins).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        JsonNode listed = JSON.readTree(response.body());
        // the connectors report the version they were built as (connect-common's version.properties)
        String release = PluginArchive.projectVersion();
        assertEquals(Map.of("type", "source", "version", release), plugin(listed, PluginArchive.SOURCE_CLASS));
        assertEquals(Map.of("type", "sink", "version", release), plugin(listed, PluginArchive.SINK_CLASS));
    }

    @Test
    void shouldImportThroughThePluginsAndDeadLetterTheBadItem() throws Exception {
        String good = importFrom("good/", "GoodBooks");
        String bad = importFrom("bad/", "BadBooks");

        ImportTableDescription clean = ImportWait.awaitEnd(dynamoDb, good, IMPORT_TIMEOUT);
        assertEquals(ImportStatus.COMPLETED, clean.importStatus(), clean.toString());
        assertEquals(3, clean.importedItemCount());
        assertEquals(0, clean.errorCount());
        assertEquals(3, dynamoDb.scan(b -> b.tableName("GoodBooks")).count());

        ImportTableDescription failed = ImportWait.awaitEnd(dynamoDb, bad, IMPORT_TIMEOUT);
        assertEquals(ImportStatus.FAILED, failed.importStatus(), failed.toString());
        assertEquals("ItemValidationError", failed.failureCode());
        assertEquals(3, failed.processedItemCount());
        assertEquals(2, failed.importedItemCount());
        assertEquals(1, failed.errorCount());
        assertEquals(2, dynamoDb.scan(b -> b.tableName("BadBooks")).count());

        List<JsonNode> letters = deadLetters(ImportArn.parse(bad, "ImportArn").importId(), 1);
        assertEquals(1, letters.size(), letters.toString());
        JsonNode letter = letters.get(0);
        assertEquals("bad/a.json", letter.at("/itemS3Pointer/key").asText(), letter.toString());
        assertEquals(2, letter.at("/itemS3Pointer/itemIndex").asInt(), letter.toString());
        assertEquals("MISSING_KEY", letter.path("errorCode").asText(), letter.toString());
    }

    private String importFrom(String prefix, String table) {
        return dynamoDb.importTable(b -> b.s3BucketSource(
                                s -> s.s3Bucket("books").s3KeyPrefix(prefix))
                        .inputFormat(InputFormat.DYNAMODB_JSON)
                        .tableCreationParameters(t -> t.tableName(table)
                                .billingMode("PAY_PER_REQUEST")
                                .attributeDefinitions(a -> a.attributeName("Id").attributeType("N"))
                                .keySchema(k -> k.attributeName("Id").keyType("HASH"))))
                .importTableDescription()
                .importArn();
    }

    /** The import's errors topic, read committed, until {@code expected} letters or the deadline. */
    private List<JsonNode> deadLetters(String importId, int expected) throws IOException {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, local.stack().kafka().bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<JsonNode> letters = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            String topic = new ImportTopics(importId).errors();
            // no group: read every partition from the start
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (letters.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    letters.add(JSON.readTree(record.value()));
                }
            }
        }
        return letters;
    }

    private static Map<String, String> plugin(JsonNode listed, String connectorClass) {
        for (JsonNode plugin : listed) {
            if (plugin.path("class").asText().equals(connectorClass)) {
                return Map.of(
                        "type", plugin.path("type").asText(),
                        "version", plugin.path("version").asText());
            }
        }
        throw new AssertionError(connectorClass + " is not among Connect's plugins: " + listed);
    }
}
