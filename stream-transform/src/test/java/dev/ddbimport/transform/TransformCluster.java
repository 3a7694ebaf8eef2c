package dev.ddbimport.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbimport.core.error.ErrorCode;
import dev.ddbimport.core.pipeline.ImportRegistryEntry;
import dev.ddbimport.core.pipeline.ImportTopics;
import dev.ddbimport.core.pipeline.ItemRecordHeaders;
import dev.ddbimport.core.pipeline.StageCounters;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * One KRaft broker in this JVM, plus what the control plane would do around the transform: create an
 * import's topics, write the registry, and read back items, dead letters and counters.
 */
final class TransformCluster implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    final KafkaClusterTestKit kafka;
    final Admin admin;
    final KafkaProducer<byte[], byte[]> producer;

    private TransformCluster(KafkaClusterTestKit kafka) {
        this.kafka = kafka;
        this.admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()));
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(1 << 20));
        this.producer = new KafkaProducer<>(p);
    }

    static TransformCluster start() throws Exception {
        KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                        .setCombined(true)
                        .setNumBrokerNodes(1)
                        .setNumControllerNodes(1)
                        .build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("offsets.topic.num.partitions", "5")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("transaction.state.log.num.partitions", "5")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                // the killed instance's open transactions are aborted soon, not after 10 s
                .setConfigProp("transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000")
                // topics are created by the control plane (here: the test), never by a client's metadata request
                .setConfigProp("auto.create.topics.enable", "false")
                .build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
        return new TransformCluster(cluster);
    }

    String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** The registry topic, as the control plane creates it: compacted, one partition. */
    void createRegistry() throws Exception {
        admin.createTopics(List.of(new NewTopic(ImportTopics.REGISTRY_TOPIC, 1, (short) 1)
                        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))))
                .all()
                .get();
    }

    /** Everything the transform reads and writes for {@code importId}. */
    void createImportTopics(String importId, int chunkPartitions) throws Exception {
        ImportTopics t = new ImportTopics(importId);
        Map<String, String> compact = Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        admin.createTopics(List.of(
                        new NewTopic(t.chunks(), chunkPartitions, (short) 1),
                        new NewTopic(t.items(), chunkPartitions, (short) 1),
                        new NewTopic(t.errors(), 1, (short) 1),
                        new NewTopic(t.progress(), 1, (short) 1).configs(compact)))
                .all()
                .get();
    }

    void register(ImportRegistryEntry entry) throws Exception {
        send(new ProducerRecord<>(
                ImportTopics.REGISTRY_TOPIC, entry.importId().getBytes(StandardCharsets.UTF_8), entry.toJson()));
    }

    void forget(String importId) throws Exception {
        send(new ProducerRecord<>(ImportTopics.REGISTRY_TOPIC, importId.getBytes(StandardCharsets.UTF_8), null));
    }

    private void send(ProducerRecord<byte[], byte[]> record) throws Exception {
        producer.send(record).get();
    }

    /**
     * Follows {@code importId}'s progress topic (read_committed) until the summed counters satisfy
     * {@code done}; returns them.
     */
    StageCounters awaitCounters(String importId, Predicate<StageCounters> done, Duration timeout) {
        return awaitCounters(importId, Map.of(), done, timeout);
    }

    /** The progress topic's current end offsets, to count only what is written after now. */
    Map<TopicPartition, Long> progressEnd(String importId) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer("read_committed")) {
            return consumer.endOffsets(partitions(consumer, new ImportTopics(importId).progress()));
        }
    }

    /** As above, reading each progress partition from offset {@code from} (absent: the beginning). */
    StageCounters awaitCounters(
            String importId, Map<TopicPartition, Long> from, Predicate<StageCounters> done, Duration timeout) {
        String topic = new ImportTopics(importId).progress();
        Map<String, StageCounters> latest = new HashMap<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer("read_committed")) {
            consumer.assign(partitions(consumer, topic));
            consumer.seekToBeginning(consumer.assignment());
            from.forEach(consumer::seek);
            StageCounters sum = StageCounters.ZERO;
            while (System.nanoTime() - deadline < 0) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                    latest.put(new String(r.key(), StandardCharsets.UTF_8), StageCounters.fromJson(r.value()));
                }
                sum = StageCounters.sum(latest.values());
                if (done.test(sum)) {
                    return sum;
                }
            }
            throw new AssertionError("counters of " + importId + " not reached within " + timeout + ": " + sum);
        }
    }

    /** One key's last item record (value and source pointer) on the items topic. */
    record LastItem(ByteBuffer value, SyntheticImport.Pointer pointer) {}

    /** The items topic read to its end with {@code isolation}: per key (as bytes), the last record. */
    Map<ByteBuffer, LastItem> lastItemPerKey(String importId, String isolation) {
        Map<ByteBuffer, LastItem> last = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : readToEnd(new ImportTopics(importId).items(), isolation)) {
            last.put(
                    ByteBuffer.wrap(r.key()),
                    new LastItem(
                            ByteBuffer.wrap(r.value()),
                            new SyntheticImport.Pointer(
                                    header(r, ItemRecordHeaders.OBJECT_KEY),
                                    Long.parseLong(header(r, ItemRecordHeaders.ITEM_INDEX)))));
        }
        return last;
    }

    /** How many records the items topic holds to its end with {@code isolation}. */
    long itemRecords(String importId, String isolation) {
        return readToEnd(new ImportTopics(importId).items(), isolation).size();
    }

    /** The dead letters on the errors topic, as (pointer, code), in offset order. */
    List<SyntheticImport.Invalid> errors(String importId) {
        List<SyntheticImport.Invalid> errors = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : readToEnd(new ImportTopics(importId).errors(), "read_committed")) {
            try {
                JsonNode e = JSON.readTree(r.value());
                JsonNode pointer = e.get("itemS3Pointer");
                errors.add(new SyntheticImport.Invalid(
                        new SyntheticImport.Pointer(
                                pointer.get("key").asText(),
                                pointer.get("itemIndex").asLong()),
                        ErrorCode.valueOf(e.get("errorCode").asText())));
            } catch (IOException ex) {
                throw new UncheckedIOException("dead letter is not JSON", ex);
            }
        }
        return errors;
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        if (h == null) {
            throw new AssertionError("item record without header " + name);
        }
        return new String(h.value(), StandardCharsets.UTF_8);
    }

    private List<ConsumerRecord<byte[], byte[]>> readToEnd(String topic, String isolation) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(isolation)) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() - deadline > 0) {
                    throw new AssertionError("cannot read " + topic + " to its end " + end);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    private static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (PartitionInfo info : consumer.partitionsFor(topic)) {
            partitions.add(new TopicPartition(topic, info.partition()));
        }
        if (partitions.isEmpty()) {
            throw new AssertionError("no topic " + topic);
        }
        return partitions;
    }

    private KafkaConsumer<byte[], byte[]> consumer(String isolation) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(8 << 20));
        return new KafkaConsumer<>(p);
    }

    @Override
    public void close() throws Exception {
        try {
            producer.close();
            admin.close();
        } finally {
            kafka.close();
        }
    }
}
