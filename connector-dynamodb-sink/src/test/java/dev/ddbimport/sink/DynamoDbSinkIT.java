package dev.ddbimport.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbimport.core.item.AttrValue;
import dev.ddbimport.core.item.Item;
import dev.ddbimport.core.model.ModelJson;
import dev.ddbimport.core.model.TableCreationParameters;
import dev.ddbimport.core.pipeline.ImportTopics;
import dev.ddbimport.core.validate.KeySchema;
import dev.ddbimport.core.validate.ScalarType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * The connector on a real Connect worker writing into DynamoDB Local: last version per key across
 * batches and partitions, faults injected by a proxy, a worker restart mid-import, a hand-over of
 * partitions with writes in flight, refused items on the error topic, and a clear failure without one.
 */
class DynamoDbSinkIT {

    private static final KeySchema PK_SK = KeySchema.of(
            new KeySchema.KeyAttribute("pk", ScalarType.S), new KeySchema.KeyAttribute("sk", ScalarType.N));
    private static final KeySchema PK_ONLY = KeySchema.of(new KeySchema.KeyAttribute("pk", ScalarType.S), null);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static SinkCluster cluster;
    private static DynamoDbAsyncClient dynamo;

    @BeforeAll
    static void start() throws Exception {
        cluster = SinkCluster.start();
        dynamo = cluster.dynamo.client(16);
    }

