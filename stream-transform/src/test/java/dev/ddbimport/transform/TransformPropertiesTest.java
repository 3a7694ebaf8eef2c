package dev.ddbimport.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ddbimport.core.model.InputFormat;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class TransformPropertiesTest {

    @Test
    void shouldConfigureOneImportsStreamsApplication() {
        Properties p = TransformProperties.forImport(
                TopologyFixture.books(InputFormat.CSV), "broker:9092", Map.of("num.stream.threads", "4"));

        assertEquals("ddbimport-transform-" + TopologyFixture.IMPORT_ID, p.get(StreamsConfig.APPLICATION_ID_CONFIG));
        assertEquals("broker:9092", p.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG));
        assertEquals("exactly_once_v2", p.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
        assertEquals(
                "ddbimport." + TopologyFixture.IMPORT_ID + ".errors",
                p.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG));
        assertEquals(
                JsonDeadLetterHandler.class.getName(), p.get(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG));
        assertEquals(
                JsonDeadLetterHandler.class.getName(),
                p.get(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG));
        assertEquals(
                JsonDeadLetterHandler.class.getName(), p.get(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG));
        assertEquals(TopologyFixture.ARN, p.get(JsonDeadLetterHandler.IMPORT_ARN_CONFIG));
        assertEquals("4", p.get("num.stream.threads"));
    }

    @Test
    void shouldBatchTheProducerLargerUnlessOverridden() {
        Properties p = TransformProperties.forImport(
                TopologyFixture.books(InputFormat.CSV), "broker:9092", Map.of("producer.linger.ms", "0"));

        assertEquals(128 * 1024, p.get("producer.batch.size"));
        assertEquals("0", p.get("producer.linger.ms"));
    }

    @Test
    void shouldLetTheProducerSendRecordsAsLargeAsAChunk() {
        Properties p = TransformProperties.forImport(TopologyFixture.books(InputFormat.CSV), "broker:9092", Map.of());

        assertEquals(4 * 1024 * 1024, p.get("producer.max.request.size"));
    }

    @Test
    void shouldNotLetTheRestoreCheckOfEmptyChangelogsWaitOnParkedFetchesUnlessOverridden() {
        Properties p = TransformProperties.forImport(TopologyFixture.books(InputFormat.CSV), "broker:9092", Map.of());
        Properties tuned = TransformProperties.forImport(
                TopologyFixture.books(InputFormat.CSV),
                "broker:9092",
                Map.of("restore.consumer.fetch.max.wait.ms", "500"));

        assertEquals(50, p.get("restore.consumer.fetch.max.wait.ms"));
        assertEquals("500", tuned.get("restore.consumer.fetch.max.wait.ms"));
    }

    @Test
    void shouldTakeTheImportIdFromTheArnWhenAbsent() {
        var d = TopologyFixture.books(InputFormat.CSV);
        var withoutId = new dev.ddbimport.core.model.ImportDefinition(
                d.importArn(),
                null,
                d.clientToken(),
                d.s3BucketSource(),
                d.inputFormat(),
                d.inputFormatOptions(),
                d.inputCompressionType(),
                d.tableCreationParameters(),
                null,
                null);
        assertEquals("ddbimport-transform-" + TopologyFixture.IMPORT_ID, TransformProperties.applicationId(withoutId));
    }
}
