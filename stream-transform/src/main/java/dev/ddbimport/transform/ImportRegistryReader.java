package dev.ddbimport.transform;

import dev.ddbimport.core.model.SerializationException;
import dev.ddbimport.core.pipeline.ImportRegistryEntry;
import dev.ddbimport.core.pipeline.ImportTopics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the import registry topic from its beginning, with its own consumer assigned to every
 * partition (no consumer group: every transform instance must see every import), read_committed so
 * that an aborted control-plane write is never acted on. Not thread-safe: one thread polls it.
 */
final class ImportRegistryReader implements AutoCloseable {

    /**
     * One registry record: the import's latest entry, or a tombstone ({@code entry == null}), or an
     * unreadable value ({@code problem != null}).
     */
    record Update(String importId, ImportRegistryEntry entry, String problem) {}

    /** The end offsets decide when the registry is caught up; a busy broker may take a while to answer. */
    private static final Duration END_OFFSETS_TIMEOUT = Duration.ofSeconds(10);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;
    private Map<TopicPartition, Long> endAtStart;
    private boolean caughtUp;

    ImportRegistryReader(String bootstrapServers, Map<String, String> overrides, String clientId) {
        this(bootstrapServers, overrides, clientId, ImportTopics.REGISTRY_TOPIC);
    }

    ImportRegistryReader(String bootstrapServers, Map<String, String> overrides, String clientId, String topic) {
        Properties p = new Properties();
        overrides.forEach((k, v) -> {
            if (ConsumerConfig.configNames().contains(k)) {
                p.put(k, v);
            }
        });
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // the control plane creates the registry (compacted); a broker's auto-created topic would not be
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        this.consumer = new KafkaConsumer<>(p);
        this.topic = topic;
    }

    /** True once the topic exists and this reader is assigned to all of its partitions. */
    boolean assigned() {
        return endAtStart != null;
    }

    /**
     * True once every record that was on the registry when the reader was assigned has been read:
     * from then on the imports it reports are the registry's current state.
     */
    boolean caughtUp() {
        return caughtUp;
    }

    /**
     * The records that arrived within {@code timeout}. Until the registry topic exists this returns
     * nothing (after waiting up to {@code timeout} for its metadata).
     *
     * @throws org.apache.kafka.common.errors.RetriableException when the cluster does not answer in
     *     time; the reader stays usable and the caller polls again
     */
    List<Update> poll(Duration timeout) {
        if (endAtStart == null && !assign(timeout)) {
            return List.of();
        }
        List<Update> updates = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(timeout)) {
            updates.add(toUpdate(r.key(), r.value()));
        }
        if (!caughtUp) {
            caughtUp = endAtStart.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
        }
        return updates;
    }

    /** Reads a registry record; an unreadable one is reported, never thrown, so one bad write stops nothing. */
    static Update toUpdate(byte[] key, byte[] value) {
        if (key == null) {
            return new Update(null, null, "a registry record without a key (the key must be the import id)");
        }
        String importId = new String(key, StandardCharsets.UTF_8);
        if (value == null) {
            return new Update(importId, null, null);
        }
        try {
            ImportRegistryEntry entry = ImportRegistryEntry.fromJson(value);
            if (!importId.equals(entry.importId())) {
                return new Update(
                        importId,
                        null,
                        "the registry key '" + importId + "' is not the import id of its value ('" + entry.importId()
                                + "')");
            }
            new ImportTopics(importId); // the id must name topics
            return new Update(importId, entry, null);
        } catch (SerializationException | IllegalArgumentException e) {
            return new Update(importId, null, e.getMessage());
        }
    }

    private boolean assign(Duration timeout) {
        List<PartitionInfo> partitions;
        try {
            partitions = consumer.partitionsFor(topic, timeout);
        } catch (TimeoutException e) {
            return false; // the cluster is not reachable yet; the caller polls again
        }
        if (partitions.isEmpty()) {
            return false;
        }
        List<TopicPartition> all = new ArrayList<>();
        for (PartitionInfo info : partitions) {
            all.add(new TopicPartition(info.topic(), info.partition()));
        }
        Map<TopicPartition, Long> end;
        try {
            end = consumer.endOffsets(all, END_OFFSETS_TIMEOUT);
        } catch (TimeoutException e) {
            return false; // a slow or busy cluster: the caller polls again
        }
        consumer.assign(all);
        consumer.seekToBeginning(all);
        endAtStart = end;
        return true;
    }

    /** Interrupts a {@link #poll} in progress; the only method another thread may call. */
    void wakeup() {
        consumer.wakeup();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
