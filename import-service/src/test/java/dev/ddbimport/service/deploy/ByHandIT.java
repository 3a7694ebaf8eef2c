package dev.ddbimport.service.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ddbimport.core.error.ErrorRecord;
import dev.ddbimport.core.model.ModelJson;
import dev.ddbimport.core.pipeline.ImportTopics;
import dev.ddbimport.service.cli.DdbImportCli;
import dev.ddbimport.service.orchestration.S3Settings;
import dev.ddbimport.service.stack.EmbeddedS3;
import dev.ddbimport.service.stack.EmbeddedStack;
import dev.ddbimport.service.stack.StackSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.tools.TopicCommand;
import org.apache.kafka.tools.consumer.group.ConsumerGroupCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * "Running the pipeline by hand" (deploy/connectors/README.md) step by step on the embedded stack:
 * the sample data put in S3, the transform's jar run with the folder's properties and import
 * definition, the exact connector files POSTed to Connect's REST API, then the items in DynamoDB
 * Local, the dead letters on the errors topic, and the README's clean-up steps (Kafka's own topic and
 * group commands).
 */
class ByHandIT {

    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String SOURCE_NAME = "ddbimport-books-by-hand-source";
    private static final String SINK_NAME = "ddbimport-books-by-hand-sink";
    private static final ImportTopics TOPICS = new ImportTopics("books-by-hand");
    private static final String BAD_OBJECT = "books/books-with-errors.json";

    @TempDir
    Path temp;

