package dev.ddbimport.service.orchestration;

import dev.ddbimport.core.pipeline.ImportTopics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates an import's topics; topics that exist already are kept (a resumed import finds them).
 *
 * <ul>
 *   <li>chunks: {@code parallelism} partitions, {@code max.message.bytes} = {@value #CHUNK_MAX_MESSAGE_BYTES}
 *       (a chunk record reaches about 2 MiB with the source's default limits)
 *   <li>items: {@code parallelism} partitions
 *   <li>errors: {@code parallelism} partitions, kept for {@code errorsRetention} after the import,
 *       {@code max.message.bytes} as for chunks (a Streams dead letter holds a whole chunk)
 *   <li>progress, manifest: one partition each, compacted
 * </ul>
 */
final class TopicProvisioner {

    static final int CHUNK_MAX_MESSAGE_BYTES = 4 * 1024 * 1024;
    private static final long TIMEOUT_SECONDS = 30;

    private final Admin admin;
    private final OrchestratorSettings settings;

    TopicProvisioner(Admin admin, OrchestratorSettings settings) {
        this.admin = admin;
        this.settings = settings;
    }

    /** The topics to create for {@code topics}' import. */
    List<NewTopic> plan(ImportTopics topics) {
        Optional<Short> rf = Optional.of(settings.replicationFactor());
        Optional<Integer> parallel = Optional.of(settings.parallelism());
        List<NewTopic> plan = new ArrayList<>();
        plan.add(new NewTopic(topics.chunks(), parallel, rf)
                .configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(CHUNK_MAX_MESSAGE_BYTES))));
        plan.add(new NewTopic(topics.items(), parallel, rf));
        plan.add(new NewTopic(topics.errors(), parallel, rf)
                .configs(Map.of(
                        TopicConfig.RETENTION_MS_CONFIG,
                        Long.toString(settings.errorsRetention().toMillis()),
                        // a chunk that hits a bug in the transform goes whole to Streams' dead-letter queue
                        TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                        Integer.toString(CHUNK_MAX_MESSAGE_BYTES))));
        Map<String, String> compacted = Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        plan.add(new NewTopic(topics.progress(), Optional.of(1), rf).configs(compacted));
        plan.add(new NewTopic(topics.manifest(), Optional.of(1), rf).configs(compacted));
        return plan;
    }

    /** Creates every topic of the import that does not exist yet. */
    void ensure(ImportTopics topics) throws InterruptedException {
        Map<String, KafkaFuture<Void>> results =
                admin.createTopics(plan(topics)).values();
        for (Map.Entry<String, KafkaFuture<Void>> r : results.entrySet()) {
            try {
                r.getValue().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException(
                            "Cannot create topic " + r.getKey() + ": "
                                    + e.getCause().getMessage()
                                    + "; check the cluster and the service's CreateTopics permission",
                            e.getCause());
                }
            } catch (TimeoutException e) {
                throw new IllegalStateException(
                        "Kafka did not create topic " + r.getKey() + " within " + TIMEOUT_SECONDS + " s", e);
            }
        }
    }
}
