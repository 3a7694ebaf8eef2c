package dev.ddbimport.service.imports;

import dev.ddbimport.core.model.SerializationException;
import dev.ddbimport.core.pipeline.ImportTopics;
import dev.ddbimport.core.pipeline.StageCounters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live counters of running imports, read from each import's progress topic ({@link
 * ImportTopics#progress()}): read_committed, the latest snapshot per key, summed with {@link
 * StageCounters#sum}. Each import's view is kept between calls, so a DescribeImport reads only what
 * was written since the previous one. One consumer serves every import, one call at a time.
 */
public final class ProgressReader implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ProgressReader.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final Duration timeout;
    private final Map<String, View> views = new HashMap<>();

    /** What has been read of one import's progress topic. */
    private static final class View {
        final Map<String, StageCounters> latest = new HashMap<>();
        final Map<TopicPartition, Long> next = new HashMap<>();
    }

    /** With Kafka client settings (security, timeouts) under this reader's own. */
    public ProgressReader(String bootstrapServers, Map<String, String> clientSettings, Duration timeout) {
        Properties props = new Properties();
        props.putAll(clientSettings);
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        // counters are written in the same transactions as the records they count
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "ddbimport-progress-reader");
        // each read goes to the end and stops: a fetch the broker parks for want of new records (500 ms
        // by default) would make the next DescribeImport wait for it, as a consumer has one fetch in
        // flight per broker
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "20");
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        this.timeout = timeout;
    }

    /**
     * The import's counters as committed so far; {@link ImportCounters#NONE} while its progress topic
     * does not exist yet. Returns what it has if the topic cannot be read to its end within the
     * timeout (counters are live, not exact, until the import ends).
     */
    public synchronized ImportCounters read(String importId) {
        String topic = new ImportTopics(importId).progress();
        List<PartitionInfo> partitions = consumer.partitionsFor(topic, timeout);
        if (partitions == null || partitions.isEmpty()) {
            return ImportCounters.NONE;
        }
        View view = views.computeIfAbsent(importId, id -> new View());
        List<TopicPartition> assignment = new ArrayList<>();
        for (PartitionInfo p : partitions) {
            assignment.add(new TopicPartition(topic, p.partition()));
        }
        consumer.assign(assignment);
        for (TopicPartition tp : assignment) {
            Long next = view.next.get(tp);
            if (next == null) {
                consumer.seekToBeginning(List.of(tp));
            } else {
                consumer.seek(tp, next);
            }
        }
        Map<TopicPartition, Long> ends = consumer.endOffsets(assignment, timeout);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!reached(assignment, ends) && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                remember(view, record);
            }
        }
        for (TopicPartition tp : assignment) {
            view.next.put(tp, consumer.position(tp));
        }
        consumer.assign(List.of());
        if (view.latest.isEmpty()) {
            return ImportCounters.NONE;
        }
        return ImportCounters.of(StageCounters.sum(view.latest.values()));
    }

    private boolean reached(List<TopicPartition> assignment, Map<TopicPartition, Long> ends) {
        for (TopicPartition tp : assignment) {
            if (consumer.position(tp) < ends.getOrDefault(tp, 0L)) {
                return false;
            }
        }
        return true;
    }

    private static void remember(View view, ConsumerRecord<String, byte[]> record) {
        if (record.key() == null) {
            return;
        }
        if (record.value() == null) {
            view.latest.remove(record.key());
            return;
        }
        try {
            view.latest.put(record.key(), StageCounters.fromJson(record.value()));
        } catch (SerializationException e) {
            log.warn(
                    "Progress topic {}: ignoring unreadable counters at offset {}: {}",
                    record.topic(),
                    record.offset(),
                    e.getMessage());
        }
    }

    /** Drops what was read of an import that ended (its final counters are in its record). */
    public synchronized void forget(String importId) {
        views.remove(importId);
    }

    @Override
    public synchronized void close() {
        consumer.close();
    }
}