    @AfterAll
    static void stop() throws Exception {
        if (dynamo != null) {
            dynamo.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private static TableCreationParameters tableWithSortKeyAndIndexes(String table) {
        return ModelJson.read("""
                {"TableName":"%s",
                 "AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},
                   {"AttributeName":"sk","AttributeType":"N"},{"AttributeName":"g1","AttributeType":"S"},
                   {"AttributeName":"g2","AttributeType":"N"}],
                 "KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"RANGE"}],
                 "BillingMode":"PAY_PER_REQUEST",
                 "GlobalSecondaryIndexes":[
                   {"IndexName":"by-g1","KeySchema":[{"AttributeName":"g1","KeyType":"HASH"}],
                    "Projection":{"ProjectionType":"ALL"}},
                   {"IndexName":"by-g2","KeySchema":[{"AttributeName":"g2","KeyType":"HASH"},
                      {"AttributeName":"sk","KeyType":"RANGE"}],"Projection":{"ProjectionType":"KEYS_ONLY"}}]}
                """.formatted(table), TableCreationParameters.class);
    }

    private static void createPkTable(String table) {
        new TableProvisioner(dynamo, table, java.time.Duration.ofSeconds(30))
                .createIfAbsent(ModelJson.read("""
                        {"TableName":"%s","AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"}],
                         "KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],"BillingMode":"PAY_PER_REQUEST"}
                        """.formatted(table), TableCreationParameters.class));
    }

    /** {@code versions} versions of {@code keys} keys (pk, sk), shuffled across keys, in order per key. */
    private static List<SinkCluster.ItemRecord> versionedItems(int keys, int versions, long seed) {
        Random random = new Random(seed);
        int[] next = new int[keys];
        List<SinkCluster.ItemRecord> out = new ArrayList<>();
        int remaining = keys * versions;
        while (remaining > 0) {
            int k = random.nextInt(keys);
            if (next[k] == versions) {
                continue;
            }
            int v = ++next[k];
            remaining--;
            Map<String, AttrValue> a = new LinkedHashMap<>();
            a.put("pk", new AttrValue.S("user#" + (k / 3)));
            a.put("sk", new AttrValue.N(Integer.toString(k % 3)));
            a.put("v", new AttrValue.N(Integer.toString(v)));
            a.put("g1", new AttrValue.S("group-" + (k % 7)));
            a.put("g2", new AttrValue.N(Integer.toString(k % 5)));
            a.put("payload", new AttrValue.S("x".repeat(100 + random.nextInt(100))));
            out.add(new SinkCluster.ItemRecord(new Item(a), "data/object-" + (k % 4) + ".json", out.size()));
        }
        return out;
    }

    private static String pkSk(Map<String, AttributeValue> item) {
        return item.get("pk").s() + "|" + item.get("sk").n();
    }

    private static Map<String, String> lastVersions(List<SinkCluster.ItemRecord> records) {
        Map<String, String> last = new HashMap<>();
        for (SinkCluster.ItemRecord r : records) {
            Item i = r.item();
            String key = ((AttrValue.S) i.get("pk")).value() + "|" + ((AttrValue.N) i.get("sk")).value();
            last.put(key, ((AttrValue.N) i.get("v")).value());
        }
        return last;
    }

    private static Map<String, String> versionsIn(String table) {
        Map<String, String> out = new HashMap<>();
        DynamoDbLocalServer.scan(dynamo, table, DynamoDbSinkIT::pkSk)
                .forEach((k, item) -> out.put(k, item.get("v").n()));
        return out;
    }

    @Test
    void shouldHoldExactlyTheLastVersionOfEveryKeyInATableWithSortKeyAndIndexes() throws Exception {
        String importId = "lastwins";
        String table = "it-last-wins";
        cluster.createTopics(importId, 3);
        List<SinkCluster.ItemRecord> records = versionedItems(300, 8, 1);
        cluster.produce(new ImportTopics(importId).items(), PK_SK, records);
        Map<String, String> config = cluster.sinkConfig(importId, table, cluster.dynamo.endpoint(), true);
        config.put(DynamoDbSinkConfig.TABLE_CREATE_CONFIG, "true");
        config.put(
                DynamoDbSinkConfig.TABLE_CREATION_PARAMETERS_CONFIG,
                ModelJson.write(tableWithSortKeyAndIndexes(table)));

        cluster.connect.configureConnector(importId, config);
        cluster.awaitCommittedToEnd(importId, new ImportTopics(importId).items());

        assertEquals(lastVersions(records), versionsIn(table));
        TableDescription t =
                dynamo.describeTable(b -> b.tableName(table)).join().table();
        assertEquals(2, t.globalSecondaryIndexes().size());
        assertEquals(
                43,
                dynamo.query(b -> b.tableName(table)
                                .indexName("by-g1")
                                .keyConditionExpression("g1 = :g")
                                .expressionAttributeValues(Map.of(":g", AttributeValue.fromS("group-0"))))
                        .join()
                        .count()
                        .intValue(),
                "the 43 keys k < 300 with k % 7 == 0: the index is maintained");
        assertTrue(SinkCluster.taskMetric(importId, "ItemsMerged") > 0, "versions of a key met in a batch");
        assertEquals(0, cluster.readAll(new ImportTopics(importId).errors()).size());
        cluster.connect.deleteConnector(importId);
    }

    @Test
    void shouldLandEveryItemThroughThrottlingServerErrorsAndUnprocessedItems() throws Exception {
        String importId = "faults";
        String table = "it-faults";
        createPkTable(table);
        cluster.createTopics(importId, 2);
        List<SinkCluster.ItemRecord> records = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            records.add(record("key-" + (i % 2000), i, "x".repeat(150)));
        }
        records.add(1500, record("too-large", 1, "y".repeat(450 * 1024)));
        cluster.produce(new ImportTopics(importId).items(), PK_ONLY, records);

        try (FaultProxy proxy = new FaultProxy(cluster.dynamo.endpoint(), 0.15, 0.10, 0.25)) {
            cluster.connect.configureConnector(importId, cluster.sinkConfig(importId, table, proxy.endpoint(), true));
            cluster.awaitCommittedToEnd(importId, new ImportTopics(importId).items());

            Map<String, Map<String, AttributeValue>> items =
                    DynamoDbLocalServer.scan(dynamo, table, i -> i.get("pk").s());
            assertEquals(2000, items.size());
            for (int k = 0; k < 2000; k++) {
                long expected = k < 1000 ? k + 2000 : k;
                assertEquals(
                        Long.toString(expected),
                        items.get("key-" + k).get("v").n(),
                        "key-" + k + " has its last version");
            }
            assertNull(items.get("too-large"));
            assertTrue(proxy.throttled.get() > 0 && proxy.serverErrors.get() > 0 && proxy.trimmed.get() > 0);
            assertEquals(proxy.throttled.get(), SinkCluster.taskMetric(importId, "Throttles"));
            assertEquals(proxy.serverErrors.get(), SinkCluster.taskMetric(importId, "RetriableErrors"));
            assertTrue(SinkCluster.taskMetric(importId, "UnprocessedRetries") >= proxy.trimmed.get());
            List<ConsumerRecord<byte[], byte[]>> errors = cluster.readAll(new ImportTopics(importId).errors());
            assertEquals(1, errors.size(), "the refused item, once");
            assertEquals(1, SinkCluster.taskMetric(importId, "ErrantItems"));
            cluster.connect.deleteConnector(importId);
        }
    }

    @Test
    void shouldNotWriteAgainTheItemsATaskSettledWhenItsPartitionsMoved() throws Exception {
        String importId = "handover";
        String table = "it-handover";
        int count = 5000;
        itemsOnTopic(importId, table, 2, "moved-", count);
        try (FaultProxy proxy = new FaultProxy(cluster.dynamo.endpoint(), 0, 0, 0)) {
            // a slow table: the task always has batches in flight, also when its partitions move
            Map<String, String> config = startOneTaskThrough(proxy, 300, importId, table, Map.of());
            TestUtils.waitForCondition(
                    () -> proxy.itemsWritten.get() >= 400, SinkCluster.TIMEOUT.toMillis(), "the import did not start");
            // one task becomes two: Connect stops the first, which closes both partitions, and hands them over
            config.put("tasks.max", "2");
            cluster.connect.configureConnector(importId, config);
            assertAllInTableOnceCommitted(importId, table, count);
            assertEquals(count, proxy.itemsWritten.get(), "each item written once: none again after the hand-over");
        } finally {
            cluster.connect.deleteConnector(importId);
        }
    }

    @Test
    void shouldTimeOutARequestTheTableDoesNotAnswerAndWriteItsItemsOnRetry() throws Exception {
        String importId = "hung";
        String table = "it-hung";
        int count = 200;
        itemsOnTopic(importId, table, 1, "hung-", count);
        try (FaultProxy proxy = new FaultProxy(cluster.dynamo.endpoint(), 0, 0, 0)) {
            // the table holds every write past the request timeout: each attempt must be given up. The
            // proxy's 16 threads stay busy with given-up writes for a second after the table answers
            // again, so the attempts allowed cover that second, not only the hang
            startOneTaskThrough(
                    proxy,
                    1_000,
                    importId,
                    table,
                    Map.of(
                            DynamoDbSinkConfig.REQUEST_TIMEOUT_MS_CONFIG, "300",
                            DynamoDbSinkConfig.RETRY_MAX_ATTEMPTS_CONFIG, "100"));
            TestUtils.waitForCondition(
                    () -> SinkCluster.taskMetric(importId, "RetriableErrors") > 0,
                    SinkCluster.TIMEOUT.toMillis(),
                    "a request the table did not answer was not timed out");
            // the table answers again: the timed-out batches are retried and every item arrives
            proxy.latencyMillis = 0;
            assertAllInTableOnceCommitted(importId, table, count);
            assertEquals(0, cluster.readAll(new ImportTopics(importId).errors()).size(), "nothing dead-lettered");
        } finally {
            cluster.connect.deleteConnector(importId);
        }
    }

    /** Creates {@code table} (key {@code pk}) and the import's topics, and puts {@code count} items on them. */
    private static void itemsOnTopic(String importId, String table, int partitions, String keyPrefix, int count)
            throws Exception {
        createPkTable(table);
        cluster.createTopics(importId, partitions);
        List<SinkCluster.ItemRecord> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            records.add(record(keyPrefix + i, i, "p"));
        }
        cluster.produce(new ImportTopics(importId).items(), PK_ONLY, records);
    }

