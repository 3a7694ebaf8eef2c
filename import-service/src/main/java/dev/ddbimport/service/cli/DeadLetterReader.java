package dev.ddbimport.service.cli;

import dev.ddbimport.core.pipeline.ImportTopics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads an import's errors topic from the beginning to its current end (committed records only),
 * without a consumer group: reading dead letters changes nothing.
 */
final class DeadLetterReader {

    private final String bootstrapServers;
    private final Duration timeout;

    DeadLetterReader(String bootstrapServers, Duration timeout) {
        this.bootstrapServers = bootstrapServers;
        this.timeout = timeout;
    }

    /**
     * @return the matching dead letters in partition then offset order, at most {@code limit}
     * @throws NoErrorsTopicException the import has no errors topic (never started, or expired)
     * @throws TimeoutException Kafka did not answer within the timeout
     */
    List<DeadLetter> read(String importId, Predicate<DeadLetter> filter, int limit) {
        String topic = new ImportTopics(importId).errors();
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // asking about a missing topic must not create it
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        // read to the end, then closed: a fetch the broker parks for want of new records (500 ms by
        // default) would hold up the close
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "20");
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        List<DeadLetter> found = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
            if (infos == null || infos.isEmpty()) {
                throw new NoErrorsTopicException(topic);
            }
            List<TopicPartition> partitions = new ArrayList<>();
            infos.forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            partitions.sort((a, b) -> Integer.compare(a.partition(), b.partition()));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!caughtUp(consumer, ends) && found.size() < limit) {
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("Reading " + topic + " from " + bootstrapServers + " took more than "
                            + timeout.toSeconds() + " s");
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    DeadLetter letter = DeadLetter.of(record);
                    if (filter.test(letter) && found.size() < limit) {
                        found.add(letter);
                    }
                }
            }
        }
        return found;
    }

    private static boolean caughtUp(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            if (consumer.position(end.getKey()) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** The import has no errors topic. */
    static final class NoErrorsTopicException extends RuntimeException {
        NoErrorsTopicException(String topic) {
            super("There is no errors topic " + topic + ": the import has not started its pipeline yet, its"
                    + " dead letters expired (7 days by default), or --bootstrap-servers names another cluster.");
        }
    }
}
