package dev.ddbimport.source;

import dev.ddbimport.core.chunk.ChunkCodec;
import dev.ddbimport.core.chunk.ChunkHeaders;
import dev.ddbimport.core.frame.Frame;
import dev.ddbimport.core.frame.RawRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The multiset of (object key, itemIndex) read from a chunks topic, counted per object without keeping
 * the records, plus what arrived out of order. Reads with an assigned consumer (no group to join), from
 * the start of every partition, with the given isolation level: read_committed shows what a downstream
 * stage sees, read_uncommitted also what aborted transactions wrote.
 */
final class ItemTally implements AutoCloseable {

    private static final int MAX_PROBLEMS = 20;

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final BiFunction<String, Integer, String> expectedRecord;
    /** Per object, how often each itemIndex arrived; sized by the expected record counts. */
    private final Map<String, int[]> counts = new HashMap<>();

    private final Map<String, Long> nextIndex = new HashMap<>();
    private final Map<String, Long> nextChunk = new HashMap<>();
    final List<String> problems = new ArrayList<>();
    long entries;
    int lastChunks;
    private final Set<String> finished = new HashSet<>();

    /**
     * @param expected the record count of every object that should arrive
     * @param expectedRecord the bytes record {@code itemIndex} of object {@code key} must carry
     */
    ItemTally(
            String bootstrapServers,
            String topic,
            String isolationLevel,
            Map<String, Integer> expected,
            BiFunction<String, Integer, String> expectedRecord) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolationLevel);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
        consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        expected.forEach((key, records) -> counts.put(key, new int[records]));
        this.expectedRecord = expectedRecord;
    }

    /** Polls until {@code done} holds or the timeout passes; returns whether it held. */
    boolean pollUntil(Predicate<ItemTally> done, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.test(this)) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            pollOnce();
        }
        return true;
    }

    /**
     * Reads every partition to its current end: the last stable offset with read_committed, the high
     * watermark with read_uncommitted.
     */
    void drain(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
            boolean atEnd = true;
            for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
                if (consumer.position(e.getKey()) < e.getValue()) {
                    atEnd = false;
                }
            }
            if (atEnd) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("chunks topic not read to its end (" + end + ") within " + timeout);
            }
            pollOnce();
        }
    }

    private void pollOnce() {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
            String key = new String(r.key(), StandardCharsets.UTF_8);
            Map<String, String> headers = new HashMap<>();
            for (Header h : r.headers()) {
                headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
            }
            long chunk = Long.parseLong(headers.get(ChunkHeaders.CHUNK_INDEX));
            long wantedChunk = nextChunk.getOrDefault(key, 0L);
            if (chunk != wantedChunk) {
                problem(key + ": expected chunk " + wantedChunk + ", got chunk " + chunk);
            }
            nextChunk.put(key, chunk + 1);
            if ("true".equals(headers.get(ChunkHeaders.LAST_CHUNK))) {
                lastChunks++;
                finished.add(key);
            }
            for (Frame f : ChunkCodec.decode(r.value())) {
                count(key, f);
            }
        }
    }

    private void count(String key, Frame f) {
        entries++;
        if (!(f instanceof RawRecord record)) {
            problem(key + ": unexpected error marker " + f);
            return;
        }
        long index = record.itemIndex();
        long wanted = nextIndex.getOrDefault(key, 0L);
        if (index != wanted) {
            problem(key + ": expected itemIndex " + wanted + " next, got " + index);
        }
        nextIndex.put(key, index + 1);
        int[] seen = counts.get(key);
        if (seen == null || index < 0 || index >= seen.length) {
            problem(key + ": itemIndex " + index + " is not an expected (object, itemIndex)");
            return;
        }
        seen[(int) index]++;
        String bytes = new String(record.bytes(), StandardCharsets.UTF_8);
        if (!bytes.equals(expectedRecord.apply(key, (int) index))) {
            problem(key + " #" + index + ": wrong record bytes " + bytes);
        }
    }

    private void problem(String message) {
        if (problems.size() < MAX_PROBLEMS) {
            problems.add(message);
        }
    }

    /** Objects with records read but no final chunk (yet). */
    List<String> started() {
        return nextIndex.keySet().stream()
                .filter(key -> !finished.contains(key))
                .sorted()
                .toList();
    }

    /** Every expected (object, itemIndex) seen once: {@code "key: n missing, m duplicated"} per object that is not. */
    List<String> mismatches() {
        List<String> out = new ArrayList<>();
        counts.forEach((key, seen) -> {
            long missing = Arrays.stream(seen).filter(c -> c == 0).count();
            long duplicated = Arrays.stream(seen).filter(c -> c > 1).count();
            if (missing > 0 || duplicated > 0) {
                out.add(key + ": " + missing + " of " + seen.length + " itemIndexes missing, " + duplicated
                        + " duplicated");
            }
        });
        return out;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
