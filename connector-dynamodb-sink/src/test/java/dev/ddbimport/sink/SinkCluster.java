package dev.ddbimport.sink;

import dev.ddbimport.core.item.Item;
import dev.ddbimport.core.item.ItemCodec;
import dev.ddbimport.core.pipeline.ImportTopics;
import dev.ddbimport.core.pipeline.ItemRecordHeaders;
import dev.ddbimport.core.validate.KeySchema;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.test.TestUtils;

/** One Kafka broker and one Connect worker (service_load plugin discovery), plus DynamoDB Local. */
final class SinkCluster implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(90);

    final EmbeddedConnectCluster connect;
    final DynamoDbLocalServer dynamo;

    private SinkCluster(EmbeddedConnectCluster connect, DynamoDbLocalServer dynamo) {
        this.connect = connect;
        this.dynamo = dynamo;
    }

    static SinkCluster start() throws Exception {
        DynamoDbLocalServer dynamo = DynamoDbLocalServer.start();
        Map<String, String> worker = new HashMap<>();
        worker.put("plugin.discovery", "service_load");
        worker.put("offset.flush.interval.ms", "300");
        Properties broker = new Properties();
        broker.put("message.max.bytes", String.valueOf(2 * 1024 * 1024));
        EmbeddedConnectCluster connect = new EmbeddedConnectCluster.Builder()
                .name("ddbimport-sink-it")
                .numWorkers(1)
                .numBrokers(1)
                .workerProps(worker)
                .brokerProps(broker)
                .build();
        connect.start();
        return new SinkCluster(connect, dynamo);
    }

    /** A sink config for {@code importId}'s topics writing to {@code table} through {@code endpoint}. */
    Map<String, String> sinkConfig(String importId, String table, URI endpoint, boolean deadLetterQueue) {
        ImportTopics topics = new ImportTopics(importId);
        Map<String, String> props = new HashMap<>(DynamoDbLocalServer.connectorProps(endpoint));
        props.put("connector.class", DynamoDbSinkConnector.class.getName());
        props.put("tasks.max", "2");
        props.put("topics", topics.items());
        props.put("key.converter", DynamoDbSinkConnector.BYTE_ARRAY_CONVERTER);
        props.put("value.converter", DynamoDbSinkConnector.BYTE_ARRAY_CONVERTER);
        props.put("header.converter", DynamoDbSinkConnector.BYTE_ARRAY_CONVERTER);
        props.put(DynamoDbSinkConfig.TABLE_NAME_CONFIG, table);
        props.put(DynamoDbSinkConfig.RETRY_BACKOFF_MS_CONFIG, "5");
        props.put(DynamoDbSinkConfig.RETRY_BACKOFF_MAX_MS_CONFIG, "100");
        props.put(
                DynamoDbSinkConfig.IMPORT_ARN_CONFIG,
                "arn:aws:dynamodb:us-east-1:000000000000:table/" + table + "/import/01700000000000-" + importId);
        props.put("consumer.override.max.poll.records", "1000");
        if (deadLetterQueue) {
            props.put("errors.tolerance", "all");
            props.put("errors.deadletterqueue.topic.name", topics.errors());
            props.put("errors.deadletterqueue.topic.replication.factor", "1");
        }
        return props;
    }

    void createTopics(String importId, int partitions) {
        ImportTopics topics = new ImportTopics(importId);
        connect.kafka().createTopic(topics.items(), partitions);
        connect.kafka().createTopic(topics.errors(), 1);
    }

    /** One item record as the transform writes it. */
    record ItemRecord(Item item, String objectKey, long itemIndex) {}

    /** Produces the records in order (per key in order, keyed by key bytes so a key keeps its partition). */
    void produce(String topic, KeySchema schema, List<ItemRecord> records) {
        Map<String, Object> props = new HashMap<>();
        props.put("bootstrap.servers", connect.kafka().bootstrapServers());
        props.put("key.serializer", ByteArraySerializer.class.getName());
        props.put("value.serializer", ByteArraySerializer.class.getName());
        props.put("max.request.size", String.valueOf(2 * 1024 * 1024));
        props.put("linger.ms", "5");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            for (ItemRecord r : records) {
                ProducerRecord<byte[], byte[]> record =
                        new ProducerRecord<>(topic, ItemCodec.keyBytes(r.item(), schema), ItemCodec.encode(r.item()));
                record.headers().add(ItemRecordHeaders.BUCKET, utf8("import-bucket"));
                record.headers().add(ItemRecordHeaders.OBJECT_KEY, utf8(r.objectKey()));
                record.headers().add(ItemRecordHeaders.ITEM_INDEX, utf8(Long.toString(r.itemIndex())));
                producer.send(record);
            }
            producer.flush();
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Waits until the connector's consumer group has committed the end of every partition of {@code topic}. */
    void awaitCommittedToEnd(String connector, String topic) throws InterruptedException {
        try (Admin admin =
                Admin.create(Map.of("bootstrap.servers", connect.kafka().bootstrapServers()))) {
            TestUtils.waitForCondition(
                    () -> {
                        Map<TopicPartition, Long> end = endOffsets(admin, topic);
                        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(
                                        "connect-" + connector)
                                .partitionsToOffsetAndMetadata()
                                .get();
                        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
                            OffsetAndMetadata c = committed.get(e.getKey());
                            long at = c == null ? 0 : c.offset();
                            if (at < e.getValue()) {
                                return false;
                            }
                        }
                        return true;
                    },
                    TIMEOUT.toMillis(),
                    "connector " + connector + " did not commit the end of " + topic);
        }
    }

    private static Map<TopicPartition, Long> endOffsets(Admin admin, String topic) throws Exception {
        int partitions = admin.describeTopics(List.of(topic))
                .allTopicNames()
                .get()
                .get(topic)
                .partitions()
                .size();
        Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            specs.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        Map<TopicPartition, Long> out = new HashMap<>();
        admin.listOffsets(specs).all().get().forEach((tp, info) -> out.put(tp, info.offset()));
        return out;
    }

    /** Every record of {@code topic}, read to its end. */
    List<ConsumerRecord<byte[], byte[]>> readAll(String topic) throws Exception {
        Map<String, Object> props = new HashMap<>();
        props.put("bootstrap.servers", connect.kafka().bootstrapServers());
        props.put("key.deserializer", ByteArrayDeserializer.class.getName());
        props.put("value.deserializer", ByteArrayDeserializer.class.getName());
        props.put("auto.offset.reset", "earliest");
        props.put("enable.auto.commit", "false");
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (Admin admin =
                        Admin.create(Map.of("bootstrap.servers", connect.kafka().bootstrapServers()));
                KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            Map<TopicPartition, Long> end = endOffsets(admin, topic);
            consumer.assign(end.keySet());
            consumer.seekToBeginning(end.keySet());
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    /** A metric summed over the connector's running tasks (read from their MXBeans in this JVM). */
    static long taskMetric(String connector, String attribute) throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        Set<ObjectName> names = server.queryNames(
                new ObjectName(
                        "dev.ddbimport.sink:type=DynamoDbSinkTask,connector=" + ObjectName.quote(connector) + ",*"),
                null);
        long sum = 0;
        for (ObjectName n : names) {
            sum += ((Number) server.getAttribute(n, attribute)).longValue();
        }
        return sum;
    }

    @Override
    public void close() throws Exception {
        try {
            connect.stop();
        } finally {
            dynamo.close();
        }
    }
}
