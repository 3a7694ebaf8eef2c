package dev.ddbimport.service.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The embedded stack as its users meet it: Kafka, Connect, S3 and DynamoDB through their ordinary
 * clients, then a restart over the same data and a fresh start. One stack is shared by the ordered
 * steps below (a start costs seconds); the restart steps replace it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EmbeddedStackIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String KEPT_TOPIC = "kept-across-restarts";
    private static final String KEPT_TABLE = "KeptAcrossRestarts";

    @TempDir
    static Path temp;

    private StackSettings settings;
    private EmbeddedStack stack;

    @BeforeAll
    void startStack() throws IOException {
        settings = StackSettings.onFreePorts(temp.resolve("data"), temp.resolve("s3"), false);
        stack = EmbeddedStack.start(settings);
    }

    @AfterAll
    void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void shouldDeliverOnlyCommittedTransactionsToAReadCommittedConsumer() throws Exception {
        String topic = "exactly-once";
        createTopic(topic);
        try (KafkaProducer<String, String> producer = transactionalProducer("stack-it-eos")) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k", "aborted"));
            producer.flush();
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k", "committed"));
            producer.commitTransaction();
        }
        // the aborted record comes first in the log: a consumer that saw it would return it first
        assertEquals(List.of("committed"), readValues(topic, 1));
    }

    @Test
    @Order(2)
    void shouldListBothOfOurConnectorsAmongConnectPlugins() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(stack.connect().restUrl().resolve("connector-plugins"))
                                .timeout(WAIT)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        List<String> classes = new ArrayList<>();
        for (JsonNode plugin : new ObjectMapper().readTree(response.body())) {
            classes.add(plugin.get("class").asText());
        }
        assertTrue(classes.contains("dev.ddbimport.source.S3ImportSourceConnector"), classes.toString());
        assertTrue(classes.contains("dev.ddbimport.sink.DynamoDbSinkConnector"), classes.toString());
    }

    @Test
    @Order(3)
    void shouldServeAFilePlacedInTheS3FolderAsAnObject() throws Exception {
        Path file = settings.s3Dir().resolve("bucket/a/b.json");
        Files.createDirectories(file.getParent());
        String placed = "{\"Item\":{\"id\":{\"S\":\"1\"}}}\n";
        Files.writeString(file, placed);
        try (S3Client s3 = S3Client.builder()
                .endpointOverride(stack.s3().endpoint())
                .forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(EmbeddedS3.ACCESS_KEY_ID, EmbeddedS3.SECRET_ACCESS_KEY)))
                .build()) {
            s3.putObject(b -> b.bucket("bucket").key("a/c.json"), RequestBody.fromString("{}\n"));
            List<S3Object> listed = s3.listObjectsV2(b -> b.bucket("bucket")).contents();
            // the source connector pins each object by its ETag (the MD5 for a single-part object), placed
            // by hand or uploaded
            assertEquals(
                    List.of("a/b.json=\"" + md5Hex(placed) + "\"", "a/c.json=\"" + md5Hex("{}\n") + "\""),
                    listed.stream().map(o -> o.key() + "=" + o.eTag()).toList());
            assertEquals(
                    "\"" + md5Hex(placed) + "\"",
                    s3.headObject(b -> b.bucket("bucket").key("a/b.json")).eTag());
            String body =
                    s3.getObjectAsBytes(b -> b.bucket("bucket").key("a/b.json")).asString(StandardCharsets.UTF_8);
            assertEquals(placed, body);
            // changed by hand after it was first listed: a new ETag, as S3 would give
            String changed = "{\"Item\":{\"id\":{\"S\":\"2\"}}}\n";
            Files.writeString(file, changed);
            Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() + 10_000));
            assertEquals(
                    "\"" + md5Hex(changed) + "\"",
                    s3.listObjectsV2(b -> b.bucket("bucket").prefix("a/b"))
                            .contents()
                            .get(0)
                            .eTag());
        }
    }

    @Test
    @Order(4)
    void shouldCreateWriteAndReadATableWhateverTheClientCredentials() {
        String table = "Books";
        try (DynamoDbClient writer = dynamoDb("writerKey", Region.US_EAST_1);
                DynamoDbClient reader = dynamoDb("readerKey", Region.EU_WEST_1)) {
            createTable(writer, table);
            writer.putItem(b -> b.tableName(table)
                    .item(Map.of(
                            "id", AttributeValue.fromS("b-1"),
                            "title", AttributeValue.fromS("Dune"))));
            // -sharedDb: another key and region still see the table
            Map<String, AttributeValue> item = reader.getItem(b -> b.tableName(table)
                            .key(Map.of("id", AttributeValue.fromS("b-1")))
                            .consistentRead(true))
                    .item();
            assertEquals("Dune", item.get("title").s());
            // PartiQL: DynamoDB Local parses it with ion-java, which here is our newer copy, not its bundled one
            List<Map<String, AttributeValue>> rows = reader.executeStatement(
                            b -> b.statement("SELECT title FROM \"" + table + "\" WHERE id = 'b-1'"))
                    .items();
            assertEquals(List.of(Map.of("title", AttributeValue.fromS("Dune"))), rows);
        }
    }

    @Test
    @Order(5)
    void shouldRefuseASecondStackOnTheSameKafkaPortNamingThePortAndTheFlag() throws IOException {
        int[] ports = PortChooser.freePorts(4);
        StackSettings clash = new StackSettings(
                settings.kafkaPort(),
                ports[0],
                ports[1],
                ports[2],
                ports[3],
                temp.resolve("second"),
                temp.resolve("second-s3"),
                false,
                true);
        PortInUseException e = assertThrows(PortInUseException.class, () -> EmbeddedStack.start(clash));
        assertEquals(
                "Port " + settings.kafkaPort() + " is already in use, so the embedded Kafka broker cannot listen on it:"
                        + " stop what is using it (perhaps another ddbimport stack), or choose another port with"
                        + " --kafka-port.",
                e.getMessage());
        assertFalse(Files.exists(temp.resolve("second")), "nothing started, nothing written");
    }

    @Test
    @Order(6)
    void shouldKeepTopicsAndTablesAcrossARestartOverTheSameData() throws Exception {
        createTopic(KEPT_TOPIC);
        try (KafkaProducer<String, String> producer = transactionalProducer("stack-it-restart")) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(KEPT_TOPIC, "k", "before restart"));
            producer.commitTransaction();
        }
        try (DynamoDbClient client = dynamoDb("anyKey", Region.US_EAST_1)) {
            createTable(client, KEPT_TABLE);
        }
        String clusterId = stack.kafka().clusterId();

        stack.close();
        stack = EmbeddedStack.start(settings);

        assertEquals(clusterId, stack.kafka().clusterId());
        assertEquals(List.of("before restart"), readValues(KEPT_TOPIC, 1));
        try (DynamoDbClient client = dynamoDb("anyKey", Region.US_EAST_1)) {
            assertTrue(client.listTables().tableNames().contains(KEPT_TABLE));
        }
    }

    @Test
    @Order(7)
    void shouldStartEmptyWhenFreshButKeepTheS3Folder() throws Exception {
        String clusterId = stack.kafka().clusterId();

        stack.close();
        stack = EmbeddedStack.start(settings.withFresh(true));

        assertFalse(clusterId.equals(stack.kafka().clusterId()), "a new cluster");
        try (Admin admin = admin()) {
            Set<String> topics = admin.listTopics().names().get();
            assertFalse(topics.contains(KEPT_TOPIC), topics.toString());
        }
        try (DynamoDbClient client = dynamoDb("anyKey", Region.US_EAST_1)) {
            assertEquals(List.of(), client.listTables().tableNames());
        }
        assertTrue(Files.exists(settings.s3Dir().resolve("bucket/a/b.json")), "S3 objects are the user's data");
    }

    // --- helpers

    private Admin admin() {
        return Admin.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers()));
    }

    private void createTopic(String topic) throws Exception {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
    }

    private KafkaProducer<String, String> transactionalProducer(String transactionalId) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers());
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId + "-" + UUID.randomUUID());
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    /** Reads {@code topic}'s partition 0 from the start, read_committed, up to its last stable offset. */
    private List<String> readValues(String topic, int atLeast) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            List<String> values = new ArrayList<>();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while ((values.size() < atLeast || consumer.position(partition) < end) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    values.add(r.value());
                }
            }
            return values;
        }
    }

    private DynamoDbClient dynamoDb(String accessKey, Region region) {
        return DynamoDbClient.builder()
                .endpointOverride(stack.dynamoDb().endpoint())
                .region(region)
                .credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, "anySecret")))
                .build();
    }

    private static void createTable(DynamoDbClient client, String table) {
        client.createTable(b -> b.tableName(table)
                .attributeDefinitions(AttributeDefinition.builder()
                        .attributeName("id")
                        .attributeType(ScalarAttributeType.S)
                        .build())
                .keySchema(KeySchemaElement.builder()
                        .attributeName("id")
                        .keyType(KeyType.HASH)
                        .build())
                .billingMode(BillingMode.PAY_PER_REQUEST));
    }

    private static String md5Hex(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
