package dev.ddbimport.service.orchestration;

import dev.ddbimport.core.model.ImportDefinition;
import dev.ddbimport.core.model.S3BucketSource;
import dev.ddbimport.core.pipeline.ImportTopics;
import dev.ddbimport.sink.DynamoDbSinkConfig;
import dev.ddbimport.source.S3ImportSourceConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The Connect configs of one import's source and sink connectors. */
final class ConnectorConfigs {

    static final String SOURCE_CLASS = "dev.ddbimport.source.S3ImportSourceConnector";
    static final String SINK_CLASS = "dev.ddbimport.sink.DynamoDbSinkConnector";
    static final String BYTE_ARRAY_CONVERTER = "org.apache.kafka.connect.converters.ByteArrayConverter";
    /** Producer request size: holds the largest chunk record (about 2 MiB with the default limits). */
    static final int MAX_REQUEST_SIZE = TopicProvisioner.CHUNK_MAX_MESSAGE_BYTES;
    /** Four default 512 KiB chunks per batch, as the source README recommends. */
    static final int BATCH_SIZE = 4 * 512 * 1024;

    private final OrchestratorSettings settings;

    ConnectorConfigs(OrchestratorSettings settings) {
        this.settings = settings;
    }

    static String sourceName(String importId) {
        return "ddbimport-" + importId + "-source";
    }

    static String sinkName(String importId) {
        return "ddbimport-" + importId + "-sink";
    }

    /** Connect names a sink's consumer group {@code connect-<connector name>}. */
    static String sinkGroup(String importId) {
        return "connect-" + sinkName(importId);
    }

    /** The S3 source: exactly-once, one transaction per poll, the README's producer overrides. */
    Map<String, String> source(String importId, ImportDefinition definition) {
        ImportTopics topics = new ImportTopics(importId);
        S3BucketSource bucket = definition.s3BucketSource();
        Map<String, String> c = new HashMap<>(settings.s3().connectorConfig());
        c.put("connector.class", SOURCE_CLASS);
        c.put("tasks.max", Integer.toString(settings.sourceTasks()));
        converters(c);
        c.put("exactly.once.support", "required");
        c.put("transaction.boundary", "poll");
        c.put("producer.override.max.request.size", Integer.toString(MAX_REQUEST_SIZE));
        c.put("producer.override.batch.size", Integer.toString(BATCH_SIZE));
        c.put("producer.override.max.in.flight.requests.per.connection", "5");
        c.put(S3ImportSourceConfig.IMPORT_ID_CONFIG, importId);
        c.put(S3ImportSourceConfig.TOPIC_CONFIG, topics.chunks());
        c.put(S3ImportSourceConfig.MANIFEST_TOPIC_CONFIG, topics.manifest());
        c.put(S3ImportSourceConfig.MANIFEST_REPLICATION_FACTOR_CONFIG, Short.toString(settings.replicationFactor()));
        c.put(S3ImportSourceConfig.KAFKA_BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        // the source reads and writes its manifest with its own client, outside the worker's: same security
        settings.kafkaClientSettings()
                .forEach((key, value) -> c.put(S3ImportSourceConfig.KAFKA_CLIENT_PREFIX + key, value));
        c.put(S3ImportSourceConfig.S3_BUCKET_CONFIG, bucket.s3Bucket());
        c.put(S3ImportSourceConfig.S3_PREFIX_CONFIG, bucket.s3KeyPrefix() == null ? "" : bucket.s3KeyPrefix());
        if (bucket.s3BucketOwner() != null) {
            c.put(S3ImportSourceConfig.S3_EXPECTED_BUCKET_OWNER_CONFIG, bucket.s3BucketOwner());
        }
        c.put(S3ImportSourceConfig.INPUT_FORMAT_CONFIG, definition.inputFormat().name());
        c.put(
                S3ImportSourceConfig.INPUT_COMPRESSION_CONFIG,
                definition.compression().name());
        c.put(S3ImportSourceConfig.CSV_DELIMITER_CONFIG, Character.toString(definition.csvDelimiter()));
        List<String> header = definition.csvHeaderList();
        if (header != null && !header.isEmpty()) {
            c.put(S3ImportSourceConfig.CSV_HEADER_LIST_CONFIG, String.join(",", header));
        }
        c.put(S3ImportSourceConfig.RECORD_MAX_BYTES_CONFIG, Long.toString(definition.maxRecordBytes()));
        c.put(
                S3ImportSourceConfig.MAX_UNCOMPRESSED_BYTES_CONFIG,
                Long.toString(definition.maxUncompressedBytesPerObject()));
        return c;
    }

    /**
     * The DynamoDB sink: reads committed items only (the transform writes them in transactions),
     * refused items to the errors topic through Connect's dead letter queue.
     */
    Map<String, String> sink(String importId, ImportDefinition definition) {
        ImportTopics topics = new ImportTopics(importId);
        Map<String, String> c = new HashMap<>(settings.dynamoDb().connectorConfig());
        c.put("connector.class", SINK_CLASS);
        c.put("tasks.max", Integer.toString(Math.min(settings.sinkTasks(), settings.parallelism())));
        c.put("topics", topics.items());
        converters(c);
        c.put("consumer.override.isolation.level", "read_committed");
        c.put("consumer.override.auto.offset.reset", "earliest");
        c.put("errors.tolerance", "all");
        c.put("errors.deadletterqueue.topic.name", topics.errors());
        // the errors topic exists before the sink starts; Connect takes -1 (brokers' default) here too
        c.put("errors.deadletterqueue.topic.replication.factor", Short.toString(settings.replicationFactor()));
        c.put("errors.deadletterqueue.context.headers.enable", "true");
        c.put(DynamoDbSinkConfig.TABLE_NAME_CONFIG, definition.tableName());
        c.put(DynamoDbSinkConfig.TABLE_CREATE_CONFIG, "false");
        c.put(DynamoDbSinkConfig.IMPORT_ARN_CONFIG, definition.importArn());
        return c;
    }

    private static void converters(Map<String, String> c) {
        c.put("key.converter", BYTE_ARRAY_CONVERTER);
        c.put("value.converter", BYTE_ARRAY_CONVERTER);
        c.put("header.converter", BYTE_ARRAY_CONVERTER);
    }
}
