package dev.ddbimport.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

class DynamoDbSinkConfigTest {

    private static final String PARAMS =
            "{\"TableName\":\"orders\",\"AttributeDefinitions\":[{\"AttributeName\":\"id\","
                    + "\"AttributeType\":\"S\"}],\"KeySchema\":[{\"AttributeName\":\"id\",\"KeyType\":\"HASH\"}],"
                    + "\"BillingMode\":\"PAY_PER_REQUEST\"}";

    private static Map<String, String> props(String... keyValues) {
        Map<String, String> props = new HashMap<>();
        props.put("table.name", "orders");
        for (int i = 0; i < keyValues.length; i += 2) {
            props.put(keyValues[i], keyValues[i + 1]);
        }
        return props;
    }

    private static String invalid(Map<String, String> props) {
        return assertThrows(ConfigException.class, () -> new DynamoDbSinkConfig(props))
                .getMessage();
    }

    @Test
    void shouldUseTheDefaultsForAnythingNotSet() {
        DynamoDbSinkConfig config = new DynamoDbSinkConfig(props());

        assertEquals("orders", config.tableName());
        assertFalse(config.tableCreate());
        assertNull(config.tableCreationParameters());
        assertNull(config.region());
        assertNull(config.endpoint());
        assertNull(config.accessKeyId());
        assertEquals(25, config.batchSize());
        assertEquals(16, config.maxInFlightBatches());
        assertEquals(10_000, config.maxBufferedItems());
        assertEquals(0, config.writeRateLimit());
        assertEquals(DynamoDbSinkConfig.RateUnit.ITEMS, config.writeRateLimitUnit());
        assertEquals(Duration.ofSeconds(30), config.requestTimeout());
        assertEquals(15, config.retryMaxAttempts());
        assertEquals(50, config.retryBackoffMs());
        assertEquals(10_000, config.retryBackoffMaxMs());
        assertNull(config.importArn());
        assertEquals(4096, config.errorRawMaxBytes());
        assertEquals(Duration.ofMinutes(5), config.tableActiveTimeout());
    }

    @Test
    void shouldReadEveryKey() {
        DynamoDbSinkConfig config = new DynamoDbSinkConfig(props(
                "table.create", "true",
                "table.creation.parameters", PARAMS,
                "aws.region", "eu-west-1",
                "aws.endpoint", "http://localhost:8000",
                "aws.access.key.id", "AKID",
                "aws.secret.access.key", "s3cr3t",
                "batch.size", "10",
                "max.in.flight.batches", "4",
                "write.rate.limit", "250.5",
                "write.rate.limit.unit", "WCU",
                "import.arn", "arn:x"));

        assertTrue(config.tableCreate());
        assertEquals("orders", config.tableCreationParameters().tableName());
        assertEquals("eu-west-1", config.region());
        assertEquals(URI.create("http://localhost:8000"), config.endpoint());
        assertEquals("AKID", config.accessKeyId());
        assertEquals("s3cr3t", config.secretAccessKey().value());
        assertEquals("[hidden]", config.secretAccessKey().toString(), "secrets never print");
        assertEquals(10, config.batchSize());
        assertEquals(4, config.maxInFlightBatches());
        assertEquals(250.5, config.writeRateLimit());
        assertEquals(DynamoDbSinkConfig.RateUnit.WCU, config.writeRateLimitUnit());
        assertEquals("arn:x", config.importArn());
    }

    @Test
    void shouldRejectEachBadValueNamingItsKey() {
        assertEquals(
                "Missing required configuration \"table.name\" which has no default value.",
                assertThrows(ConfigException.class, () -> new DynamoDbSinkConfig(Map.of()))
                        .getMessage());
        assertEquals(
                "Invalid value ab for configuration table.name: must be 3 to 255 characters long",
                invalid(props("table.name", "ab")));
        assertEquals(
                "Invalid value a/b for configuration table.name: may only hold a-z, A-Z, 0-9, '_', '-' and '.'",
                invalid(props("table.name", "a/b")));
        assertEquals(
                "Invalid value 26 for configuration batch.size: Value must be no more than 25",
                invalid(props("batch.size", "26")));
        assertEquals(
                "Invalid value 0 for configuration max.in.flight.batches: Value must be at least 1",
                invalid(props("max.in.flight.batches", "0")));
        assertEquals(
                "Invalid value -1.0 for configuration write.rate.limit: Value must be at least 0",
                invalid(props("write.rate.limit", "-1")));
        assertEquals(
                "Invalid value RCU for configuration write.rate.limit.unit: String must be one of: ITEMS, WCU",
                invalid(props("write.rate.limit.unit", "RCU")));
        assertEquals(
                "Invalid value ftp://x for configuration aws.endpoint: must be an http:// or https:// URI with a host",
                invalid(props("aws.endpoint", "ftp://x")));
    }

