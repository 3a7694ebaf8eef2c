package dev.ddbimport.transform;

import dev.ddbimport.core.pipeline.ImportTopics;
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
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * An import's topics, one plan for the service's control plane and for an import run by hand ({@code
 * --import}): chunks, items and errors with {@code partitions} partitions, chunks and errors allowing
 * {@value #MAX_MESSAGE_BYTES} bytes per record (a chunk record reaches about 2 MiB with the source's
 * default limits), errors kept for a retention, progress and manifest compacted with one partition.
 * Topics that exist are kept as they are (a resumed import finds them).
 */
public final class ImportTopicCreator {

    public static final int MAX_MESSAGE_BYTES = 4 * 1024 * 1024;
    public static final Duration DEFAULT_ERRORS_RETENTION = Duration.ofDays(7);
    private static final long TIMEOUT_SECONDS = 30;
    private static final long LEADER_POLL_MILLIS = 50;

    private ImportTopicCreator() {}

    /**
     * The topics of {@code topics}' import.
     *
     * @param replicationFactor empty for the broker's {@code default.replication.factor}
     * @param errorsRetention how long dead letters are kept
     */
    public static List<NewTopic> plan(
            ImportTopics topics, int partitions, Optional<Short> replicationFactor, Duration errorsRetention) {
        if (partitions < 1) {
            throw new IllegalArgumentException("an import's topics need at least 1 partition, got " + partitions);
        }
        Optional<Integer> parallel = Optional.of(partitions);
        String maxBytes = Integer.toString(MAX_MESSAGE_BYTES);
        Map<String, String> compacted = Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        List<NewTopic> plan = new ArrayList<>();
        plan.add(new NewTopic(topics.chunks(), parallel, replicationFactor)
                .configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, maxBytes)));
        plan.add(new NewTopic(topics.items(), parallel, replicationFactor));
        plan.add(new NewTopic(topics.errors(), parallel, replicationFactor)
                .configs(Map.of(
                        TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                        maxBytes,
                        TopicConfig.RETENTION_MS_CONFIG,
                        Long.toString(errorsRetention.toMillis()))));
        plan.add(new NewTopic(topics.progress(), Optional.of(1), replicationFactor).configs(compacted));
        plan.add(new NewTopic(topics.manifest(), Optional.of(1), replicationFactor).configs(compacted));
        return plan;
    }

    /**
     * Creates every topic of the plan that does not exist yet, and returns once every partition of
     * every topic of the plan has a leader: a producer whose first request meets a partition without
     * one can be left retrying an out-of-order sequence (KAFKA-14359).
     *
     * @param principal who asks, for the error message (e.g. "the transform's principal")
     * @return the names of the topics created (not those that existed)
     */
    public static List<String> ensure(Admin admin, List<NewTopic> plan, String principal) throws InterruptedException {
        List<String> created = new ArrayList<>();
        for (Map.Entry<String, KafkaFuture<Void>> r :
                admin.createTopics(plan).values().entrySet()) {
            try {
                r.getValue().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                created.add(r.getKey());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException(
                            "Cannot create topic " + r.getKey() + ": "
                                    + e.getCause().getMessage()
                                    + "; check the cluster, the partitions and replication factor asked for, and"
                                    + " the CreateTopics permission of "
                                    + principal,
                            e.getCause());
                }
            } catch (TimeoutException e) {
                throw new IllegalStateException(
                        "Kafka did not create topic " + r.getKey() + " within " + TIMEOUT_SECONDS + " s", e);
            }
        }
        awaitLeaders(admin, plan.stream().map(NewTopic::name).toList());
        return created;
    }

    private static void awaitLeaders(Admin admin, List<String> names) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        List<String> waiting = names;
        while (true) {
            try {
                waiting =
                        admin
                                .describeTopics(waiting)
                                .allTopicNames()
                                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                                .values()
                                .stream()
                                .filter(d -> d.partitions().stream()
                                        .anyMatch(p ->
                                                p.leader() == null || p.leader().isEmpty()))
                                .map(TopicDescription::name)
                                .toList();
            } catch (ExecutionException | TimeoutException e) {
                // a topic just created may not be in the metadata yet: asked again below, until the deadline
            }
            if (waiting.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Partitions of " + waiting + " had no leader within " + TIMEOUT_SECONDS
                        + " s of their creation; check the brokers");
            }
            Thread.sleep(LEADER_POLL_MILLIS);
        }
    }

    /**
     * The partition counts of {@code topics}, from one describe request.
     *
     * @throws IllegalStateException when one cannot be described (missing, not allowed, cluster unreachable)
     */
    static Map<String, Integer> partitions(Admin admin, List<String> topics) throws InterruptedException {
        try {
            Map<String, Integer> counts = new HashMap<>();
            admin.describeTopics(topics)
                    .allTopicNames()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .forEach((name, description) ->
                            counts.put(name, description.partitions().size()));
            return counts;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot describe topics " + topics + ": " + e, e);
        }
    }
}
