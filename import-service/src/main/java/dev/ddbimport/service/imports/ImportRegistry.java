package dev.ddbimport.service.imports;

import dev.ddbimport.core.model.SerializationException;
import dev.ddbimport.core.pipeline.ImportTopics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every import, materialised from the registry topic ({@link ImportTopics#REGISTRY_TOPIC}, compacted,
 * key = import id): the control plane keeps no other state, so a restarted service reads the topic
 * and knows every import again.
 *
 * <p>A read_committed consumer (assigned every partition, no group) applies the topic in order to an
 * in-memory map on its own thread; {@link #start} returns once it has read up to the end offsets that
 * existed at start. Writes go through an idempotent producer and return only after the consumer has
 * applied them, so the view is always exactly a prefix of the topic (read-your-writes without a
 * second, diverging copy of the state: if another instance writes the same key, both see the same
 * order).
 */
public final class ImportRegistry implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ImportRegistry.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final String TOPIC = ImportTopics.REGISTRY_TOPIC;

    /** Kafka's "no replication factor given": the topic gets the brokers' {@code default.replication.factor}. */
    public static final short BROKER_DEFAULT_REPLICATION = -1;

    private final Duration timeout;
    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<String, ImportRecord> imports = new ConcurrentHashMap<>();
    // next offset to apply per partition; guarded by "this", waited on by writers
    private final Map<Integer, Long> applied = new HashMap<>();
    private final Thread reader;
    private final Object updateLock = new Object();
    private volatile boolean closing;
    private volatile RuntimeException readerFailure;

    private ImportRegistry(String bootstrapServers, Map<String, String> clientSettings, Duration timeout) {
        this.timeout = timeout;
        this.producer = new KafkaProducer<>(
                producerProps(bootstrapServers, clientSettings), new StringSerializer(), new ByteArraySerializer());
        this.consumer = new KafkaConsumer<>(
                consumerProps(bootstrapServers, clientSettings), new StringDeserializer(), new ByteArrayDeserializer());
        this.reader = new Thread(this::readLoop, "ddbimport-registry-reader");
        this.reader.setDaemon(true);
    }

    /**
     * Creates the registry topic if it is missing, reads it to its end and keeps following it. Kafka
     * client settings (security, timeouts) go under this registry's own clients' settings.
     *
     * @param replicationFactor the topic's, if it is created here; {@value #BROKER_DEFAULT_REPLICATION}
     *     for the brokers' {@code default.replication.factor}
     * @param timeout how long start-up and each write may wait for the broker
     */
    public static ImportRegistry start(
            String bootstrapServers, Map<String, String> clientSettings, short replicationFactor, Duration timeout) {
        ensureTopic(bootstrapServers, clientSettings, replicationFactor, timeout);
        ImportRegistry registry = new ImportRegistry(bootstrapServers, clientSettings, timeout);
        try {
            registry.catchUp();
        } catch (RuntimeException e) {
            registry.close();
            throw e;
        }
        return registry;
    }

    private static void ensureTopic(
            String bootstrapServers, Map<String, String> clientSettings, short replicationFactor, Duration timeout) {
        Properties props = new Properties();
        props.putAll(clientSettings);
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "ddbimport-registry-admin");
        try (Admin admin = Admin.create(props)) {
            // one partition: the registry is small, and one partition keeps every write in one total order
            NewTopic newTopic = new NewTopic(TOPIC, Optional.of(1), Optional.of(replicationFactor))
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            admin.createTopics(List.of(newTopic)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            log.info("Created the import registry topic {}", TOPIC);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException(
                        "Cannot create the import registry topic " + TOPIC + " on " + bootstrapServers + ": "
                                + e.getCause(),
                        e.getCause());
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException(
                    "Kafka at " + bootstrapServers + " did not answer within " + timeout
                            + " while creating the import registry topic " + TOPIC + "; is the broker running?",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating the import registry topic " + TOPIC, e);
        }
    }

    private void catchUp() {
        List<PartitionInfo> partitions = consumer.partitionsFor(TOPIC, timeout);
        List<TopicPartition> assignment = new ArrayList<>();
        for (PartitionInfo p : partitions) {
            assignment.add(new TopicPartition(TOPIC, p.partition()));
        }
        consumer.assign(assignment);
        consumer.seekToBeginning(assignment);
        Map<TopicPartition, Long> ends = consumer.endOffsets(assignment, timeout);
        synchronized (this) {
            for (TopicPartition tp : assignment) {
                applied.put(tp.partition(), 0L);
            }
        }
        reader.start();
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            awaitApplied(end.getKey().partition(), end.getValue());
        }
        log.info("Import registry {}: {} imports read", TOPIC, imports.size());
    }

    private void readLoop() {
        try {
            while (!closing) {
                var records = consumer.poll(POLL);
                Map<Integer, Long> positions = new HashMap<>();
                for (ConsumerRecord<String, byte[]> record : records) {
                    apply(record);
                }
                for (TopicPartition tp : consumer.assignment()) {
                    positions.put(tp.partition(), consumer.position(tp));
                }
                synchronized (this) {
                    applied.putAll(positions);
                    notifyAll();
                }
            }
        } catch (WakeupException e) {
            if (!closing) {
                fail(new IllegalStateException("The import registry reader was woken up unexpectedly", e));
            }
        } catch (RuntimeException e) {
            fail(new IllegalStateException("The import registry reader stopped: " + e, e));
        } finally {
            consumer.close();
        }
    }

    private void fail(RuntimeException e) {
        log.error("Import registry {}: {}", TOPIC, e.getMessage(), e);
        readerFailure = e;
        synchronized (this) {
            notifyAll();
        }
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        String id = record.key();
        if (id == null) {
            log.warn("Import registry {}: ignoring a record without key at offset {}", TOPIC, record.offset());
            return;
        }
        if (record.value() == null) {
            imports.remove(id);
            return;
        }
        try {
            imports.put(id, ImportRecord.fromJson(record.value()));
        } catch (SerializationException | IllegalArgumentException | NullPointerException e) {
            log.warn(
                    "Import registry {}: ignoring unreadable value of import {} at offset {}: {}",
                    TOPIC,
                    id,
                    record.offset(),
                    e.getMessage());
        }
    }

    /** Blocks until the reader has applied every record before {@code offset} of {@code partition}. */
    private synchronized void awaitApplied(int partition, long offset) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (applied.getOrDefault(partition, -1L) < offset) {
            if (readerFailure != null) {
                throw readerFailure;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new IllegalStateException("The import registry " + TOPIC + " did not read back offset " + offset
                        + " of partition " + partition + " within " + timeout + "; is Kafka healthy?");
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for the import registry", e);
            }
        }
    }

    /** The import with this id, if the registry has it. */
    public Optional<ImportRecord> get(String importId) {
        return Optional.ofNullable(imports.get(importId));
    }

    /** A snapshot of every import. */
    public List<ImportRecord> all() {
        return new ArrayList<>(imports.values());
    }

    /** Writes the record and returns once this registry's view holds it. */
    public void put(ImportRecord record) {
        String id = record.importId();
        RecordMetadata written;
        try {
            written = producer.send(new ProducerRecord<>(TOPIC, id, record.toJson()))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "Cannot write import " + id + " to the registry " + TOPIC + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException(
                    "Kafka did not acknowledge import " + id + " on " + TOPIC + " within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while writing import " + id, e);
        }
        awaitApplied(written.partition(), written.offset() + 1);
    }

    /**
     * Reads, changes and writes one import atomically with respect to every other update through
     * this registry; returns the written record, or empty when the import is unknown or {@code change}
     * returned the record unchanged (nothing is written then).
     */
    public Optional<ImportRecord> update(String importId, UnaryOperator<ImportRecord> change) {
        synchronized (updateLock) {
            ImportRecord current = imports.get(importId);
            if (current == null) {
                return Optional.empty();
            }
            ImportRecord next = change.apply(current);
            if (next == null || next.equals(current)) {
                return Optional.empty();
            }
            put(next);
            return Optional.of(next);
        }
    }

    /** Runs {@code action} while no {@link #update} can interleave (for check-then-write sequences). */
    public <T> T exclusively(java.util.function.Supplier<T> action) {
        synchronized (updateLock) {
            return action.get();
        }
    }

    private static Properties producerProps(String bootstrapServers, Map<String, String> clientSettings) {
        Properties props = new Properties();
        props.putAll(clientSettings); // security and the like; the settings below are the registry's own
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "ddbimport-registry-writer");
        return props;
    }

    private static Properties consumerProps(String bootstrapServers, Map<String, String> clientSettings) {
        Properties props = new Properties();
        props.putAll(clientSettings);
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "ddbimport-registry-reader");
        return props;
    }

    @Override
    public void close() {
        closing = true;
        if (reader.isAlive()) {
            consumer.wakeup();
            try {
                reader.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else {
            consumer.close();
        }
        producer.close(Duration.ofSeconds(5));
    }
}
