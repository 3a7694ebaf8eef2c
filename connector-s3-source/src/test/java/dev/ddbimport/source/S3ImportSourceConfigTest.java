package dev.ddbimport.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddbimport.core.compress.Compression;
import dev.ddbimport.core.model.InputFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class S3ImportSourceConfigTest {

    static Map<String, String> valid() {
        Map<String, String> props = new HashMap<>();
        props.put("import.id", "imp-1");
        props.put("topic", "imp-1.chunks");
        props.put("s3.bucket", "bucket");
        props.put("input.format", "CSV");
        props.put("kafka.bootstrap.servers", "localhost:9092");
        props.put("key.converter", S3ImportSourceConnector.BYTE_ARRAY_CONVERTER);
        props.put("value.converter", S3ImportSourceConnector.BYTE_ARRAY_CONVERTER);
        props.put("header.converter", S3ImportSourceConnector.BYTE_ARRAY_CONVERTER);
        return props;
    }

    private static Map<String, List<String>> errors(Map<String, String> props) {
        Config config = new S3ImportSourceConnector().validate(props);
        return config.configValues().stream()
                .filter(v -> !v.errorMessages().isEmpty())
                .collect(Collectors.toMap(ConfigValue::name, ConfigValue::errorMessages));
    }

    @Test
    void shouldAcceptTheMinimalConfigWithDefaults() {
        assertEquals(Map.of(), errors(valid()));
        S3ImportSourceConfig config = new S3ImportSourceConfig(valid());
        assertEquals("imp-1", config.importId());
        assertEquals("", config.prefix());
        assertEquals(InputFormat.CSV, config.inputFormat());
        assertEquals(Compression.NONE, config.compression());
        assertEquals(',', config.csvDelimiter());
        assertTrue(config.csvHeaderLine());
        assertEquals(512 * 1024, config.chunkBytes());
        assertEquals(1 << 20, config.recordMaxBytes());
        assertEquals(50_000, config.objectsMax());
        assertEquals("imp-1.chunks.manifest", config.manifestTopic());
        assertNull(config.endpoint());
        assertNull(config.region());
        assertNull(config.accessKeyId());
        assertEquals(Map.of("bootstrap.servers", "localhost:9092"), config.kafkaClientProps());
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "import.id|''|Invalid value  for configuration import.id: String must be non-empty",
                "s3.bucket|''|Invalid value  for configuration s3.bucket: String must be non-empty",
                "input.format|JSON|Invalid value JSON for configuration input.format: String must be one of: CSV, DYNAMODB_JSON, ION",
                "input.compression|ZIP|Invalid value ZIP for configuration input.compression: String must be one of: NONE, GZIP, ZSTD",
                "csv.delimiter|;;|Invalid value ;; for configuration csv.delimiter: must be exactly one character",
                "csv.delimiter|'\"'|Invalid value \" for configuration csv.delimiter: must be an ASCII character other than a quote, CR or LF",
                "s3.expected.bucket.owner|12345|Invalid value 12345 for configuration s3.expected.bucket.owner: must be a 12-digit AWS account id",
                "s3.endpoint|ftp://x|Invalid value ftp://x for configuration s3.endpoint: must be an http:// or https:// URI with a host",
                "chunk.bytes|10|Invalid value 10 for configuration chunk.bytes: Value must be at least 1024",
                "objects.max|0|Invalid value 0 for configuration objects.max: Value must be at least 1",
                "record.max.bytes|0|Invalid value 0 for configuration record.max.bytes: Value must be at least 1",
                "manifest.replication.factor|0|Invalid value 0 for configuration manifest.replication.factor: must be -1 (broker default) or at least 1",
                "value.converter|org.apache.kafka.connect.json.JsonConverter|value.converter must be org.apache.kafka.connect.converters.ByteArrayConverter: chunk keys, values and headers are raw bytes (got org.apache.kafka.connect.json.JsonConverter)",
            })
    void shouldNameTheKeyOfABadValue(String key, String value, String message) {
        Map<String, String> props = valid();
        props.put(key, value);
        assertEquals(Map.of(key, List.of(message)), errors(props));
    }

    @Test
    void shouldRequireTheMandatoryKeys() {
        Map<String, String> props = valid();
        props.remove("topic");
        props.remove("kafka.bootstrap.servers");
        Map<String, List<String>> errors = errors(props);
        assertEquals(
                List.of("Missing required configuration \"topic\" which has no default value."), errors.get("topic"));
        assertEquals(2, errors.size());
    }

    @Test
    void shouldRequireBothStaticKeys() {
        Map<String, String> props = valid();
        props.put("s3.access.key.id", "AKIA");
        assertEquals(
                Map.of(
                        "s3.secret.access.key",
                        List.of("Invalid value null for configuration s3.secret.access.key:"
                                + " is required when s3.access.key.id is set")),
                errors(props));
    }

    @Test
    void shouldKeepCsvOptionsToCsv() {
        Map<String, String> props = valid();
        props.put("input.format", "ION");
        props.put("csv.header.list", "a,b");
        assertEquals(
                Map.of(
                        "csv.header.list",
                        List.of("Invalid value [a, b] for configuration csv.header.list:"
                                + " is only allowed with input.format CSV")),
                errors(props));
    }

    @Test
    void shouldCheckTheLargestChunkAgainstTheProducerRequestSize() {
        Map<String, String> props = valid();
        props.put("producer.override.max.request.size", "1048576");
        Map<String, List<String>> errors = errors(props);
        assertEquals(
                List.of("record.max.bytes and chunk.bytes allow chunk records of up to 2113568 bytes, more than"
                        + " producer.override.max.request.size=1048576; lower them or raise the producer's (and the"
                        + " topic's) limit"),
                errors.get("record.max.bytes"));

        props.put("producer.override.max.request.size", "4194304");
        assertEquals(Map.of(), errors(props));
    }

    @Test
    void shouldPassClientSettingsThroughUnderThePrefix() {
        Map<String, String> props = valid();
        props.put("kafka.client.security.protocol", "SSL");
        assertEquals(
                Map.of("bootstrap.servers", "localhost:9092", "security.protocol", "SSL"),
                new S3ImportSourceConfig(props).kafkaClientProps());
    }
}
