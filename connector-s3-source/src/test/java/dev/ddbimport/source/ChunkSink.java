package dev.ddbimport.source;

import dev.ddbimport.core.chunk.ChunkCodec;
import dev.ddbimport.core.chunk.ChunkHeaders;
import dev.ddbimport.core.frame.Frame;
import dev.ddbimport.core.frame.FrameError;
import dev.ddbimport.core.frame.RawRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a chunks topic (read_committed) the way the next stage would, and keeps, per object, every
 * chunk's headers and entries in arrival order.
 */
final class ChunkSink implements AutoCloseable {

    /** One chunk record as received. */
    record Received(String key, Map<String, byte[]> headers, List<Frame> entries) {
        String header(String name) {
            byte[] v = headers.get(name);
            return v == null ? null : new String(v, StandardCharsets.UTF_8);
        }

        boolean last() {
            return "true".equals(header(ChunkHeaders.LAST_CHUNK));
        }
    }

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final boolean keepEntries;
    final Map<String, List<Received>> byObject = new HashMap<>();
    long lastChunks;
    long records;
    /** Without kept entries: the next itemIndex expected per object, and every gap or repeat seen. */
    final Map<String, Long> nextIndex = new HashMap<>();

    final List<String> problems = new ArrayList<>();

    ChunkSink(String bootstrapServers, String topic, boolean keepEntries) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "chunk-sink-" + topic + "-" + System.nanoTime());
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
        consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(topic));
        this.keepEntries = keepEntries;
    }

    /** Polls until {@code done} holds for this sink or the timeout passes; returns whether it held. */
    boolean pollUntil(Predicate<ChunkSink> done, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.test(this)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            pollOnce();
        }
        return true;
    }

    private void pollOnce() {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
            Map<String, byte[]> headers = new HashMap<>();
            for (Header h : r.headers()) {
                headers.put(h.key(), h.value());
            }
            List<Frame> entries = ChunkCodec.decode(r.value());
            records += entries.size();
            String key = new String(r.key(), StandardCharsets.UTF_8);
            if (!keepEntries) {
                checkContiguous(key, entries);
            }
            Received received = new Received(key, headers, keepEntries ? entries : List.of());
            if (received.last()) {
                lastChunks++;
            }
            byObject.computeIfAbsent(received.key(), k -> new ArrayList<>()).add(received);
        }
    }

    /** Polls until every partition is read to its end (last stable offset), so late duplicates show. */
    void drain(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            java.util.Set<org.apache.kafka.common.TopicPartition> assigned = consumer.assignment();
            Map<org.apache.kafka.common.TopicPartition, Long> end = consumer.endOffsets(assigned);
            boolean atEnd = !assigned.isEmpty();
            for (var e : end.entrySet()) {
                if (consumer.position(e.getKey()) < e.getValue()) {
                    atEnd = false;
                }
            }
            if (atEnd) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("topic not read to its end within " + timeout);
            }
            pollOnce();
        }
    }

    /** Checks itemIndexes run on without gaps or repeats, keeping nothing but the next one. */
    private void checkContiguous(String key, List<Frame> entries) {
        long next = nextIndex.getOrDefault(key, 0L);
        for (Frame f : entries) {
            long index = itemIndexOf(f);
            if (index != next && problems.size() < 20) {
                problems.add(key + ": expected itemIndex " + next + ", got " + index);
            }
            next = index + 1;
        }
        nextIndex.put(key, next);
    }

    static long itemIndexOf(Frame f) {
        return f instanceof RawRecord r ? r.itemIndex() : ((FrameError) f).itemIndex();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
