package dev.ddbimport.service.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbimport.service.stack.EmbeddedConnect;
import dev.ddbimport.service.stack.EmbeddedS3;
import dev.ddbimport.service.stack.EmbeddedStack;
import dev.ddbimport.service.stack.StackSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ImportStatus;
import software.amazon.awssdk.services.dynamodb.model.ImportTableDescription;
import software.amazon.awssdk.services.dynamodb.model.InputFormat;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code ddbimport serve} WITHOUT {@code --embedded}, in front of the parts of an embedded stack as
 * if they were a cluster of one's own: run in-process through the picocli command, with
 * {@code --parallelism 2}, client credentials (secret from a file), a {@code --kafka-config} file
 * and settings in {@code --config}. An import completes; signatures are checked as DynamoDB checks
 * them; the Kafka settings reach every Kafka client the service creates and the source connector's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServeConnectedIT {

    private static final String REGION = "us-east-1";
    private static final String ACCESS_KEY_ID = "AKIDSERVECONNECTED";
    private static final String SECRET = "serve-connected-secret";
    private static final String BANNER_SECRET = "never-in-the-banner";
    private static final String BUCKET = "serve-connected";
    private static final String ITEMS = "{\"Item\":{\"Id\":{\"N\":\"1\"},\"Title\":{\"S\":\"A\"}}}\n"
            + "{\"Item\":{\"Id\":{\"N\":\"2\"},\"Title\":{\"S\":\"B\"}}}\n"
            + "{\"Item\":{\"Id\":{\"N\":\"3\"},\"Title\":{\"S\":\"C\"}}}\n"
            + "{\"Item\":{\"Id\":{\"N\":\"4\"},\"Title\":{\"S\":\"D\"}}}\n";
    private static final Pattern ENDPOINT_LINE = Pattern.compile("Import endpoint\\s+(http://\\S+)");

    @TempDir
    static Path tmp;

    private EmbeddedStack stack;
    private final Map<String, String> savedProperties = new HashMap<>();
    private Thread serve;
    private final AtomicInteger serveExit = new AtomicInteger(-1);
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private URI endpoint;
    private DynamoDbClient dynamoDb;
    private Path kafkaConfig;
    private String importId;

    @BeforeAll
    void startStackAndServe() throws Exception {
        stack = EmbeddedStack.start(StackSettings.onFreePorts(tmp.resolve("stack"), tmp.resolve("s3"), true));
        // the service reads S3 and DynamoDB with the AWS default chain, as on a real cluster; here it
        // resolves to the local S3's fixed key (and so do the in-process connectors)
        setSystemProperty("aws.accessKeyId", EmbeddedS3.ACCESS_KEY_ID);
        setSystemProperty("aws.secretAccessKey", EmbeddedS3.SECRET_ACCESS_KEY);
        KafkaClientRecorder.CLIENTS.clear();

        Path etc = Files.createDirectories(tmp.resolve("etc"));
        kafkaConfig = Files.writeString(
                etc.resolve("kafka-client.properties"),
                "security.protocol=PLAINTEXT\n"
                        + "metric.reporters=" + KafkaClientRecorder.class.getName() + "\n"
                        // unused with PLAINTEXT; stands for the passwords such a file holds
                        + "ssl.key.password=" + BANNER_SECRET + "\n");
        Files.writeString(etc.resolve("client-secret"), SECRET + "\n");
        Path config = Files.writeString(
                etc.resolve("serve.properties"),
                "bootstrap-servers=" + stack.kafka().bootstrapServers() + "\n"
                        + "connect-url=" + stack.connect().restUrl() + "\n"
                        + "dynamodb-endpoint-url=" + stack.dynamoDb().endpoint() + "\n"
                        + "s3-endpoint-url=" + stack.s3().endpoint() + "\n"
                        + "kafka-config=kafka-client.properties\n"
                        + "access-key-id=" + ACCESS_KEY_ID + "\n"
                        + "secret-access-key-file=client-secret\n");

        CommandLine cli = DdbImportCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        String[] args = {
            "serve",
            "--config",
            config.toString(),
            "--parallelism",
            "2",
            "--port",
            "0",
            "--data-dir",
            tmp.resolve("serve").toString()
        };
        serve = new Thread(() -> serveExit.set(cli.execute(args)), "serve-connected");
        serve.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!out.toString().contains("Serving.")) {
            if (!serve.isAlive()) {
                fail("serve ended with exit " + serveExit.get() + ":\n" + out + err);
            }
            if (System.nanoTime() > deadline) {
                fail("serve did not start within 60 s:\n" + out + err);
            }
            Thread.sleep(50);
        }
        Matcher m = ENDPOINT_LINE.matcher(out.toString());
        assertTrue(m.find(), out.toString());
        endpoint = URI.create(m.group(1));
        dynamoDb = dynamoDb(ACCESS_KEY_ID, SECRET);
    }

    @AfterAll
    void stopAll() throws InterruptedException {
        if (dynamoDb != null) {
            dynamoDb.close();
        }
        if (serve != null) {
            serve.interrupt();
            serve.join(TimeUnit.SECONDS.toMillis(60));
        }
        if (stack != null) {
            stack.close();
        }
        savedProperties.forEach((key, value) -> {
            if (value == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, value);
            }
        });
    }

    @Test
    @Order(1)
    void shouldPrintTheKafkaSettingsFileButNoneOfItsValues() {
        String banner = out.toString();
        assertTrue(banner.contains(kafkaConfig.toAbsolutePath().toString()), banner);
        assertTrue(banner.contains("AWS Signature V4, access key id " + ACCESS_KEY_ID), banner);
        assertTrue(banner.contains("2 partitions and tasks per import"), banner);
        assertTrue(banner.contains("the client's signature passed through"), banner);
        assertFalse(banner.contains(BANNER_SECRET), banner);
        assertFalse(banner.contains(SECRET), banner);
        // the literal password is named, never shown, in the start-up warning
        String warnings = err.toString();
        assertTrue(warnings.contains("gives ssl.key.password literally"), warnings);
        assertFalse(warnings.contains(BANNER_SECRET), warnings);
    }

    @Test
    @Order(2)
    void shouldCompleteAnImportSignedWithTheClientKey() throws Exception {
        try (S3Client s3 = S3Client.builder()
                .endpointOverride(stack.s3().endpoint())
                .region(Region.of(REGION))
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(EmbeddedS3.ACCESS_KEY_ID, EmbeddedS3.SECRET_ACCESS_KEY)))
                .build()) {
            s3.createBucket(b -> b.bucket(BUCKET));
            s3.putObject(b -> b.bucket(BUCKET).key("books/part-1.json"), RequestBody.fromString(ITEMS));
        }
        ImportTableDescription started = dynamoDb.importTable(r -> r.s3BucketSource(
                                s -> s.s3Bucket(BUCKET).s3KeyPrefix("books/"))
                        .inputFormat(InputFormat.DYNAMODB_JSON)
                        .tableCreationParameters(t -> t.tableName("ServeConnectedBooks")
                                .keySchema(k -> k.attributeName("Id").keyType(KeyType.HASH))
                                .attributeDefinitions(a -> a.attributeName("Id").attributeType(ScalarAttributeType.N))
                                .billingMode("PAY_PER_REQUEST")))
                .importTableDescription();
        String arn = started.importArn();
        importId = arn.substring(arn.lastIndexOf('/') + 1);

        ImportTableDescription ended = started;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(75);
        while (ended.importStatus() == ImportStatus.IN_PROGRESS) {
            assertTrue(System.nanoTime() < deadline, "import still running after 75 s: " + ended);
            Thread.sleep(250);
            ended = dynamoDb.describeImport(r -> r.importArn(arn)).importTableDescription();
        }
        assertEquals(ImportStatus.COMPLETED, ended.importStatus(), ended.toString());
        assertEquals(4L, ended.importedItemCount());
        // forwarded to the backing DynamoDB with the client's signature passed through
        assertEquals(4, dynamoDb.scan(r -> r.tableName("ServeConnectedBooks")).count());
    }

    @Test
    @Order(3)
    void shouldRefuseRequestsNotSignedWithTheClientKeyAsDynamoDbDoes() throws Exception {
        try (DynamoDbClient wrongSecret = dynamoDb(ACCESS_KEY_ID, "not-the-secret");
                DynamoDbClient unknownKey = dynamoDb("AKIDSOMEONEELSE", SECRET)) {
            DynamoDbException e = assertThrows(DynamoDbException.class, () -> wrongSecret.listImports(r -> {}));
            assertEquals("InvalidSignatureException", e.awsErrorDetails().errorCode());
            DynamoDbException u = assertThrows(DynamoDbException.class, () -> unknownKey.listTables());
            assertEquals("UnrecognizedClientException", u.awsErrorDetails().errorCode());
            assertEquals(
                    "The security token included in the request is invalid.",
                    u.awsErrorDetails().errorMessage());
        }
        HttpResponse<String> unsigned = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(endpoint)
                                .header("X-Amz-Target", "DynamoDB_20120810.ListImports")
                                .header("Content-Type", "application/x-amz-json-1.0")
                                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(400, unsigned.statusCode());
        assertTrue(unsigned.body().contains("MissingAuthenticationTokenException"), unsigned.body());
    }

    @Test
    @Order(4)
    void shouldGiveTheImportParallelismPartitionsAndTasks() throws Exception {
        assertNotNull(importId, "the import ran");
        try (Admin admin = Admin.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers()))) {
            String errors = "ddbimport." + importId + ".errors"; // kept after the import
            TopicDescription description =
                    admin.describeTopics(List.of(errors)).allTopicNames().get().get(errors);
            assertEquals(2, description.partitions().size());
        }
        Map<String, JsonNode> connectors = connectorConfigs();
        JsonNode sink = connectors.get("connector-ddbimport-" + importId + "-sink");
        JsonNode source = connectors.get("connector-ddbimport-" + importId + "-source");
        assertNotNull(sink, connectors.keySet().toString());
        assertNotNull(source, connectors.keySet().toString());
        assertEquals("2", sink.path("tasks.max").asText());
        assertEquals("2", source.path("tasks.max").asText());
        assertEquals(
                KafkaClientRecorder.class.getName(),
                source.path("kafka.client.metric.reporters").asText(),
                "the source's own Kafka client gets the --kafka-config settings");
        assertEquals("-1", source.path("manifest.replication.factor").asText(), "the brokers' default");
    }

    @Test
    @Order(5)
    void shouldApplyTheKafkaSettingsToEveryKafkaClientTheServiceCreates() {
        assertNotNull(importId, "the import ran");
        Set<String> ids = KafkaClientRecorder.CLIENTS.stream()
                .map(KafkaClientRecorder.Client::clientId)
                .collect(Collectors.toSet());
        for (String expected : List.of(
                "ddbimport-registry-admin",
                "ddbimport-registry-writer",
                "ddbimport-registry-reader",
                "ddbimport-progress-reader",
                "ddbimport-orchestrator",
                "ddbimport-orchestrator-" + importId)) {
            assertTrue(ids.contains(expected), expected + " not among " + ids);
        }
        assertTrue(
                ids.stream().anyMatch(id -> id.startsWith("ddbimport-transform-registry")),
                "the hosted transform's registry reader: " + ids);
        assertTrue(
                ids.stream().anyMatch(id -> id.contains("ddbimport-transform-" + importId)),
                "the hosted transform's Kafka Streams clients: " + ids);
        assertTrue(
                KafkaClientRecorder.CLIENTS.stream()
                        .anyMatch(c -> c.thread().contains("ddbimport-" + importId + "-source")),
                "the source connector's manifest client: " + KafkaClientRecorder.CLIENTS);
    }

    // --- helpers

    private DynamoDbClient dynamoDb(String accessKeyId, String secret) {
        return DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secret)))
                .build();
    }

    /** Every connector config Connect stored, by record key, read from its config topic. */
    private Map<String, JsonNode> connectorConfigs() throws IOException {
        Map<String, Object> props = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                stack.kafka().bootstrapServers(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest");
        Map<String, JsonNode> configs = new HashMap<>();
        ObjectMapper json = new ObjectMapper();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            String topic = EmbeddedConnect.CONFIG_TOPIC;
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo p : consumer.partitionsFor(topic, Duration.ofSeconds(10))) {
                partitions.add(new TopicPartition(topic, p.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                assertTrue(System.nanoTime() < deadline, "could not read Connect's config topic");
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.value() != null && r.key() != null && r.key().startsWith("connector-")) {
                        JsonNode properties = json.readTree(r.value()).path("properties");
                        if (properties.isObject()) {
                            configs.put(r.key(), properties);
                        }
                    }
                }
            }
        }
        return configs;
    }

    private void setSystemProperty(String key, String value) {
        savedProperties.put(key, System.getProperty(key));
        System.setProperty(key, value);
    }
}