    @Test
    void shouldRejectBrokenRulesBetweenKeys() {
        assertEquals(
                "Invalid value null for configuration aws.secret.access.key: is required when aws.access.key.id is set",
                invalid(props("aws.access.key.id", "AKID")));
        assertEquals(
                "Invalid value null for configuration aws.access.key.id: is required when aws.secret.access.key is set",
                invalid(props("aws.secret.access.key", "s")));
        assertEquals(
                "Invalid value null for configuration table.creation.parameters: is required when table.create is true",
                invalid(props("table.create", "true")));
        assertEquals(
                "Invalid value other for configuration table.creation.parameters: names table 'other' but table.name"
                        + " is 'orders'; they must be the same table",
                invalid(props("table.creation.parameters", PARAMS.replace("orders", "other"))));
        assertTrue(invalid(props("table.creation.parameters", "{not json"))
                .startsWith("Invalid value (JSON) for configuration table.creation.parameters: is not"
                        + " TableCreationParameters JSON: "));
        assertEquals(
                "Invalid value (JSON) for configuration table.creation.parameters: must hold KeySchema and"
                        + " AttributeDefinitions (TableCreationParameters)",
                invalid(props("table.creation.parameters", "{\"TableName\":\"orders\"}")));
    }

    @Test
    void shouldRequireByteConvertersAndReportKeyRulesInValidate() {
        Map<String, String> props = props("aws.access.key.id", "AKID");
        props.put("key.converter", DynamoDbSinkConnector.BYTE_ARRAY_CONVERTER);
        props.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        props.put("header.converter", DynamoDbSinkConnector.BYTE_ARRAY_CONVERTER);

        Config result = new DynamoDbSinkConnector().validate(props);

        assertEquals(
                List.of("value.converter must be org.apache.kafka.connect.converters.ByteArrayConverter: item records"
                        + " and error records are raw bytes (got org.apache.kafka.connect.json.JsonConverter)"),
                errors(result, "value.converter"));
        assertEquals(List.of(), errors(result, "key.converter"));

        props.put("value.converter", DynamoDbSinkConnector.BYTE_ARRAY_CONVERTER);
        assertEquals(
                List.of("Invalid value null for configuration aws.secret.access.key: is required when"
                        + " aws.access.key.id is set"),
                errors(new DynamoDbSinkConnector().validate(props), "aws.secret.access.key"));
    }

    @Test
    void shouldRequireErrorToleranceAllWithADeadLetterQueue() {
        Map<String, String> props = props("errors.deadletterqueue.topic.name", "ddbimport.x.errors");
        props.put("key.converter", DynamoDbSinkConnector.BYTE_ARRAY_CONVERTER);
        props.put("value.converter", DynamoDbSinkConnector.BYTE_ARRAY_CONVERTER);
        props.put("header.converter", DynamoDbSinkConnector.BYTE_ARRAY_CONVERTER);

        assertEquals(
                List.of("errors.tolerance must be all when errors.deadletterqueue.topic.name is set: with none the"
                        + " first item DynamoDB refuses fails the task instead of reaching the error topic"),
                errors(new DynamoDbSinkConnector().validate(props), "errors.tolerance"));
        props.put("errors.tolerance", "all");
        assertEquals(List.of(), errors(new DynamoDbSinkConnector().validate(props), "errors.tolerance"));
    }

    private static List<String> errors(Config config, String key) {
        return config.configValues().stream()
                .filter(v -> v.name().equals(key))
                .findFirst()
                .map(ConfigValue::errorMessages)
                .orElse(List.of());
    }

    @Test
    void shouldGiveEveryTaskTheConnectorConfigAndItsIndex() {
        DynamoDbSinkConnector connector = new DynamoDbSinkConnector();
        connector.start(props("name", "sink"));

        List<Map<String, String>> tasks = connector.taskConfigs(3);

        assertEquals(3, tasks.size());
        for (int i = 0; i < 3; i++) {
            assertEquals("orders", tasks.get(i).get("table.name"));
            assertEquals(String.valueOf(i), tasks.get(i).get(DynamoDbSinkConnector.TASK_INDEX_CONFIG));
        }
        assertTrue(
                connector.alterOffsets(props(), Map.of(new TopicPartition("items", 0), 0L)),
                "consumer offsets are the sink's only state: any of them may be set");
    }
}
