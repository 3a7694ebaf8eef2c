package dev.ddbimport.service.orchestration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.luben.zstd.ZstdOutputStream;
import dev.ddbimport.service.endpoint.EndpointSettings;
import dev.ddbimport.service.endpoint.ImportEndpointServer;
import dev.ddbimport.service.imports.ImportServiceSettings;
import dev.ddbimport.service.stack.EmbeddedS3;
import dev.ddbimport.service.stack.EmbeddedStack;
import dev.ddbimport.service.stack.StackSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
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

    @TempDir
    static Path temp;

    private EmbeddedStack stack;
    private OrchestratorSettings settings;
    private PipelineOrchestrator orchestrator;
    private ImportEndpointServer server;
    private DynamoDbClient client;

    @BeforeAll
    void start() throws IOException {
        int[] ports = freePorts(5);
        stack = EmbeddedStack.start(new StackSettings(
                ports[0],
                ports[1],
                ports[2],
                ports[3],
                ports[4],
                temp.resolve("data"),
                temp.resolve("s3"),
                false,
                true));
        settings = OrchestratorSettings.local(
                        stack.kafka().bootstrapServers(),
                        stack.connect().restUrl(),
                        S3Settings.local(stack.s3().endpoint(), EmbeddedS3.ACCESS_KEY_ID, EmbeddedS3.SECRET_ACCESS_KEY),
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
    void stop() {
        if (server != null) {
            stopService();
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

    @Test
    void shouldImportDynamoDbJsonGzipWithEveryType() throws Exception {
        String prefix = put("json-gz/", "part-0.json.gz", gzip(RICH_JSON));
        ImportTableDescription done = importAndWait(prefix, InputFormat.DYNAMODB_JSON, InputCompressionType.GZIP, null);
        assertEquals(ImportStatus.COMPLETED, done.importStatus(), String.valueOf(done.failureMessage()));
        assertEquals(3, done.processedItemCount());
        assertEquals(3, done.importedItemCount());
        assertEquals(0, done.errorCount());
        assertEquals(RICH_JSON.getBytes(StandardCharsets.UTF_8).length, done.processedSizeBytes());
        assertEquals(normalised(richItems()), normalised(scan(done)));
    }

    @Test
    void shouldImportIonZstdWithEveryType() throws Exception {
        String prefix = put("ion-zstd/", "part-0.ion.zst", zstd(RICH_ION));
        ImportTableDescription done = importAndWait(prefix, InputFormat.ION, InputCompressionType.ZSTD, null);
        assertEquals(ImportStatus.COMPLETED, done.importStatus(), String.valueOf(done.failureMessage()));
        assertEquals(3, done.importedItemCount());
        assertEquals(normalised(richItems()), normalised(scan(done)));
    }

    @Test
    void shouldImportCsvWithKeysTypedAndOtherColumnsAsStrings() throws Exception {
        String csv = "pk,name,count\n1,\"Smith, J\",10\n2,\u00fcnicode \u2713,\n3,\"multi\nline\",7\n";
        String prefix = put("csv/", "a.csv", csv.getBytes(StandardCharsets.UTF_8));
        ImportTableDescription done = importAndWait(prefix, InputFormat.CSV, InputCompressionType.NONE, "N");
        assertEquals(ImportStatus.COMPLETED, done.importStatus(), String.valueOf(done.failureMessage()));
        assertEquals(3, done.importedItemCount());
        List<Map<String, AttributeValue>> expected = List.of(
                Map.of("pk", n("1"), "name", s("Smith, J"), "count", s("10")),
                Map.of("pk", n("2"), "name", s("\u00fcnicode \u2713")),
                Map.of("pk", n("3"), "name", s("multi\nline"), "count", s("7")));
        assertEquals(normalised(expected), normalised(scan(done)));
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
            java.util.concurrent.locks.LockSupport.parkNanos(
                    Duration.ofMillis(200).toNanos());
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

    private static int[] freePorts(int n) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[n];
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0);
                sockets.add(s);
                ports[i] = s.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket s : sockets) {
                s.close();
            }
        }
    }
}
