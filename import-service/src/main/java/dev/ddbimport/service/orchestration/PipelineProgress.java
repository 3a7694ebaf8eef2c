package dev.ddbimport.service.orchestration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbimport.core.model.SerializationException;
import dev.ddbimport.core.pipeline.ImportTopics;
import dev.ddbimport.core.pipeline.StageCounters;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one running import has done so far, read from Kafka: the source's listing (manifest topic),
 * the transform's counters (progress topic), the sink's dead letters (errors topic) and whether a
 * consumer group has read every committed record of a topic. Reads are incremental: each call reads
 * only what was written since the previous one. Not thread-safe: one import's runner uses it.
 */
final class PipelineProgress implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PipelineProgress.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);
    /** Connect's dead letter queue adds this header (context headers enabled): a sink write failure. */
    static final String CONNECT_ERROR_HEADER = "__connect.errors.topic";

    private final String importId;
    private final ImportTopics topics;
    private final Admin admin;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<TopicPartition, Long> positions = new HashMap<>();
    private final Map<String, StageCounters> latest = new HashMap<>();
    private Long listedObjects;
    private long sinkErrors;

    /** The transform's counters, split by stage. */
    record Counters(StageCounters parse, StageCounters dedupe) {

        /** Valid items the parse stage handed to last-write-wins. */
        long validItems() {
            return parse.processedItemCount() - (parse.errorCount() - parse.fatalErrorCount());
        }

        /** Items last-write-wins took in (replays of an at-least-once upstream not counted). */
        long dedupedItems() {
            return dedupe.itemCount() - dedupe.replaysDropped();
        }
    }

    PipelineProgress(String importId, String bootstrapServers, Map<String, String> clientSettings, Admin admin) {
        this.importId = importId;
        this.topics = new ImportTopics(importId);
        this.admin = admin;
        Properties props = new Properties();
        props.putAll(clientSettings); // security and the like; the settings below are this reader's own
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        // the transform and the source write in transactions: count only what was committed
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "ddbimport-orchestrator-" + importId);
        // each check reads to the end and moves on: a fetch the broker parks for want of new records
        // (500 ms by default) would make the next check wait for it, as a consumer has one fetch in
        // flight per broker
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "20");
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** The number of objects the source listed, once its listing is done; null before. */
    Long listedObjects() {
        if (listedObjects == null) {
            String doneKey = importId + "/listing/done";
            readNew(topics.manifest(), r -> {
                if (doneKey.equals(r.key()) && r.value() != null) {
                    listedObjects = objectsOf(r.value());
                }
            });
        }
        return listedObjects;
    }

    private long objectsOf(byte[] json) {
        try {
            JsonNode done = JSON.readTree(json);
            return done.path("objects").asLong();
        } catch (IOException e) {
            throw new IllegalStateException(
                    "The manifest of import " + importId + " has an unreadable listing-done record: " + e, e);
        }
    }

    /** The transform's committed counters so far. */
    Counters counters() {
        readNew(topics.progress(), r -> {
            if (r.key() == null) {
                return;
            }
            if (r.value() == null) {
                latest.remove(r.key());
                return;
            }
            try {
                latest.put(r.key(), StageCounters.fromJson(r.value()));
            } catch (SerializationException e) {
                log.warn(
                        "Import {}: ignoring unreadable counters at offset {}: {}",
                        importId,
                        r.offset(),
                        e.getMessage());
            }
        });
        List<StageCounters> parse = new ArrayList<>();
        List<StageCounters> dedupe = new ArrayList<>();
        latest.forEach((key, value) -> {
            if (key.startsWith(StageCounters.PARSE_KEY_PREFIX)) {
                parse.add(value);
            } else if (key.startsWith(StageCounters.DEDUPE_KEY_PREFIX)) {
                dedupe.add(value);
            }
        });
        return new Counters(StageCounters.sum(parse), StageCounters.sum(dedupe));
    }

    /** Items the sink could not write (its dead letters on the errors topic), read so far. */
    long sinkErrors() {
        readNew(topics.errors(), r -> {
            if (r.headers().lastHeader(CONNECT_ERROR_HEADER) != null) {
                sinkErrors++;
            }
        });
        return sinkErrors;
    }

    /**
     * True when {@code group} has committed, on every partition of {@code topic}, an offset past its
     * last committed record. Transaction markers count as read: a group that read the last record of a
     * transactional topic commits the marker's offset, one short of the end offset.
     */
    boolean caughtUp(String group, String topic) throws InterruptedException {
        List<TopicPartition> partitions = partitionsOf(topic);
        if (partitions.isEmpty()) {
            return false;
        }
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get(READ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            Map<TopicPartition, OffsetSpec> latestSpec = new HashMap<>();
            partitions.forEach(tp -> latestSpec.put(tp, OffsetSpec.latest()));
            var ends = admin.listOffsets(latestSpec, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                    .all()
                    .get(READ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            for (TopicPartition tp : partitions) {
                OffsetAndMetadata c = committed.get(tp);
                long from = c == null ? 0 : c.offset();
                long end = ends.get(tp).offset();
                if (from < end && hasRecordsBetween(tp, from, end)) {
                    return false;
                }
            }
            return true;
        } catch (ExecutionException | TimeoutException e) {
            log.debug("Import {}: cannot read the offsets of group {} yet: {}", importId, group, e.toString());
            return false;
        }
    }

    private boolean hasRecordsBetween(TopicPartition tp, long from, long end) {
        consumer.assign(List.of(tp));
        consumer.seek(tp, from);
        long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
        while (consumer.position(tp) < end && System.nanoTime() < deadline) {
            if (!consumer.poll(Duration.ofMillis(100)).isEmpty()) {
                return true;
            }
        }
        // only markers (or not read within the time): caught up only if the position reached the end
        return consumer.position(tp) < end;
    }

    private List<TopicPartition> partitionsOf(String topic) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, READ_TIMEOUT);
        List<TopicPartition> out = new ArrayList<>();
        if (infos != null) {
            for (PartitionInfo p : infos) {
                out.add(new TopicPartition(topic, p.partition()));
            }
        }
        return out;
    }

    /** Reads every committed record of {@code topic} written since the last call. */
    private void readNew(String topic, Consumer<ConsumerRecord<String, byte[]>> handler) {
        List<TopicPartition> partitions = partitionsOf(topic);
        if (partitions.isEmpty()) {
            return;
        }
        consumer.assign(partitions);
        for (TopicPartition tp : partitions) {
            Long next = positions.get(tp);
            if (next == null) {
                consumer.seekToBeginning(List.of(tp));
            } else {
                consumer.seek(tp, next);
            }
        }
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, READ_TIMEOUT);
        long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
        while (!reached(partitions, ends) && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                handler.accept(r);
            }
        }
        for (TopicPartition tp : partitions) {
            positions.put(tp, consumer.position(tp));
        }
    }

    private boolean reached(List<TopicPartition> partitions, Map<TopicPartition, Long> ends) {
        for (TopicPartition tp : partitions) {
            if (consumer.position(tp) < ends.getOrDefault(tp, 0L)) {
                return false;
            }
        }
        return true;
    }

    /** For log lines. */
    static String describe(Counters c, Long listed) {
        return String.format(
                java.util.Locale.ROOT,
                "objects %d/%s, records %d (valid %d, deduped %d), errors %d, bytes %d",
                c.parse().objectsCompleted(),
                listed == null ? "?" : listed.toString(),
                c.parse().processedItemCount(),
                c.validItems(),
                c.dedupedItems(),
                c.parse().errorCount(),
                c.parse().processedSizeBytes());
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
