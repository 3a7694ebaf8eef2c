package dev.ddbimport.service.orchestration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.luben.zstd.ZstdOutputStream;
import dev.ddbimport.core.pipeline.ImportTopics;
import dev.ddbimport.service.endpoint.EndpointSettings;
import dev.ddbimport.service.endpoint.ImportEndpointServer;
import dev.ddbimport.service.imports.ImportServiceSettings;
import dev.ddbimport.service.stack.EmbeddedS3;
import dev.ddbimport.service.stack.EmbeddedStack;
import dev.ddbimport.service.stack.StackSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.zip.GZIPOutputStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ImportStatus;
import software.amazon.awssdk.services.dynamodb.model.ImportTableDescription;
import software.amazon.awssdk.services.dynamodb.model.InputCompressionType;
import software.amazon.awssdk.services.dynamodb.model.InputFormat;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Imports end to end on the embedded stack (S3 folder, DynamoDB Local, Kafka, Connect with both
 * connectors) with the transform hosted by the service, driven only through the AWS SDK's
 * DynamoDbClient pointed at the endpoint: ImportTable, DescribeImport polled to its end, Scan.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImportPipelineIT {

    private static final Duration IMPORT_DEADLINE = Duration.ofSeconds(90);
    private static final String BUCKET = "imports";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path temp;

    private EmbeddedStack stack;
    /** The service reads S3 through this, so a test can slow the reading down. */
    private ThrottlingTcpProxy s3Proxy;

    private OrchestratorSettings settings;
    private PipelineOrchestrator orchestrator;
    private ImportEndpointServer server;
    private DynamoDbClient client;

    @BeforeAll
    void start() throws IOException {
        stack = EmbeddedStack.start(StackSettings.onFreePorts(temp.resolve("data"), temp.resolve("s3"), true));
        s3Proxy = ThrottlingTcpProxy.start(stack.s3().endpoint());
        settings = OrchestratorSettings.local(
                        stack.kafka().bootstrapServers(),
                        stack.connect().restUrl(),
                        S3Settings.local(s3Proxy.endpoint(), EmbeddedS3.ACCESS_KEY_ID, EmbeddedS3.SECRET_ACCESS_KEY),
                        new DynamoDbSettings(stack.dynamoDb().endpoint(), "us-east-1", "local", "local"),
                        temp.resolve("transform"))
                .withParallelism(2, 2);
        try (S3Client s3 = settings.s3().client()) {
            s3.createBucket(b -> b.bucket(BUCKET));
        }
        startService();
    }

    private void startService() {
        orchestrator = PipelineOrchestrator.create(settings);
        server = ImportEndpointServer.start(
                stack.kafka().bootstrapServers(),
                EndpointSettings.local(0, stack.dynamoDb().endpoint(), "us-east-1"),
                ImportServiceSettings.defaults(),
                orchestrator);
        orchestrator.bind(server.registry());
        client = DynamoDbClient.builder()
                .endpointOverride(server.uri())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .build();
    }

    private void stopService() {
        client.close();
        server.close();
        orchestrator.close();
    }

    @AfterAll
    void stop() throws IOException {
        if (server != null) {
            stopService();
        }
        if (s3Proxy != null) {
            s3Proxy.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    private static final String RICH_JSON = """
            {"Item":{"pk":{"S":"a"},"n":{"N":"12345678901234567890123456789012345678"},"b":{"B":"AAEC/w=="},"ss":{"SS":["x","y"]},"ns":{"NS":["1","2.5"]},"bs":{"BS":["AQ==","Ag=="]},"m":{"M":{"u":{"S":"h\u00e9llo \u2713 \ud83d\ude00"},"deep":{"M":{"l":{"L":[{"N":"-1E-130"},{"BOOL":true},{"NULL":true}]}}}}}}}
            {"Item":{"pk":{"S":"b"},"flag":{"BOOL":false},"empty":{"S":""},"l":{"L":[]}}}

            {"Item":{"pk":{"S":"c"},"n":{"N":"9.9999999999999999999999999999999999999E+125"}}}
            """;

    private static final String RICH_ION = """
            $ion_1_0 {Item:{pk:"a",n:12345678901234567890123456789012345678.,b:{{AAEC/w==}},ss:$dynamodb_SS::["x","y"],ns:$dynamodb_NS::[1.,2.5],bs:$dynamodb_BS::[{{AQ==}},{{Ag==}}],m:{u:"h\u00e9llo \u2713 \ud83d\ude00",deep:{l:[-1d-130,true,null]}}}}
            $ion_1_0 {Item:{pk:"b",flag:false,empty:"",l:[]}}
            $ion_1_0 {Item:{pk:"c",n:9.9999999999999999999999999999999999999d125}}
            """;

    private static List<Map<String, AttributeValue>> richItems() {
        Map<String, AttributeValue> a = new HashMap<>();
        a.put("pk", s("a"));
        a.put("n", n("12345678901234567890123456789012345678"));
        a.put("b", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {0, 1, 2, (byte) 0xff})));
        a.put("ss", AttributeValue.fromSs(List.of("x", "y")));
        a.put("ns", AttributeValue.fromNs(List.of("1", "2.5")));
        a.put(
                "bs",
                AttributeValue.fromBs(
                        List.of(SdkBytes.fromByteArray(new byte[] {1}), SdkBytes.fromByteArray(new byte[] {2}))));
        a.put(
                "m",
                AttributeValue.fromM(Map.of(
                        "u",
                        s("h\u00e9llo \u2713 \ud83d\ude00"),
                        "deep",
                        AttributeValue.fromM(Map.of(
                                "l",
                                AttributeValue.fromL(List.of(
                                        n("-1E-130"),
                                        AttributeValue.fromBool(true),
                                        AttributeValue.fromNul(true))))))));
        Map<String, AttributeValue> b = Map.of(
                "pk",
                s("b"),
                "flag",
                AttributeValue.fromBool(false),
                "empty",
                s(""),
                "l",
                AttributeValue.fromL(List.of()));
        Map<String, AttributeValue> c = Map.of("pk", s("c"), "n", n("9.9999999999999999999999999999999999999E+125"));
        return List.of(a, b, c);
    }

    private static final String CSV = "pk,name,count\n1,\"Smith, J\",10\n2,\u00fcnicode \u2713,\n3,\"multi\nline\",7\n";

    private static List<Map<String, AttributeValue>> csvItems() {
        return List.of(
                Map.of("pk", n("1"), "name", s("Smith, J"), "count", s("10")),
                Map.of("pk", n("2"), "name", s("\u00fcnicode \u2713")),
                Map.of("pk", n("3"), "name", s("multi\nline"), "count", s("7")));
    }

    private static final List<InputFormat> FORMATS =
            List.of(InputFormat.DYNAMODB_JSON, InputFormat.ION, InputFormat.CSV);
    private static final List<InputCompressionType> COMPRESSIONS =
            List.of(InputCompressionType.NONE, InputCompressionType.GZIP, InputCompressionType.ZSTD);

    /** ImportArn of each format × compression import, all started together when the first case runs. */
    private final Map<String, String> formatImports = new HashMap<>();

    /**
     * Every format in every compression: DynamoDB JSON and Ion with every type (binary, sets, nested
     * documents, unicode incl. a surrogate pair, 38-digit numbers and the range limits), CSV with quoted
     * delimiters and newlines, an empty column left out and an N key. The nine imports run at the same
     * time (which keeps this class fast and runs nine pipelines side by side).
     */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "DYNAMODB_JSON, NONE",
        "DYNAMODB_JSON, GZIP",
        "DYNAMODB_JSON, ZSTD",
        "ION, NONE",
        "ION, GZIP",
        "ION, ZSTD",
        "CSV, NONE",
        "CSV, GZIP",
        "CSV, ZSTD"
    })
    void shouldImportEveryFormatInEveryCompression(InputFormat format, InputCompressionType compression)
            throws Exception {
        startFormatImports();

        ImportTableDescription done = awaitEnd(formatImports.get(format + "-" + compression));

        assertEquals(ImportStatus.COMPLETED, done.importStatus(), String.valueOf(done.failureMessage()));
        assertEquals(3, done.processedItemCount());
        assertEquals(3, done.importedItemCount());
        assertEquals(0, done.errorCount());
        assertEquals(textOf(format).getBytes(StandardCharsets.UTF_8).length, done.processedSizeBytes());
        List<Map<String, AttributeValue>> expected = format == InputFormat.CSV ? csvItems() : richItems();
        assertEquals(normalised(expected), normalised(scan(done)));
    }

    private void startFormatImports() throws IOException {
        if (!formatImports.isEmpty()) {
            return;
        }
        for (InputFormat format : FORMATS) {
            for (InputCompressionType compression : COMPRESSIONS) {
                String prefix = uniquePrefix(format + "-" + compression + "-");
                upload(prefix + "part-0", compressed(textOf(format), compression));
                formatImports.put(
                        format + "-" + compression,
                        startImport(BUCKET, prefix, format, compression, format == InputFormat.CSV ? "N" : null));
            }
        }
    }

    private static String textOf(InputFormat format) {
        return switch (format) {
            case DYNAMODB_JSON -> RICH_JSON;
            case ION -> RICH_ION;
            default -> CSV;
        };
    }

    @Test
    void shouldFailWithItemValidationErrorAndKeepTheValidItems() throws Exception {
        String lines = "{\"Item\":{\"pk\":{\"S\":\"ok1\"}}}\n"
                + "{\"Item\":{\"other\":{\"S\":\"no key\"}}}\n"
                + "{\"Item\":{\"pk\":{\"S\":\"ok2\"}}}\n"
                + "not json at all\n"
                + "{\"Item\":{\"pk\":{\"S\":\"ok1\"},\"v\":{\"N\":\"2\"}}}\n";
        String prefix = put("invalid/", "x.json", lines.getBytes(StandardCharsets.UTF_8));
        ImportTableDescription done = importAndWait(prefix, InputFormat.DYNAMODB_JSON, InputCompressionType.NONE, null);
        assertEquals(ImportStatus.FAILED, done.importStatus());
        assertEquals("ItemValidationError", done.failureCode());
        assertEquals(FailureClassifier.ITEM_VALIDATION_MESSAGE, done.failureMessage());
        assertEquals(5, done.processedItemCount());
        assertEquals(2, done.errorCount());
        assertEquals(3, done.importedItemCount());
        assertEquals(
                normalised(List.of(Map.of("pk", s("ok1"), "v", n("2")), Map.of("pk", s("ok2")))),
                normalised(scan(done)));
    }

    @Test
    void shouldFailWithS3NoSuchBucketAndCreateNoTable() {
        ImportTableDescription done = importAndWait(
                "no-such-bucket-" + UUID.randomUUID().toString().substring(0, 8),
                "x/",
                InputFormat.CSV,
                InputCompressionType.NONE,
                null);
        assertEquals(ImportStatus.FAILED, done.importStatus());
        assertEquals("S3NoSuchBucket", done.failureCode());
        assertTrue(done.failureMessage().contains("does not exist"), done.failureMessage());
        assertEquals(0, done.processedItemCount());
        assertEquals(0, done.errorCount());
        String table = tableOf(done);
        assertThrows(ResourceNotFoundException.class, () -> client.describeTable(b -> b.tableName(table)));
    }

    @Test
    void shouldCompleteAnEmptyPrefixWithAnEmptyActiveTable() {
        ImportTableDescription done = importAndWait(
                BUCKET, "nothing-here-" + UUID.randomUUID() + "/", InputFormat.ION, InputCompressionType.NONE, null);
        assertEquals(ImportStatus.COMPLETED, done.importStatus(), String.valueOf(done.failureMessage()));
        assertEquals(0, done.processedItemCount());
        assertNull(done.processedSizeBytes());
        assertEquals(
                TableStatus.ACTIVE,
                client.describeTable(b -> b.tableName(tableOf(done))).table().tableStatus());
        assertEquals(List.of(), scan(done));
    }

    @Test
    void shouldCompleteWithExactCountersWhenTheServiceRestartsMidImport() throws Exception {
        int objects = 4;
        int perObject = 25_000;
        String prefix = "restart-" + UUID.randomUUID().toString().substring(0, 8) + "/";
        for (int o = 0; o < objects; o++) {
            StringBuilder lines = new StringBuilder();
            for (int i = 0; i < perObject; i++) {
                // every key twice across objects: 2 versions of half the keys
                int key = (o * perObject + i) % (objects * perObject / 2);
                lines.append("{\"Item\":{\"pk\":{\"S\":\"k")
                        .append(key)
                        .append("\"},\"o\":{\"N\":\"")
                        .append(o)
                        .append("\"}}}\n");
            }
            put(prefix, "part-" + o + ".json.gz", gzip(lines.toString()));
        }
        String arn = startImport(BUCKET, prefix, InputFormat.DYNAMODB_JSON, InputCompressionType.GZIP, null);
        stopService();
        startService();
        ImportTableDescription done = awaitEnd(arn);
        assertEquals(ImportStatus.COMPLETED, done.importStatus(), String.valueOf(done.failureMessage()));
        assertEquals(objects * perObject, done.processedItemCount());
        assertEquals(objects * perObject, done.importedItemCount());
        assertEquals(0, done.errorCount());
        List<Map<String, AttributeValue>> items = scan(done);
        assertEquals(objects * perObject / 2, items.size());
        for (Map<String, AttributeValue> item : items) {
            // the later object (greater key) wins each duplicate key
            int key = Integer.parseInt(item.get("pk").s().substring(1));
            int expectedObject = key / perObject + 2;
            assertEquals(Integer.toString(expectedObject), item.get("o").n(), item.toString());
        }
    }

    @Test
    void shouldCancelAnImportMidWayKeepingTheTableAndRemovingTheConnectors() throws Exception {
        String prefix = putSlowObjects("cancel-", 8);
        s3Proxy.limitResponses(SLOW_READ_BYTES_PER_SECOND);
        try {
            String arn = startImport(BUCKET, prefix, InputFormat.DYNAMODB_JSON, InputCompressionType.NONE, null);
            awaitSomeItemsProcessed(arn);

            JsonNode cancelled = cancelImport(arn);

            assertEquals(
                    "CANCELLING",
                    cancelled
                            .path("ImportTableDescription")
                            .path("ImportStatus")
                            .asText(),
                    cancelled.toString());
            ImportTableDescription done = awaitEnd(arn);
            assertEquals(ImportStatus.CANCELLED, done.importStatus());
            assertNull(done.failureCode());
            assertTrue(done.processedItemCount() < 8L * SLOW_OBJECT_ITEMS, done.toString());
            String id = arn.substring(arn.lastIndexOf('/') + 1);
            awaitConnectorsGone(id);
            assertEquals(
                    TableStatus.ACTIVE,
                    client.describeTable(b -> b.tableName(tableOf(done)))
                            .table()
                            .tableStatus());
        } finally {
            s3Proxy.limitResponses(0);
        }
    }

    @Test
    void shouldFailWithObjectModifiedInS3WhenAnObjectIsOverwrittenBeforeItIsRead() throws Exception {
        int objects = 8;
        String prefix = putSlowObjects("modified-", objects);
        String last = prefix + "part-" + (objects - 1);
        s3Proxy.limitResponses(SLOW_READ_BYTES_PER_SECOND);
        try {
            String arn = startImport(BUCKET, prefix, InputFormat.DYNAMODB_JSON, InputCompressionType.NONE, null);
            // after the listing took its ETag, before its task reaches it (the last of its share)
            awaitListingDone(arn.substring(arn.lastIndexOf('/') + 1));
            upload(last, "{\"Item\":{\"pk\":{\"S\":\"changed\"}}}\n".getBytes(StandardCharsets.UTF_8));

            ImportTableDescription done = awaitEnd(arn);

            assertEquals(ImportStatus.FAILED, done.importStatus(), done.toString());
            assertEquals("ObjectModifiedInS3DuringImport", done.failureCode(), done.failureMessage());
            assertTrue(
                    done.failureMessage().startsWith("ObjectModifiedInS3DuringImport: s3://" + BUCKET + "/" + last),
                    done.failureMessage());
        } finally {
            s3Proxy.limitResponses(0);
        }
    }

    @Test
    void shouldRunTwoConcurrentImportsWithTheirOwnCounters() throws Exception {
        String prefixA = uniquePrefix("concurrent-a-");
        for (int o = 0; o < 2; o++) {
            StringBuilder lines = new StringBuilder();
            for (int i = 0; i < 750; i++) {
                lines.append("{\"Item\":{\"pk\":{\"S\":\"a").append(o * 750 + i).append("\"}}}\n");
            }
            upload(prefixA + "part-" + o + ".json.gz", gzip(lines.toString()));
        }
        String prefixB = uniquePrefix("concurrent-b-");
        StringBuilder csv = new StringBuilder("pk,v\n");
        for (int i = 0; i < 800; i++) {
            csv.append("b").append(i).append(",x\n");
        }
        upload(prefixB + "b.csv.zst", zstd(csv.toString()));

        String arnA = startImport(BUCKET, prefixA, InputFormat.DYNAMODB_JSON, InputCompressionType.GZIP, null);
        String arnB = startImport(BUCKET, prefixB, InputFormat.CSV, InputCompressionType.ZSTD, null);
        ImportTableDescription a = awaitEnd(arnA);
        ImportTableDescription b = awaitEnd(arnB);

        assertEquals(ImportStatus.COMPLETED, a.importStatus(), String.valueOf(a.failureMessage()));
        assertEquals(ImportStatus.COMPLETED, b.importStatus(), String.valueOf(b.failureMessage()));
        assertEquals(1500, a.processedItemCount());
        assertEquals(1500, a.importedItemCount());
        assertEquals(0, a.errorCount());
        assertEquals(800, b.processedItemCount());
        assertEquals(800, b.importedItemCount());
        assertEquals(0, b.errorCount());
        List<Map<String, AttributeValue>> itemsA = scan(a);
        List<Map<String, AttributeValue>> itemsB = scan(b);
        assertEquals(1500, itemsA.size());
        assertEquals(800, itemsB.size());
        assertTrue(itemsA.stream().allMatch(i -> i.get("pk").s().startsWith("a")));
        assertTrue(itemsB.stream().allMatch(i -> i.get("pk").s().startsWith("b")));
    }

    /** With {@link #SLOW_READ_BYTES_PER_SECOND}, each object (~64 KiB) takes about 1 s to read. */
    private static final int SLOW_OBJECT_ITEMS = 450;

    private static final long SLOW_READ_BYTES_PER_SECOND = 64 * 1024;

    /** {@code objects} objects of about 64 KiB under a new prefix, named part-0, part-1, ... */
    private String putSlowObjects(String name, int objects) {
        String prefix = uniquePrefix(name);
        String pad = "x".repeat(100);
        for (int o = 0; o < objects; o++) {
            StringBuilder lines = new StringBuilder();
            for (int i = 0; i < SLOW_OBJECT_ITEMS; i++) {
                lines.append("{\"Item\":{\"pk\":{\"S\":\"k")
                        .append(o)
                        .append('-')
                        .append(i)
                        .append("\"},\"pad\":{\"S\":\"")
                        .append(pad)
                        .append("\"}}}\n");
            }
            upload(prefix + "part-" + o, lines.toString().getBytes(StandardCharsets.UTF_8));
        }
        return prefix;
    }

    private void awaitSomeItemsProcessed(String arn) {
        long deadline = System.nanoTime() + IMPORT_DEADLINE.toNanos();
        while (System.nanoTime() < deadline) {
            ImportTableDescription d =
                    client.describeImport(b -> b.importArn(arn)).importTableDescription();
            if (d.importStatus() != ImportStatus.IN_PROGRESS) {
                throw new AssertionError("Import ended before it could be cancelled: " + d);
            }
            if (d.processedItemCount() != null && d.processedItemCount() > 0) {
                return;
            }
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
        throw new AssertionError("Import " + arn + " processed nothing within " + IMPORT_DEADLINE);
    }

    /** Our CancelImport: the AWS SDKs have no method for it, so a raw AWS JSON 1.0 request. */
    private JsonNode cancelImport(String arn) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(server.uri())
                .header("X-Amz-Target", "DynamoDB_20120810.CancelImport")
                .header("Content-Type", "application/x-amz-json-1.0")
                .POST(HttpRequest.BodyPublishers.ofString(
                        JSON.createObjectNode().put("ImportArn", arn).toString()))
                .build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    private void awaitConnectorsGone(String importId) throws Exception {
        URI list = settings.connectUrl().resolve("connectors");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String body;
        do {
            body = HTTP.send(HttpRequest.newBuilder(list).GET().build(), HttpResponse.BodyHandlers.ofString())
                    .body();
            if (!body.contains(importId)) {
                return;
            }
            LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
        } while (System.nanoTime() < deadline);
        throw new AssertionError("Connectors of import " + importId + " still there: " + body);
    }

    /** Waits for the source's listing-done record on the import's manifest topic. */
    private void awaitListingDone(String importId) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        String topic = new ImportTopics(importId).manifest();
        String doneKey = importId + "/listing/done";
        long deadline = System.nanoTime() + IMPORT_DEADLINE.toNanos();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            boolean assigned = false;
            while (System.nanoTime() < deadline) {
                if (!assigned) {
                    List<PartitionInfo> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(1));
                    if (partitions == null || partitions.isEmpty()) {
                        LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
                        continue;
                    }
                    List<TopicPartition> tps = new ArrayList<>();
                    partitions.forEach(p -> tps.add(new TopicPartition(topic, p.partition())));
                    consumer.assign(tps);
                    consumer.seekToBeginning(tps);
                    assigned = true;
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    if (doneKey.equals(r.key())) {
                        return;
                    }
                }
            }
        }
        throw new AssertionError("The source of import " + importId + " did not finish its listing in time");
    }

    private static String uniquePrefix(String name) {
        return name + UUID.randomUUID().toString().substring(0, 8) + "/";
    }

    private void upload(String key, byte[] bytes) {
        try (S3Client s3 = settings.s3().client()) {
            s3.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromBytes(bytes));
        }
    }

    private static byte[] compressed(String text, InputCompressionType compression) throws IOException {
        return switch (compression) {
            case GZIP -> gzip(text);
            case ZSTD -> zstd(text);
            default -> text.getBytes(StandardCharsets.UTF_8);
        };
    }

    // ---- helpers

    private ImportTableDescription importAndWait(
            String prefix, InputFormat format, InputCompressionType compression, String keyType) {
        return importAndWait(BUCKET, prefix, format, compression, keyType);
    }

    private ImportTableDescription importAndWait(
            String bucket, String prefix, InputFormat format, InputCompressionType compression, String keyType) {
        return awaitEnd(startImport(bucket, prefix, format, compression, keyType));
    }

    private String startImport(
            String bucket, String prefix, InputFormat format, InputCompressionType compression, String keyType) {
        String table = "t-" + UUID.randomUUID();
        return client.importTable(b -> b.s3BucketSource(s -> s.s3Bucket(bucket).s3KeyPrefix(prefix))
                        .inputFormat(format)
                        .inputCompressionType(compression)
                        .tableCreationParameters(t -> t.tableName(table)
                                .billingMode("PAY_PER_REQUEST")
                                .attributeDefinitions(
                                        a -> a.attributeName("pk").attributeType(keyType == null ? "S" : keyType))
                                .keySchema(k -> k.attributeName("pk").keyType("HASH"))))
                .importTableDescription()
                .importArn();
    }

    private ImportTableDescription awaitEnd(String arn) {
        long deadline = System.nanoTime() + IMPORT_DEADLINE.toNanos();
        ImportTableDescription d;
        do {
            d = client.describeImport(b -> b.importArn(arn)).importTableDescription();
            if (d.importStatus() != ImportStatus.IN_PROGRESS && d.importStatus() != ImportStatus.CANCELLING) {
                return d;
            }
            // the poll interval of a condition with a deadline, not a wait for time to pass
            LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
        } while (System.nanoTime() < deadline);
        throw new AssertionError("Import " + arn + " did not end within " + IMPORT_DEADLINE + ": " + d);
    }

    private static String tableOf(ImportTableDescription d) {
        return d.tableArn().substring(d.tableArn().indexOf(":table/") + ":table/".length());
    }

    private List<Map<String, AttributeValue>> scan(ImportTableDescription d) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        client.scanPaginator(b -> b.tableName(tableOf(d))).items().forEach(items::add);
        return items;
    }

    /** Items as comparable values: sets without order, maps sorted by name. */
    private static Object normalised(List<Map<String, AttributeValue>> items) {
        List<Object> out = new ArrayList<>();
        for (Map<String, AttributeValue> item : items) {
            out.add(normalised(AttributeValue.fromM(item)));
        }
        out.sort((x, y) -> x.toString().compareTo(y.toString()));
        return out;
    }

    private static Object normalised(AttributeValue v) {
        return switch (v.type()) {
            case S -> "S:" + v.s();
            case N ->
                "N:" + new java.math.BigDecimal(v.n()).stripTrailingZeros().toString();
            case B -> "B:" + java.util.HexFormat.of().formatHex(v.b().asByteArray());
            case BOOL -> "BOOL:" + v.bool();
            case NUL -> "NULL";
            case SS -> new HashSet<>(v.ss());
            case NS -> {
                HashSet<String> set = new HashSet<>();
                v.ns().forEach(x ->
                        set.add(new java.math.BigDecimal(x).stripTrailingZeros().toString()));
                yield set;
            }
            case BS -> {
                HashSet<String> set = new HashSet<>();
                v.bs().forEach(x -> set.add(java.util.HexFormat.of().formatHex(x.asByteArray())));
                yield set;
            }
            case L -> {
                List<Object> list = new ArrayList<>();
                v.l().forEach(x -> list.add(normalised(x)));
                yield list;
            }
            case M -> {
                TreeMap<String, Object> map = new TreeMap<>();
                v.m().forEach((k, x) -> map.put(k, normalised(x)));
                yield map;
            }
            default -> throw new AssertionError("unexpected type " + v.type());
        };
    }

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    private static AttributeValue n(String v) {
        return AttributeValue.fromN(v);
    }

    /**
     * Uploads through the S3 API: s3proxy keeps an object's ETag only for objects written through it,
     * and the source lists objects with their ETags.
     */
    private String put(String prefix, String name, byte[] bytes) {
        String unique = prefix.endsWith("/") && !prefix.startsWith("restart-")
                ? UUID.randomUUID().toString().substring(0, 8) + "-" + prefix
                : prefix;
        try (S3Client s3 = settings.s3().client()) {
            s3.putObject(b -> b.bucket(BUCKET).key(unique + name), RequestBody.fromBytes(bytes));
        }
        return unique;
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream z = new GZIPOutputStream(out)) {
            z.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    private static byte[] zstd(String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream z = new ZstdOutputStream(out)) {
            z.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }
}