    /**
     * Starts the import's sink with one task, writing through {@code proxy}, which holds each write
     * {@code latencyMillis}; returns the config, for changes.
     */
    private static Map<String, String> startOneTaskThrough(
            FaultProxy proxy, long latencyMillis, String importId, String table, Map<String, String> overrides)
            throws Exception {
        proxy.latencyMillis = latencyMillis;
        Map<String, String> config = cluster.sinkConfig(importId, table, proxy.endpoint(), true);
        config.put("tasks.max", "1");
        config.putAll(overrides);
        cluster.connect.configureConnector(importId, config);
        return config;
    }

    /** Waits until the sink committed the end of the import's items, then counts the table's items. */
    private static void assertAllInTableOnceCommitted(String importId, String table, int count) throws Exception {
        cluster.awaitCommittedToEnd(importId, new ImportTopics(importId).items());
        assertEquals(
                count,
                DynamoDbLocalServer.scan(dynamo, table, i -> i.get("pk").s()).size());
    }

    private static SinkCluster.ItemRecord record(String pk, long version, String padding) {
        Map<String, AttrValue> a = new LinkedHashMap<>();
        a.put("pk", new AttrValue.S(pk));
        a.put("v", new AttrValue.N(Long.toString(version)));
        a.put("pad", new AttrValue.S(padding));
        return new SinkCluster.ItemRecord(new Item(a), "data/" + pk + ".csv", version);
    }

