package dev.ddbimport.transform;

import dev.ddbimport.core.model.ImportDefinition;
import dev.ddbimport.core.pipeline.ImportRegistryEntry;
import dev.ddbimport.core.pipeline.ImportTopics;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;

/** The Kafka Streams configuration of one import's topology. */
public final class TransformProperties {

    /**
     * Producer batch size: every winner is one small record on the items topic, so larger batches
     * mean far fewer produce requests.
     */
    static final int PRODUCER_BATCH_BYTES = 128 * 1024;
    /** How long the producer waits to fill a batch; commits flush it anyway, and latency is not the goal. */
    static final int PRODUCER_LINGER_MS = 20;
    /**
     * Largest request the producer sends: a repartition batch or a dead letter (with its stack trace
     * header) stays well below it; kept at the chunks topic's 4 MiB so a large record never fails here.
     */
    static final int PRODUCER_MAX_REQUEST_BYTES = ImportTopicCreator.MAX_MESSAGE_BYTES;

    /** How long the restore consumer's fetches wait for records: restoring, they come at once. */
    static final int RESTORE_FETCH_MAX_WAIT_MS = 50;

    /** Every transform application id is this prefix plus the import id. */
    public static final String APPLICATION_ID_PREFIX = "ddbimport-transform-";

    private TransformProperties() {}

    /** The application id of {@code definition}'s transform (also its consumer group and state dir). */
    public static String applicationId(ImportDefinition definition) {
        return applicationId(importId(definition));
    }

    /** The application id of import {@code importId}'s transform. */
    public static String applicationId(String importId) {
        new ImportTopics(importId); // the same id rules as the import's topics
        return APPLICATION_ID_PREFIX + importId;
    }

    /** The import id: the definition's ImportId, else the last segment of its ARN. */
    public static String importId(ImportDefinition definition) {
        return ImportRegistryEntry.importIdOf(definition);
    }

    /**
     * Streams properties for {@code definition}; {@code overrides} are applied last (tests, tuning).
     */
    public static Properties forImport(
            ImportDefinition definition, String bootstrapServers, Map<String, String> overrides) {
        ImportTopics topics = new ImportTopics(importId(definition));
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId(definition));
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), PRODUCER_BATCH_BYTES);
        p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), PRODUCER_LINGER_MS);
        p.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), PRODUCER_MAX_REQUEST_BYTES);
        // a task's restore check fetches from its changelogs; on a new import they are empty, and a fetch
        // the broker parks for want of records (500 ms by default) held every task that long
        p.put(StreamsConfig.restoreConsumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG), RESTORE_FETCH_MAX_WAIT_MS);
        p.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class.getName());
        p.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class.getName());
        p.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, topics.errors());
        // our handlers: dead letters as error record JSON with a string key, not the raw binary chunk
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, JsonDeadLetterHandler.class.getName());
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, JsonDeadLetterHandler.class.getName());
        p.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, JsonDeadLetterHandler.class.getName());
        p.put(JsonDeadLetterHandler.IMPORT_ARN_CONFIG, definition.importArn());
        if (overrides != null) {
            p.putAll(overrides);
        }
        return p;
    }
}