    @Test
    void shouldImportThroughTheFilesOfTheDeployFolderAsTheReadmeSays() throws Exception {
        ByHandFiles.assertEmbeddedDefaults();
        assertFilesDescribeOneImport();
        String readme = ByHandFiles.read(ByHandFiles.README);
        assertTrue(readme.contains("http://" + ByHandFiles.DEFAULT_CONNECT + "/connectors"), "Connect URL in README");

        StackSettings settings = StackSettings.onFreePorts(temp.resolve("data"), temp.resolve("s3"), true);
        try (EmbeddedStack stack = EmbeddedStack.start(settings)) {
            // 1. the sample data in S3 (the README: aws s3 mb, aws s3 cp)
            try (S3Client s3 = S3Settings.local(
                            stack.s3().endpoint(), EmbeddedS3.ACCESS_KEY_ID, EmbeddedS3.SECRET_ACCESS_KEY)
                    .client()) {
                s3.createBucket(b -> b.bucket("books"));
                for (String name : List.of("books.json", "books-with-errors.json")) {
                    s3.putObject(
                            b -> b.bucket("books").key("books/" + name),
                            RequestBody.fromFile(Path.of("../samples/books", name)));
                }
            }

            // 2. the transform, from its jar, with the folder's properties and definition
            Path properties = temp.resolve("stream-transform.properties");
            Files.writeString(properties, ByHandFiles.forStack(ByHandFiles.read(ByHandFiles.PROPERTIES), stack));
            Path log = temp.resolve("transform.log");
            Process transform = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-jar",
                            transformJar().toString(),
                            "--properties",
                            properties.toString(),
                            "--import",
                            ByHandFiles.IMPORT.toString(),
                            "--state-dir",
                            temp.resolve("transform-state").toString(),
                            "--http-port",
                            "0")
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            try {
                awaitTrue(
                        "the transform's start line in " + log,
                        () -> logText(log).contains("stream-transform: import books-by-hand from "));

                // 3. POST the sink, then the source: the exact files (host:port aside)
                URI connect = stack.connect().restUrl();
                for (Path file : List.of(ByHandFiles.SINK, ByHandFiles.SOURCE)) {
                    HttpResponse<String> created = HTTP.send(
                            HttpRequest.newBuilder(connect.resolve("connectors"))
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(
                                            ByHandFiles.forStack(ByHandFiles.read(file), stack)))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertEquals(201, created.statusCode(), file + ": " + created.body());
                }

                // 4. the items land, the connectors run, the dead letters are there
                try (DynamoDbClient dynamoDb = DynamoDbClient.builder()
                        .endpointOverride(stack.dynamoDb().endpoint())
                        .region(Region.US_EAST_1)
                        .credentialsProvider(
                                StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                        .build()) {
                    Map<String, JsonNode> expected = validItems();
                    awaitTrue(
                            () -> expected.size() + " items in Books; " + diagnostics(stack, log),
                            () -> count(dynamoDb) == expected.size());
                    assertEquals(expected, scan(dynamoDb));
                }
                for (String name : List.of(SINK_NAME, SOURCE_NAME)) {
                    JsonNode status = json(get(connect.resolve("connectors/" + name + "/status")));
                    assertEquals(
                            "RUNNING", status.path("connector").path("state").asText(), status.toString());
                    for (JsonNode task : status.path("tasks")) {
                        assertEquals("RUNNING", task.path("state").asText(), status.toString());
                    }
                }
                assertDeadLetters(stack.kafka().bootstrapServers());
                assertErrorsCommand(stack.kafka().bootstrapServers());
                assertTrue(transform.isAlive(), logText(log));

                // 5. clean up: delete the connectors, stop the transform, delete topics and groups
                for (String name : List.of(SOURCE_NAME, SINK_NAME)) {
                    HttpResponse<String> deleted = HTTP.send(
                            HttpRequest.newBuilder(connect.resolve("connectors/" + name))
                                    .DELETE()
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertEquals(204, deleted.statusCode(), name + ": " + deleted.body());
                }
                awaitTrue("no connectors", () -> "[]".equals(get(connect.resolve("connectors"))));
            } finally {
                transform.destroy(); // SIGTERM, the README's Ctrl-C
                if (!transform.waitFor(30, TimeUnit.SECONDS)) {
                    transform.destroyForcibly();
                }
            }
            assertEquals(143, transform.exitValue(), logText(log));
            assertCleanUp(stack.kafka().bootstrapServers());
        }
    }

    /** The connector files and the transform's definition name the same import, table and topics. */
    private static void assertFilesDescribeOneImport() throws IOException {
        JsonNode definition = ByHandFiles.json(ByHandFiles.read(ByHandFiles.IMPORT));
        JsonNode source = ByHandFiles.json(ByHandFiles.read(ByHandFiles.SOURCE));
        JsonNode sink = ByHandFiles.json(ByHandFiles.read(ByHandFiles.SINK));
        assertEquals(SOURCE_NAME, source.get("name").asText());
        assertEquals(SINK_NAME, sink.get("name").asText());
        JsonNode s = source.get("config");
        JsonNode k = sink.get("config");
        assertEquals(TOPICS.importId(), definition.get("ImportId").asText());
        assertEquals(TOPICS.importId(), s.get("import.id").asText());
        assertEquals(TOPICS.chunks(), s.get("topic").asText());
        assertEquals(TOPICS.manifest(), s.get("manifest.topic").asText());
        assertEquals(
                definition.at("/S3BucketSource/S3Bucket").asText(),
                s.get("s3.bucket").asText());
        assertEquals(
                definition.at("/S3BucketSource/S3KeyPrefix").asText(),
                s.get("s3.prefix").asText());
        assertEquals(
                definition.get("InputFormat").asText(), s.get("input.format").asText());
        assertEquals(
                definition.get("InputCompressionType").asText(),
                s.get("input.compression").asText());
        assertEquals(TOPICS.items(), k.get("topics").asText());
        assertEquals(TOPICS.errors(), k.get("errors.deadletterqueue.topic.name").asText());
        assertEquals("true", k.get("table.create").asText());
        assertEquals(definition.get("ImportArn").asText(), k.get("import.arn").asText());
        assertEquals(
                definition.get("TableCreationParameters"),
                ByHandFiles.json(k.get("table.creation.parameters").asText()));
        assertEquals(
                definition.at("/TableCreationParameters/TableName").asText(),
                k.get("table.name").asText());
    }

    /** Every bad record of the sample: one JSON dead letter with its exact pointer, keyed by object key. */
    private void assertDeadLetters(String bootstrapServers) throws Exception {
        List<ConsumerRecord<byte[], byte[]>> letters = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed"),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(TOPICS.errors()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            while (letters.size() < 5 && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(letters::add);
            }
            // then on to the topic's end: a bad record dead-lettered twice would be a sixth letter
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
                    && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(letters::add);
            }
        }
        assertEquals(5, letters.size(), "dead letters on " + TOPICS.errors());
        Map<Long, String> codes = new TreeMap<>();
        Map<Long, Long> offsets = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> r : letters) {
            assertEquals(BAD_OBJECT, new String(r.key(), StandardCharsets.UTF_8));
            ErrorRecord e = ModelJson.read(r.value(), ErrorRecord.class);
            assertEquals("books", e.itemS3Pointer().bucket());
            assertEquals(BAD_OBJECT, e.itemS3Pointer().key());
            assertEquals("arn:aws:dynamodb:us-east-1:000000000000:table/Books/import/books-by-hand", e.importArn());
            codes.put(e.itemS3Pointer().itemIndex(), e.errorCode().name());
            offsets.put(e.itemS3Pointer().itemIndex(), e.offset());
        }
        assertEquals(
                Map.of(
                        1L, "MISSING_KEY",
                        2L, "KEY_TYPE_MISMATCH",
                        3L, "INDEX_KEY_TYPE_MISMATCH",
                        4L, "JSON_SYNTAX",
                        5L, "JSON_MISSING_ITEM"),
                codes);
        assertEquals(Map.of(1L, 81L, 2L, 147L, 3L, 205L, 4L, 286L, 5L, 338L), offsets);
    }

    /** The README's {@code ddbimport errors --import-id books-by-hand} shows the five dead letters. */
    private static void assertErrorsCommand(String bootstrapServers) {
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        picocli.CommandLine cli = DdbImportCli.commandLine();
        cli.setOut(new java.io.PrintWriter(out));
        cli.setErr(new java.io.PrintWriter(err));

        int exit = cli.execute("errors", "--import-id", TOPICS.importId(), "--bootstrap-servers", bootstrapServers);

        assertEquals(DdbImportCli.EXIT_OK, exit, err.toString());
        assertTrue(err.toString().startsWith("5 dead letters"), err.toString());
        for (String line : List.of(
                BAD_OBJECT + " #1  MISSING_KEY",
                BAD_OBJECT + " #2  KEY_TYPE_MISMATCH",
                BAD_OBJECT + " #3  INDEX_KEY_TYPE_MISMATCH",
                BAD_OBJECT + " #4  JSON_SYNTAX",
                BAD_OBJECT + " #5  JSON_MISSING_ITEM")) {
            assertTrue(out.toString().contains(line + System.lineSeparator()), line + " in\n" + out);
        }
    }

    /** The README's clean-up commands, through Kafka's own tools, leave nothing of the import but its errors. */
    private static void assertCleanUp(String bootstrapServers) throws Exception {
        String transformGroup = "ddbimport-transform-" + TOPICS.importId();
        String sinkGroup = "connect-" + SINK_NAME;
        assertEquals(
                0,
                kafkaTool(
                        () -> TopicCommand.main(
                                "--bootstrap-server",
                                bootstrapServers,
                                "--delete",
                                "--topic",
                                "ddbimport\\.books-by-hand\\.(chunks|items|progress|manifest)|ddbimport-transform-books-by-hand-.*")));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            // the sink's group empties once Connect has stopped its tasks; the transform's left on SIGTERM
            awaitTrue(
                    "the groups can be deleted",
                    () -> kafkaTool(() -> ConsumerGroupCommand.main(new String[] {
                                        "--bootstrap-server",
                                        bootstrapServers,
                                        "--delete",
                                        "--group",
                                        transformGroup,
                                        "--group",
                                        sinkGroup
                                    }))
                                    == 0
                            && groups(admin).stream().noneMatch(g -> g.equals(transformGroup) || g.equals(sinkGroup)));
            awaitTrue("only the errors topic is left", () -> {
                Set<String> left = topics(admin).stream()
                        .filter(t -> t.startsWith("ddbimport.books-by-hand.")
                                || t.startsWith("ddbimport-transform-books-by-hand-"))
                        .collect(Collectors.toSet());
                return left.equals(Set.of(TOPICS.errors()));
            });
        }
    }

    /** Runs a Kafka tool's main and returns its exit status (the tools end by calling Exit); what it printed is logged. */
    private static int kafkaTool(Runnable main) {
        Integer[] status = {null};
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        java.io.PrintStream out = System.out;
        java.io.PrintStream err = System.err;
        java.io.PrintStream both = new java.io.PrintStream(printed, true, StandardCharsets.UTF_8);
        Exit.setExitProcedure((code, message) -> {
            // the first call is the tool's own; TopicCommand's main calls Exit again on our exception
            if (status[0] == null) {
                status[0] = code;
            }
            throw new ToolExited();
        });
        System.setOut(both);
        System.setErr(both);
        try {
            main.run();
        } catch (ToolExited exited) {
            // the status is recorded
        } finally {
            System.setOut(out);
            System.setErr(err);
            Exit.resetExitProcedure();
        }
        int code = status[0] == null ? 0 : status[0];
        if (code != 0) {
            err.println("Kafka tool exited with " + code + ":\n" + printed.toString(StandardCharsets.UTF_8));
        }
        return code;
    }

    private static final class ToolExited extends RuntimeException {}

    private static Set<String> topics(Admin admin) {
        try {
            return admin.listTopics().names().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Set<String> groups(Admin admin) {
        try {
            return admin.listGroups().all().get(10, TimeUnit.SECONDS).stream()
                    .map(GroupListing::groupId)
                    .collect(Collectors.toSet());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The sample's valid items by Id, as DynamoDB JSON with sets sorted and numbers normalised, the
     * last of each key winning (books.json gives Id 2 twice, the second time as "2.0").
     */
    private static Map<String, JsonNode> validItems() throws IOException {
        Map<String, JsonNode> items = new TreeMap<>();
        List<String> lines = new ArrayList<>(Files.readAllLines(Path.of("../samples/books", "books.json")));
        List<String> withErrors = Files.readAllLines(Path.of("../samples/books", "books-with-errors.json"));
        // records 1 to 5 of that object are the bad ones (assertDeadLetters)
        lines.add(withErrors.get(0));
        lines.add(withErrors.get(6));
        for (String line : lines) {
            if (!line.isBlank()) {
                JsonNode item = JSON.readTree(line).get("Item");
                items.put(number(item.path("Id").path("N").asText()), sortedSets(item));
            }
        }
        return items;
    }

    private static JsonNode sortedSets(JsonNode item) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        item.fields().forEachRemaining(f -> out.set(f.getKey(), sortedValue(f.getValue())));
        return out;
    }

    private static JsonNode sortedValue(JsonNode value) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        String type = value.fieldNames().next();
        JsonNode v = value.get(type);
        switch (type) {
            case "N" -> out.put("N", number(v.asText()));
            case "SS", "NS", "BS" -> {
                List<String> sorted = new ArrayList<>();
                v.forEach(e -> sorted.add(type.equals("NS") ? number(e.asText()) : e.asText()));
                sorted.sort(null);
                ArrayNode a = out.putArray(type);
                sorted.forEach(a::add);
            }
            case "M" -> out.set("M", sortedSets(v));
            case "L" -> {
                ArrayNode a = out.putArray("L");
                v.forEach(e -> a.add(sortedValue(e)));
            }
            default -> out.set(type, v);
        }
        return out;
    }

    /** A number as DynamoDB keeps it: "2.0" is 2. */
    private static String number(String text) {
        return new java.math.BigDecimal(text).stripTrailingZeros().toPlainString();
    }

    private static Map<String, JsonNode> scan(DynamoDbClient dynamoDb) {
        Map<String, JsonNode> items = new TreeMap<>();
        for (Map<String, AttributeValue> item : dynamoDb.scanPaginator(
                        ScanRequest.builder().tableName("Books").build())
                .items()) {
            items.put(number(item.get("Id").n()), sortedSets(toJson(item)));
        }
        return items;
    }

    private static ObjectNode toJson(Map<String, AttributeValue> item) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        item.forEach((name, value) -> out.set(name, toJson(value)));
        return out;
    }

    private static ObjectNode toJson(AttributeValue v) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        Base64.Encoder b64 = Base64.getEncoder();
        if (v.s() != null) {
            out.put("S", v.s());
        } else if (v.n() != null) {
            out.put("N", v.n());
        } else if (v.b() != null) {
            out.put("B", b64.encodeToString(v.b().asByteArray()));
        } else if (v.bool() != null) {
            out.put("BOOL", v.bool());
        } else if (Boolean.TRUE.equals(v.nul())) {
            out.put("NULL", true);
        } else if (v.hasSs()) {
            v.ss().forEach(out.putArray("SS")::add);
        } else if (v.hasNs()) {
            v.ns().forEach(out.putArray("NS")::add);
        } else if (v.hasBs()) {
            ArrayNode a = out.putArray("BS");
            v.bs().forEach(b -> a.add(b64.encodeToString(b.asByteArray())));
        } else if (v.hasM()) {
            out.set("M", toJson(v.m()));
        } else if (v.hasL()) {
            ArrayNode a = out.putArray("L");
            v.l().forEach(e -> a.add(toJson(e)));
        }
        return out;
    }

    private static int count(DynamoDbClient dynamoDb) {
        try {
            return dynamoDb.scan(b -> b.tableName("Books").select("COUNT")).count();
        } catch (software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException notYet) {
            return -1; // the sink creates the table when it starts
        }
    }

    private static Path transformJar() {
        Path configured = Path.of(System.getProperty("stream-transform.jar", "../stream-transform/target/x.jar"));
        Path jar = Files.isRegularFile(configured)
                ? configured
                : Path.of("../stream-transform/target/stream-transform.jar");
        assertTrue(
                Files.isRegularFile(jar), "the transform's jar is missing (mvn -pl stream-transform package): " + jar);
        return jar;
    }

    /** What a failed wait shows: the connectors' status, the topics' end offsets and the transform's log. */
    private static String diagnostics(EmbeddedStack stack, Path log) {
        StringBuilder text = new StringBuilder();
        URI connect = stack.connect().restUrl();
        for (String name : List.of(SOURCE_NAME, SINK_NAME)) {
            text.append(name).append(": ").append(get(connect.resolve("connectors/" + name + "/status")));
            text.append('\n');
        }
        try (Admin admin = Admin.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers()))) {
            for (String topic : TOPICS.all()) {
                Map<TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest = new java.util.HashMap<>();
                admin.describeTopics(List.of(topic))
                        .allTopicNames()
                        .get(10, TimeUnit.SECONDS)
                        .get(topic)
                        .partitions()
                        .forEach(p -> latest.put(
                                new TopicPartition(topic, p.partition()),
                                org.apache.kafka.clients.admin.OffsetSpec.latest()));
                long total = 0;
                for (var e : admin.listOffsets(latest)
                        .all()
                        .get(10, TimeUnit.SECONDS)
                        .values()) {
                    total += e.offset();
                }
                text.append(topic).append(" end offsets: ").append(total).append('\n');
            }
            text.append("sink group offsets: ")
                    .append(admin.listConsumerGroupOffsets("connect-" + SINK_NAME)
                            .partitionsToOffsetAndMetadata()
                            .get(10, TimeUnit.SECONDS))
                    .append('\n');
        } catch (Exception e) {
            text.append("topics: ").append(e).append('\n');
        }
        try (DynamoDbClient dynamoDb = DynamoDbClient.builder()
                .endpointOverride(stack.dynamoDb().endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .build()) {
            text.append("tables: ").append(dynamoDb.listTables().tableNames()).append('\n');
            text.append("scan: ")
                    .append(dynamoDb.scan(b -> b.tableName("Books")).items())
                    .append('\n');
        } catch (RuntimeException e) {
            text.append("tables: ").append(e).append('\n');
        }
        return text.append("transform log:\n").append(logText(log)).toString();
    }

    private static String get(URI uri) {
        try {
            return HTTP.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString())
                    .body();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(String text) throws IOException {
        return JSON.readTree(text);
    }

    private static String logText(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static void awaitTrue(String what, BooleanSupplier condition) throws InterruptedException {
        awaitTrue(() -> what, condition);
    }

    private static void awaitTrue(java.util.function.Supplier<String> what, BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Not within " + DEADLINE.toSeconds() + " s: " + what.get());
            }
            Thread.sleep(200); // polling interval, not synchronisation
        }
    }
}