    @Test
    void shouldEndWithTheSameTableAsACleanRunAfterAWorkerRestartMidImport() throws Exception {
        List<SinkCluster.ItemRecord> records = versionedItems(600, 10, 3);
        // the clean run
        String cleanId = "cleanrun";
        cluster.createTopics(cleanId, 3);
        cluster.produce(new ImportTopics(cleanId).items(), PK_SK, records);
        Map<String, String> clean = cluster.sinkConfig(cleanId, "it-clean", cluster.dynamo.endpoint(), true);
        clean.put(DynamoDbSinkConfig.TABLE_CREATE_CONFIG, "true");
        clean.put(
                DynamoDbSinkConfig.TABLE_CREATION_PARAMETERS_CONFIG,
                ModelJson.write(tableWithSortKeyAndIndexes("it-clean")));
        cluster.connect.configureConnector(cleanId, clean);
        cluster.awaitCommittedToEnd(cleanId, new ImportTopics(cleanId).items());
        cluster.connect.deleteConnector(cleanId);

        // the same records, with the only worker replaced while the import runs
        String importId = "restarted";
        String table = "it-restarted";
        cluster.createTopics(importId, 3);
        cluster.produce(new ImportTopics(importId).items(), PK_SK, records);
        Map<String, String> config = cluster.sinkConfig(importId, table, cluster.dynamo.endpoint(), true);
        config.put(DynamoDbSinkConfig.TABLE_CREATE_CONFIG, "true");
        config.put(
                DynamoDbSinkConfig.TABLE_CREATION_PARAMETERS_CONFIG,
                ModelJson.write(tableWithSortKeyAndIndexes(table)));
        config.put(DynamoDbSinkConfig.WRITE_RATE_LIMIT_CONFIG, "500");
        cluster.connect.configureConnector(importId, config);
        TestUtils.waitForCondition(
                () -> SinkCluster.taskMetric(importId, "ItemsWritten") >= 400,
                SinkCluster.TIMEOUT.toMillis(),
                "the import did not start");
        cluster.connect.removeWorker();
        cluster.connect.addWorker();
        cluster.awaitCommittedToEnd(importId, new ImportTopics(importId).items());

        Map<String, Map<String, AttributeValue>> expected =
                DynamoDbLocalServer.scan(dynamo, "it-clean", DynamoDbSinkIT::pkSk);
        assertEquals(lastVersions(records).size(), expected.size());
        assertEquals(expected, DynamoDbLocalServer.scan(dynamo, table, DynamoDbSinkIT::pkSk));
        cluster.connect.deleteConnector(importId);
    }

