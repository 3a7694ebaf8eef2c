package dev.ddbimport.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * Keeps each import's listing in a compacted topic, so it is fixed once the import starts: a restart
 * reads it back instead of listing again.
 *
 * <p>Records (key → JSON value), all for one import id:
 *
 * <ul>
 *   <li>{@code <importId>/listing/<n>} → {@code {"part":n,"objects":[{"key","size","etag"},...]}}, parts of
 *       at most ~{@value #PART_BYTES} bytes in listing order;
 *   <li>{@code <importId>/listing/done} → {@code {"parts":P,"objects":N,"bytes":M,"bucket","prefix"}}
 *       ("listing done: N objects, M bytes"), written last: a listing without it is incomplete and
 *       is made again.
 * </ul>
 */
public final class ManifestTopic {

    static final int PART_BYTES = 400 * 1024;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Object> clientProps;
    private final String topic;

    public ManifestTopic(Map<String, Object> clientProps, String topic) {
        this.clientProps = Map.copyOf(clientProps);
        this.topic = topic;
    }

    /** Creates the topic (one partition, compacted) unless it exists. */
    public void ensureExists(short replicationFactor) {
        try (Admin admin = Admin.create(clientProps)) {
            NewTopic newTopic = new NewTopic(topic, Optional.of(1), Optional.of(replicationFactor))
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            admin.createTopics(List.of(newTopic)).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new ConnectException(
                        "Could not create the manifest topic '" + topic + "': " + e.getCause()
                                + "; create it (cleanup.policy=compact) or grant the connector CreateTopics",
                        e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("Interrupted while creating the manifest topic '" + topic + "'", e);
        } catch (TimeoutException e) {
            throw new ConnectException(
                    "Timed out creating the manifest topic '" + topic + "' at " + clientProps.get("bootstrap.servers")
                            + "; check kafka.bootstrap.servers",
                    e);
        }
    }

    /** Writes {@code listing} as {@code importId}'s manifest, the done marker last, and waits for it. */
    public void write(String importId, String bucket, String prefix, List<ListedObject> listing) {
        Map<String, Object> props = new HashMap<>(clientProps);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            int part = 0;
            long bytes = 0;
            ArrayNode objects = JSON.createArrayNode();
            int partBytes = 0;
            for (ListedObject o : listing) {
                bytes += o.size();
                int estimate = 64 + o.key().length() * 6 + o.etag().length();
                if (!objects.isEmpty() && partBytes + estimate > PART_BYTES) {
                    send(producer, importId + "/listing/" + part, part(part, objects));
                    part++;
                    objects = JSON.createArrayNode();
                    partBytes = 0;
                }
                objects.addObject().put("key", o.key()).put("size", o.size()).put("etag", o.etag());
                partBytes += estimate;
            }
            if (!objects.isEmpty()) {
                send(producer, importId + "/listing/" + part, part(part, objects));
                part++;
            }
            producer.flush();
            ObjectNode done = JSON.createObjectNode()
                    .put("parts", part)
                    .put("objects", listing.size())
                    .put("bytes", bytes)
                    .put("bucket", bucket)
                    .put("prefix", prefix);
            send(producer, doneKey(importId), done);
            producer.flush();
        }
    }

    /**
     * {@code importId}'s listing, or empty when none (or an unfinished one) was written.
     *
     * @throws ConnectException when the manifest is unreadable or inconsistent
     */
    public Optional<List<ListedObject>> read(String importId) {
        Map<String, Object> props = new HashMap<>(clientProps);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // read to the end, then closed: a fetch the broker parks for want of new records (500 ms by
        // default) would hold up the close, and with it the task's start
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 20);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        String partPrefix = importId + "/listing/";
        Map<String, byte[]> latest = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, TIMEOUT);
            if (infos == null || infos.isEmpty()) {
                return Optional.empty();
            }
            List<TopicPartition> partitions = infos.stream()
                    .map(i -> new TopicPartition(topic, i.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (!caughtUp(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new ConnectException("Timed out reading the manifest topic '" + topic + "' to its end");
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    String key = r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
                    if (key.startsWith(partPrefix)) {
                        latest.put(key, r.value());
                    }
                }
            }
        }
        byte[] done = latest.get(doneKey(importId));
        if (done == null) {
            return Optional.empty();
        }
        try {
            JsonNode summary = JSON.readTree(done);
            int parts = summary.get("parts").asInt();
            long count = summary.get("objects").asLong();
            List<ListedObject> listing = new ArrayList<>();
            for (int p = 0; p < parts; p++) {
                byte[] value = latest.get(partPrefix + p);
                if (value == null) {
                    throw new ConnectException("Manifest of import " + importId + " in '" + topic + "' lacks part " + p
                            + " of " + parts + "; delete the connector's manifest records and restart");
                }
                for (JsonNode o : JSON.readTree(value).get("objects")) {
                    listing.add(new ListedObject(
                            o.get("key").asText(),
                            o.get("size").asLong(),
                            o.get("etag").asText()));
                }
            }
            if (listing.size() != count) {
                throw new ConnectException("Manifest of import " + importId + " in '" + topic + "' holds "
                        + listing.size() + " objects but its summary says " + count);
            }
            return Optional.of(listing);
        } catch (IOException | NullPointerException e) {
            throw new ConnectException(
                    "Manifest of import " + importId + " in '" + topic + "' is not readable JSON: " + e, e);
        }
    }

    private static String doneKey(String importId) {
        return importId + "/listing/done";
    }

    private static ObjectNode part(int n, ArrayNode objects) {
        ObjectNode node = JSON.createObjectNode().put("part", n);
        node.set("objects", objects);
        return node;
    }

    private void send(KafkaProducer<byte[], byte[]> producer, String key, JsonNode value) {
        try {
            producer.send(new ProducerRecord<>(
                            topic, key.getBytes(StandardCharsets.UTF_8), JSON.writeValueAsBytes(value)))
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("Interrupted while writing the manifest to '" + topic + "'", e);
        } catch (ExecutionException | TimeoutException | IOException e) {
            throw new ConnectException("Could not write the manifest record " + key + " to '" + topic + "': " + e, e);
        }
    }

    private static boolean caughtUp(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}
