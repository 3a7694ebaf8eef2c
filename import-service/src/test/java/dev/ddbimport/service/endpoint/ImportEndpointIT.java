package dev.ddbimport.service.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ddbimport.core.model.ModelJson;
import dev.ddbimport.core.pipeline.ImportStatus;
import dev.ddbimport.core.pipeline.ImportTopics;
import dev.ddbimport.core.pipeline.StageCounters;
import dev.ddbimport.service.imports.ImportCounters;
import dev.ddbimport.service.imports.ImportRecord;
import dev.ddbimport.service.imports.ImportServiceSettings;
import dev.ddbimport.service.stack.EmbeddedDynamoDb;
import dev.ddbimport.service.stack.EmbeddedKafka;
import dev.ddbimport.service.stack.PortChooser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ImportConflictException;
import software.amazon.awssdk.services.dynamodb.model.ImportNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ImportSummary;
import software.amazon.awssdk.services.dynamodb.model.ImportTableDescription;
import software.amazon.awssdk.services.dynamodb.model.ImportTableRequest;
import software.amazon.awssdk.services.dynamodb.model.LimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.ListImportsResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/**
 * The endpoint through the real AWS SDK v2 client, on a real Kafka broker and DynamoDB Local. The
 * orchestrator only records what it is asked, so imports stay IN_PROGRESS until a test ends them
 * itself, as the pipeline orchestrator will.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImportEndpointIT {

    private static final Pattern IMPORT_ARN =
            Pattern.compile("arn:aws:dynamodb:us-east-1:000000000000:table/([^/]+)/import/[0-9]{14}-[0-9a-f]{8}");
    private static final String REGION = "us-east-1";

    @TempDir
    static Path temp;

    private EmbeddedKafka kafka;
    private EmbeddedDynamoDb dynamoDbLocal;
    private RecordingOrchestrator orchestrator;
    private ImportEndpointServer server;
    private DynamoDbClient client;
    private DynamoDbClient direct;

    @BeforeAll
    void start() throws IOException {
        int[] ports = PortChooser.freePorts(3);
        kafka = EmbeddedKafka.start(temp.resolve("kafka"), ports[0], ports[1]);
        dynamoDbLocal = EmbeddedDynamoDb.start(null, ports[2]);
        orchestrator = new RecordingOrchestrator();
        startServer();
        direct = client(dynamoDbLocal.endpoint(), "any", "any");
    }

    private void startServer() {
        server = ImportEndpointServer.start(
                kafka.bootstrapServers(),
                EndpointSettings.local(0, dynamoDbLocal.endpoint(), REGION),
                ImportServiceSettings.defaults(),
                orchestrator);
        client = client(server.uri(), "local", "local");
    }

    @AfterAll
    void stop() {
        for (AutoCloseable c : new AutoCloseable[] {client, direct, server, dynamoDbLocal, kafka}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // keep closing the rest
            }
        }
    }

    private static DynamoDbClient client(URI endpoint, String key, String secret) {
        return DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(key, secret)))
                .build();
    }

    private static String tableName() {
        return "t_" + UUID.randomUUID().toString().replace("-", "");
    }

    private static ImportTableRequest.Builder request(String table) {
        return ImportTableRequest.builder()
                .s3BucketSource(s -> s.s3Bucket("my-bucket").s3KeyPrefix("data/"))
                .inputFormat("DYNAMODB_JSON")
                .tableCreationParameters(t -> t.tableName(table)
                        .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                        .keySchema(k -> k.attributeName("pk").keyType("HASH"))
                        .billingMode("PAY_PER_REQUEST"));
    }

    private ImportTableDescription importTable(String table) {
        return client.importTable(request(table).build()).importTableDescription();
    }

    private void createTableDirectly(String table) {
        direct.createTable(t -> t.tableName(table)
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("pk").keyType("HASH"))
                .billingMode("PAY_PER_REQUEST"));
    }

    /** Ends every running import as an orchestrator would, with exact counters. */
    private void endAllRunning() {
        for (ImportRecord r : server.registry().all()) {
            if (r.running()) {
                server.service()
                        .end(r.importId(), ImportStatus.COMPLETED, null, null, new ImportCounters(1L, 1, 1, 0, 1, 0));
            }
        }
    }

    private <E extends DynamoDbException> E rejected(Class<E> type, Runnable call) {
        return assertThrows(type, call::run);
    }

    private static String message(DynamoDbException e) {
        return e.awsErrorDetails().errorMessage();
    }

    @Test
    void shouldAcceptAnImportAndDescribeItWithEveryMemberEchoed() {
        String table = tableName();
        ImportTableRequest sent = request(table)
                .clientToken("token-" + table)
                .inputFormat("CSV")
                .inputFormatOptions(o -> o.csv(c -> c.delimiter(";").headerList("pk", "v")))
                .inputCompressionType("GZIP")
                .build();
        ImportTableDescription accepted = client.importTable(sent).importTableDescription();

        assertTrue(IMPORT_ARN.matcher(accepted.importArn()).matches(), accepted.importArn());
        assertEquals("arn:aws:dynamodb:us-east-1:000000000000:table/" + table, accepted.tableArn());
        assertTrue(accepted.importArn().startsWith(accepted.tableArn() + "/import/"));
        UUID.fromString(accepted.tableId());
        assertEquals("IN_PROGRESS", accepted.importStatusAsString());
        assertEquals("token-" + table, accepted.clientToken());
        assertEquals("my-bucket", accepted.s3BucketSource().s3Bucket());
        assertEquals("data/", accepted.s3BucketSource().s3KeyPrefix());
        assertEquals("000000000000", accepted.s3BucketSource().s3BucketOwner());
        assertEquals("CSV", accepted.inputFormatAsString());
        assertEquals(";", accepted.inputFormatOptions().csv().delimiter());
        assertEquals(List.of("pk", "v"), accepted.inputFormatOptions().csv().headerList());
        assertEquals("GZIP", accepted.inputCompressionTypeAsString());
        assertEquals(table, accepted.tableCreationParameters().tableName());
        assertEquals("PAY_PER_REQUEST", accepted.tableCreationParameters().billingModeAsString());
        assertEquals("pk", accepted.tableCreationParameters().keySchema().get(0).attributeName());
        assertEquals(
                "arn:aws:logs:us-east-1:000000000000:log-group:/aws-dynamodb/imports:*",
                accepted.cloudWatchLogGroupArn());
        assertNotNull(accepted.startTime());
        assertNull(accepted.endTime());
        assertNull(accepted.processedSizeBytes());
        assertNull(accepted.failureCode());
        assertEquals(0L, accepted.processedItemCount());
        assertEquals(0L, accepted.importedItemCount());
        assertEquals(0L, accepted.errorCount());
        assertTrue(orchestrator.started.stream().anyMatch(r -> r.importArn().equals(accepted.importArn())));

        ImportTableDescription described =
                client.describeImport(r -> r.importArn(accepted.importArn())).importTableDescription();
        assertEquals(accepted, described);
    }

    @Test
    void shouldReportLiveCountersFromTheProgressTopic() throws Exception {
        ImportTableDescription accepted = importTable(tableName());
        String importId = accepted.importArn().substring(accepted.importArn().lastIndexOf('/') + 1);
        String topic = new ImportTopics(importId).progress();
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            // an older snapshot of parse/0, replaced by the newer one; parse/1 and dedupe/0 add up
            producer.send(new ProducerRecord<>(
                    topic, 0, StageCounters.parseKey(0), parse(100, 1, 0).toJson()));
            producer.send(new ProducerRecord<>(
                    topic, 0, StageCounters.parseKey(0), parse(300, 5, 1).toJson()));
            producer.send(new ProducerRecord<>(
                    topic, 1, StageCounters.parseKey(1), parse(200, 4, 0).toJson()));
            producer.send(new ProducerRecord<>(
                    topic,
                    1,
                    StageCounters.dedupeKey(0),
                    new StageCounters(0, 0, 0, Map.of(), 0, 0, 8, 6, 2, 0).toJson()));
            producer.flush();
        }
        ImportTableDescription live =
                client.describeImport(r -> r.importArn(accepted.importArn())).importTableDescription();
        assertEquals(500L, live.processedSizeBytes());
        assertEquals(9L, live.processedItemCount());
        assertEquals(1L, live.errorCount());
        assertEquals(8L, live.importedItemCount());
        assertEquals("IN_PROGRESS", live.importStatusAsString());

        JsonNode raw = ModelJson.mapper()
                .readTree(post("DescribeImport", "{\"ImportArn\":\"" + accepted.importArn() + "\"}")
                        .body())
                .path("ImportTableDescription");
        assertEquals(6, raw.path("DistinctKeyCount").asLong());
        assertEquals(2, raw.path("SupersededDuplicateCount").asLong());
    }

    private static StageCounters parse(long bytes, long items, long errors) {
        return new StageCounters(bytes, items, errors, Map.of(), 0, 0, 0, 0, 0, 0);
    }

    @Test
    void shouldReturnDynamoDbsValidationMessagesThroughTheWire() {
        DynamoDbException shortName = rejected(DynamoDbException.class, () -> importTable("ab"));
        assertEquals("ValidationException", shortName.awsErrorDetails().errorCode());
        assertEquals(400, shortName.statusCode());
        assertEquals(
                "1 validation error detected: Value 'ab' at 'tableCreationParameters.tableName' failed to satisfy"
                        + " constraint: Member must have length greater than or equal to 3",
                message(shortName));

        DynamoDbException options = rejected(
                DynamoDbException.class,
                () -> client.importTable(request(tableName())
                        .inputFormatOptions(o -> o.csv(c -> c.delimiter(",")))
                        .build()));
        assertEquals(
                "Invalid Request: Unsupported InputFormatOptions for the given input format: DYNAMODB_JSON.",
                message(options));

        DynamoDbException compression = rejected(
                DynamoDbException.class,
                () -> client.importTable(
                        request(tableName()).inputCompressionType("BZIP2").build()));
        assertTrue(
                message(compression).contains("at 'inputCompressionType' failed to satisfy constraint"),
                message(compression));

        DynamoDbException token = rejected(
                DynamoDbException.class,
                () -> client.importTable(
                        request(tableName()).clientToken("has$dollar").build()));
        assertTrue(message(token).contains("at 'clientToken'"), message(token));
    }

    @Test
    void shouldReplayAClientTokenAndRefuseAnotherTableWithIt() {
        String table = tableName();
        String token = "replay-" + table;
        ImportTableDescription first =
                client.importTable(request(table).clientToken(token).build()).importTableDescription();
        int startedBefore = orchestrator.started.size();

        // DynamoDB returns the original import and ignores every other changed member
        ImportTableDescription replay = client.importTable(request(table)
                        .clientToken(token)
                        .inputFormat("ION")
                        .inputCompressionType("ZSTD")
                        .s3BucketSource(s -> s.s3Bucket("other-bucket").s3KeyPrefix("x"))
                        .build())
                .importTableDescription();
        assertEquals(first.importArn(), replay.importArn());
        assertEquals(first.tableId(), replay.tableId());
        assertEquals("DYNAMODB_JSON", replay.inputFormatAsString());
        assertEquals(startedBefore, orchestrator.started.size());

        ImportConflictException conflict = rejected(
                ImportConflictException.class,
                () -> client.importTable(request(tableName()).clientToken(token).build()));
        assertEquals("Import conflict: Duplicate request detected with conflicting parameters", message(conflict));

        // once ended, its table exists: a replay is ResourceInUseException; with the table gone, the old import
        createTableDirectly(table);
        server.service().end(importId(first), ImportStatus.COMPLETED, null, null, ImportCounters.NONE);
        ResourceInUseException inUse = rejected(
                ResourceInUseException.class,
                () -> client.importTable(request(table).clientToken(token).build()));
        assertEquals("Table already exists: " + table, message(inUse));
        direct.deleteTable(t -> t.tableName(table));
        ImportTableDescription afterDelete =
                client.importTable(request(table).clientToken(token).build()).importTableDescription();
        assertEquals(first.importArn(), afterDelete.importArn());
        assertEquals("COMPLETED", afterDelete.importStatusAsString());
        assertNotNull(afterDelete.endTime());
    }

    private static String importId(ImportTableDescription d) {
        return d.importArn().substring(d.importArn().lastIndexOf('/') + 1);
    }

    @Test
    void shouldRefuseAnExistingTableOrOneAnotherImportIsCreating() {
        String existing = tableName();
        createTableDirectly(existing);
        ResourceInUseException e = rejected(ResourceInUseException.class, () -> importTable(existing));
        assertEquals("Table already exists: " + existing, message(e));

        String importing = tableName();
        importTable(importing);
        ResourceInUseException again = rejected(ResourceInUseException.class, () -> importTable(importing));
        assertEquals("Table already exists: " + importing, message(again));
    }

    @Test
    void shouldTellMalformedFromUnknownImportArns() {
        DynamoDbException malformed = rejected(
                DynamoDbException.class,
                () -> client.describeImport(r ->
                        r.importArn("arn:aws:dynamodb:us-east-1:000000000000:table/x/import/01658528578619-c4d4e311")));
        assertEquals("ValidationException", malformed.awsErrorDetails().errorCode());
        assertEquals("Invalid Import ARN", message(malformed));

        DynamoDbException tableArn = rejected(
                DynamoDbException.class,
                () -> client.describeImport(r -> r.importArn("arn:aws:dynamodb:us-east-1:000000000000:table/Music")));
        assertEquals("Invalid Import ARN", message(tableArn));

        String unknown = "arn:aws:dynamodb:us-east-1:000000000000:table/Music/import/01658528578619-0badf00d";
        ImportNotFoundException notFound =
                rejected(ImportNotFoundException.class, () -> client.describeImport(r -> r.importArn(unknown)));
        assertEquals(400, notFound.statusCode());
    }

    @Test
    void shouldPageThirtyImportsNewestFirstWithoutRepeats() {
        endAllRunning();
        Set<String> ours = new HashSet<>();
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String arn = importTable(tableName()).importArn();
            ours.add(arn);
            created.add(arn);
        }
        List<ImportSummary> listed = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            String next = token;
            ListImportsResponse page = client.listImports(r -> r.pageSize(7).nextToken(next));
            assertTrue(page.importSummaryList().size() <= 7);
            listed.addAll(page.importSummaryList());
            token = page.nextToken();
            if (token != null) {
                assertTrue(token.matches("([0-9a-f]{16})+") && token.length() >= 112, token);
                // an import started between pages must not shift the pages
                if (pages == 0) {
                    importTable(tableName());
                }
            }
            pages++;
        } while (token != null);

        List<String> arns = listed.stream().map(ImportSummary::importArn).toList();
        assertEquals(arns.size(), new HashSet<>(arns).size(), "an import was listed twice");
        List<String> oursInOrder = arns.stream().filter(ours::contains).toList();
        List<String> newestFirst = new ArrayList<>(created);
        java.util.Collections.reverse(newestFirst);
        assertEquals(newestFirst, oursInOrder);
        for (int i = 1; i < listed.size(); i++) {
            assertFalse(listed.get(i).startTime().isAfter(listed.get(i - 1).startTime()));
        }

        ImportSummary summary = listed.get(arns.indexOf(created.get(0)));
        assertEquals("IN_PROGRESS", summary.importStatusAsString());
        assertEquals("my-bucket", summary.s3BucketSource().s3Bucket());
        assertEquals("DYNAMODB_JSON", summary.inputFormatAsString());
        assertNotNull(summary.cloudWatchLogGroupArn());
        assertNull(summary.endTime());
    }

    @Test
    void shouldListOnlySummaryMembersAndFilterByTableArn() throws Exception {
        String table = tableName();
        ImportTableDescription mine = importTable(table);
        importTable(tableName());
        ListImportsResponse filtered = client.listImports(r -> r.tableArn(mine.tableArn()));
        assertEquals(
                List.of(mine.importArn()),
                filtered.importSummaryList().stream()
                        .map(ImportSummary::importArn)
                        .toList());
        assertNull(filtered.nextToken());

        JsonNode raw = ModelJson.mapper()
                .readTree(post("ListImports", "{\"TableArn\":\"" + mine.tableArn() + "\"}")
                        .body())
                .path("ImportSummaryList")
                .get(0);
        Set<String> members = new HashSet<>();
        raw.fieldNames().forEachRemaining(members::add);
        assertEquals(
                Set.of(
                        "ImportArn",
                        "ImportStatus",
                        "TableArn",
                        "S3BucketSource",
                        "CloudWatchLogGroupArn",
                        "InputFormat",
                        "StartTime"),
                members);
    }

    @Test
    void shouldRefuseBadPageSizesAndTokens() {
        for (int size : new int[] {0, 26}) {
            DynamoDbException e = rejected(DynamoDbException.class, () -> client.listImports(r -> r.pageSize(size)));
            assertEquals("ValidationException", e.awsErrorDetails().errorCode());
            assertTrue(message(e).contains("at 'pageSize'"), message(e));
        }
        for (String token : List.of("0".repeat(111), "0".repeat(112), "0".repeat(1025), "g".repeat(112))) {
            DynamoDbException e = rejected(DynamoDbException.class, () -> client.listImports(r -> r.nextToken(token)));
            assertEquals("ValidationException", e.awsErrorDetails().errorCode());
            assertTrue(message(e).contains("extToken"), message(e));
        }
    }

    @Test
    void shouldCancelAnImportInProgress() throws Exception {
        ImportTableDescription accepted = importTable(tableName());
        HttpResponse<String> response = post("CancelImport", "{\"ImportArn\":\"" + accepted.importArn() + "\"}");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(
                "CANCELLING",
                ModelJson.mapper()
                        .readTree(response.body())
                        .path("ImportTableDescription")
                        .path("ImportStatus")
                        .asText());
        assertTrue(orchestrator.cancelled.stream().anyMatch(r -> r.importArn().equals(accepted.importArn())));
        assertEquals(
                "CANCELLING",
                client.describeImport(r -> r.importArn(accepted.importArn()))
                        .importTableDescription()
                        .importStatusAsString());
    }

    @Test
    void shouldRefuseMoreThanFiftyImportsInProgress() {
        endAllRunning();
        for (int i = 0; i < 50; i++) {
            importTable(tableName());
        }
        LimitExceededException e = rejected(LimitExceededException.class, () -> importTable(tableName()));
        assertTrue(message(e).contains("50"), message(e));
        endAllRunning();
        importTable(tableName());
    }

    @Test
    void shouldForwardEveryOtherOperationToTheBackend() {
        String table = tableName();
        client.createTable(t -> t.tableName(table)
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("pk").keyType("HASH"))
                .billingMode("PAY_PER_REQUEST"));
        client.putItem(
                p -> p.tableName(table).item(Map.of("pk", AttributeValue.fromS("a"), "n", AttributeValue.fromN("1"))));
        assertEquals(1, client.scan(s -> s.tableName(table)).count());
        assertEquals(
                "1",
                direct.getItem(g -> g.tableName(table).key(Map.of("pk", AttributeValue.fromS("a"))))
                        .item()
                        .get("n")
                        .n());
        DynamoDbException missing =
                rejected(DynamoDbException.class, () -> client.describeTable(d -> d.tableName("nope_nope")));
        assertEquals("ResourceNotFoundException", missing.awsErrorDetails().errorCode());
    }

    @Test
    void shouldReportTheTableOfARunningImportAsCreating() {
        String table = tableName();
        ImportTableDescription accepted = importTable(table);
        createTableDirectly(table); // as the orchestrator will
        assertEquals(
                TableStatus.CREATING,
                client.describeTable(d -> d.tableName(table)).table().tableStatus());
        assertEquals(
                TableStatus.ACTIVE,
                direct.describeTable(d -> d.tableName(table)).table().tableStatus());
        server.service().end(importId(accepted), ImportStatus.COMPLETED, null, null, ImportCounters.NONE);
        assertEquals(
                TableStatus.ACTIVE,
                client.describeTable(d -> d.tableName(table)).table().tableStatus());
    }

    @Test
    void shouldCheckSignaturesWhenKeysAreConfigured() {
        EndpointSettings signed = EndpointSettings.local(0, dynamoDbLocal.endpoint(), REGION)
                .withClientKeys(List.of(new AccessKey("AKIDTEST", "right-secret")));
        try (DynamoDbEndpoint checked = DynamoDbEndpoint.start(signed, server.service(), Clock.systemUTC());
                DynamoDbClient good = client(checked.uri(), "AKIDTEST", "right-secret");
                DynamoDbClient wrongSecret = client(checked.uri(), "AKIDTEST", "wrong-secret");
                DynamoDbClient unknownKey = client(checked.uri(), "AKIDOTHER", "right-secret")) {
            good.listImports(r -> r.pageSize(1));
            good.listTables();
            DynamoDbException badSignature = rejected(DynamoDbException.class, () -> wrongSecret.listTables());
            assertEquals(
                    "InvalidSignatureException", badSignature.awsErrorDetails().errorCode());
            assertTrue(message(badSignature).startsWith("The request signature we calculated does not match"));
            DynamoDbException unknown =
                    rejected(DynamoDbException.class, () -> unknownKey.listImports(r -> r.pageSize(1)));
            assertEquals(
                    "UnrecognizedClientException", unknown.awsErrorDetails().errorCode());
            assertEquals("The security token included in the request is invalid.", message(unknown));
        }
    }

    @Test
    void shouldReSignForABackendThatChecksSignatures() {
        AccessKey clientKey = new AccessKey("AKIDCLIENT", "client-secret");
        AccessKey backendKey = new AccessKey("AKIDBACKEND", "backend-secret");
        String table = tableName();
        createTableDirectly(table);
        // the backend: checks signatures as DynamoDB does, knows the backend key only
        EndpointSettings checking =
                EndpointSettings.local(0, dynamoDbLocal.endpoint(), REGION).withClientKeys(List.of(backendKey));
        try (DynamoDbEndpoint backend = DynamoDbEndpoint.start(checking, server.service(), Clock.systemUTC());
                ImportEndpointServer front = ImportEndpointServer.start(
                        kafka.bootstrapServers(),
                        new EndpointSettings("127.0.0.1", 0, backend.uri(), null, List.of(clientKey), REGION)
                                .withBackendKey(backendKey),
                        ImportServiceSettings.defaults(),
                        orchestrator);
                DynamoDbClient viaFront = client(front.uri(), clientKey.accessKeyId(), clientKey.secretAccessKey())) {
            // forwarded calls, re-signed with the backend key
            viaFront.putItem(p -> p.tableName(table).item(Map.of("pk", AttributeValue.fromS("re-signed"))));
            assertEquals(
                    "re-signed",
                    viaFront.getItem(g -> g.tableName(table).key(Map.of("pk", AttributeValue.fromS("re-signed"))))
                            .item()
                            .get("pk")
                            .s());
            // the endpoint's own call (DescribeTable of the target) is signed with the backend key too
            ResourceInUseException exists = rejected(
                    ResourceInUseException.class,
                    () -> viaFront.importTable(request(table).build()));
            assertEquals("Table already exists: " + table, message(exists));
        }
    }

    @Test
    void shouldAnswerFromTheRegistryAfterARestart() {
        ImportTableDescription before = importTable(tableName());
        server.close();
        client.close();
        startServer();
        ImportTableDescription after =
                client.describeImport(r -> r.importArn(before.importArn())).importTableDescription();
        assertEquals(before, after);
        assertTrue(client.listImports(r -> r.tableArn(before.tableArn())).importSummaryList().stream()
                .anyMatch(s -> s.importArn().equals(before.importArn())));
    }

    @Test
    void shouldWorkWithTheAwsCli() throws Exception {
        String aws = findAwsCli();
        Assumptions.assumeTrue(aws != null, "no AWS CLI installed");
        String table = tableName();
        String tableParams = "{\"TableName\":\"" + table + "\",\"AttributeDefinitions\":[{\"AttributeName\":\"pk\","
                + "\"AttributeType\":\"S\"}],\"KeySchema\":[{\"AttributeName\":\"pk\",\"KeyType\":\"HASH\"}],"
                + "\"BillingMode\":\"PAY_PER_REQUEST\"}";
        JsonNode imported = runCli(
                aws,
                List.of(
                        "dynamodb",
                        "import-table",
                        "--input-format",
                        "CSV",
                        "--s3-bucket-source",
                        "S3Bucket=cli-bucket",
                        "--table-creation-parameters",
                        tableParams));
        String arn = imported.path("ImportTableDescription").path("ImportArn").asText();
        assertTrue(IMPORT_ARN.matcher(arn).matches(), imported.toString());
        JsonNode described = runCli(aws, List.of("dynamodb", "describe-import", "--import-arn", arn));
        assertEquals(
                "IN_PROGRESS",
                described.path("ImportTableDescription").path("ImportStatus").asText());
        assertEquals(
                table,
                described
                        .path("ImportTableDescription")
                        .path("TableCreationParameters")
                        .path("TableName")
                        .asText());
    }

    private static String findAwsCli() {
        for (String candidate : List.of("/usr/bin/aws", "aws")) {
            try {
                Process p = new ProcessBuilder(candidate, "--version")
                        .redirectErrorStream(true)
                        .start();
                p.getInputStream().readAllBytes();
                if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return candidate;
                }
            } catch (IOException e) {
                // not installed here; try the next
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    private JsonNode runCli(String aws, List<String> args) throws Exception {
        List<String> command = new ArrayList<>(List.of(aws));
        command.addAll(args);
        command.addAll(List.of("--endpoint-url", server.uri().toString(), "--region", REGION, "--output", "json"));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("AWS_ACCESS_KEY_ID", "local");
        builder.environment().put("AWS_SECRET_ACCESS_KEY", "local");
        builder.environment().put("AWS_PAGER", "");
        builder.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = builder.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the AWS CLI did not finish");
        assertEquals(0, p.exitValue(), new String(out, StandardCharsets.UTF_8));
        return ModelJson.mapper().readTree(out);
    }

    /** A raw AWS JSON 1.0 call (open mode needs no signature), for our CancelImport and raw members. */
    private HttpResponse<String> post(String operation, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(server.uri())
                .header("Content-Type", "application/x-amz-json-1.0")
                .header("X-Amz-Target", "DynamoDB_20120810." + operation)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .timeout(Duration.ofSeconds(30))
                .build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }
}