    @Test
    void shouldSendARefusedItemToTheErrorTopicWithItsPointerAndWriteItsBatchMates() throws Exception {
        String importId = "baditem";
        String table = "it-bad-item";
        createPkTable(table);
        cluster.createTopics(importId, 1);
        List<SinkCluster.ItemRecord> records = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            records.add(record("mate-" + i, i, "z"));
        }
        Map<String, AttrValue> big = new LinkedHashMap<>();
        big.put("pk", new AttrValue.S("big"));
        big.put("blob", new AttrValue.S("b".repeat(410 * 1024)));
        records.add(10, new SinkCluster.ItemRecord(new Item(big), "data/big-items.json", 41));
        cluster.produce(new ImportTopics(importId).items(), PK_ONLY, records);

        cluster.connect.configureConnector(
                importId, cluster.sinkConfig(importId, table, cluster.dynamo.endpoint(), true));
        cluster.awaitCommittedToEnd(importId, new ImportTopics(importId).items());

        Map<String, Map<String, AttributeValue>> items =
                DynamoDbLocalServer.scan(dynamo, table, i -> i.get("pk").s());
        assertEquals(30, items.size(), "every batch-mate is in the table");
        assertNull(items.get("big"));
        List<ConsumerRecord<byte[], byte[]>> errors = cluster.readAll(new ImportTopics(importId).errors());
        assertEquals(1, errors.size());
        ConsumerRecord<byte[], byte[]> letter = errors.get(0);
        assertEquals("data/big-items.json", new String(letter.key(), StandardCharsets.UTF_8));
        JsonNode error = JSON.readTree(letter.value());
        assertEquals("import-bucket", error.at("/itemS3Pointer/bucket").asText());
        assertEquals("data/big-items.json", error.at("/itemS3Pointer/key").asText());
        assertEquals(41, error.at("/itemS3Pointer/itemIndex").asLong());
        assertEquals("WRITE_REJECTED", error.get("errorCode").asText());
        assertEquals("WRITE", error.get("stage").asText());
        assertTrue(error.get("importArn").asText().endsWith("/import/01700000000000-baditem"));
        assertEquals(1, error.get("errorMessages").size());
        assertTrue(error.get("errorMessages").get(0).asText().contains("size"), error.toString());
        assertTrue(error.get("rawRecordTruncated").asBoolean());
        assertTrue(error.get("rawRecord").asText().startsWith("{\"Item\":{\"pk\":{\"S\":\"big\"}"));
        cluster.connect.deleteConnector(importId);
    }

    @Test
    void shouldFailTheTaskWithAClearMessageWhenAnItemIsRefusedAndNoDeadLetterQueueIsConfigured() throws Exception {
        String importId = "nodlq";
        String table = "it-no-dlq";
        createPkTable(table);
        cluster.createTopics(importId, 1);
        Map<String, AttrValue> big = new LinkedHashMap<>();
        big.put("pk", new AttrValue.S("big"));
        big.put("blob", new AttrValue.S("b".repeat(410 * 1024)));
        cluster.produce(
                new ImportTopics(importId).items(),
                PK_ONLY,
                List.of(record("ok", 1, "z"), new SinkCluster.ItemRecord(new Item(big), "data/big.json", 7)));
        Map<String, String> config = cluster.sinkConfig(importId, table, cluster.dynamo.endpoint(), false);
        config.put("tasks.max", "1");

        cluster.connect.configureConnector(importId, config);
        TestUtils.waitForCondition(
                () -> {
                    ConnectorStateInfo s = cluster.connect.connectorStatus(importId);
                    return s.tasks().size() == 1
                            && "FAILED".equals(s.tasks().get(0).state());
                },
                SinkCluster.TIMEOUT.toMillis(),
                "the task did not fail");

        String trace = cluster.connect.connectorStatus(importId).tasks().get(0).trace();
        assertNotNull(trace);
        assertTrue(
                trace.contains("DynamoDB refused an item for table it-no-dlq (s3://import-bucket/data/big.json"
                        + " itemIndex 7"),
                trace);
        assertTrue(trace.contains("No dead letter queue is configured"), trace);
        assertTrue(trace.contains("errors.deadletterqueue.topic.name"), trace);
        cluster.connect.deleteConnector(importId);
    }
}
