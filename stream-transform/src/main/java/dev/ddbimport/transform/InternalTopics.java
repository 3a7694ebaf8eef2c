package dev.ddbimport.transform;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The Kafka Streams internal topics of one import's transform: the repartition topic and a changelog
 * per store of {@link ImportTopology#STORES}, made before its KafkaStreams starts.
 *
 * <p>Kafka Streams would make them itself, at its first rebalance: the group leader creates them while
 * it assigns, and the new topics then force a second rebalance (the consumer's metadata did not know
 * the repartition topic it subscribed to). Made ahead, the first rebalance is the only one and the
 * import's transform runs about half a second sooner. The configs are the ones Kafka Streams gives
 * these topics ({@code StreamTransformIT} compares them with topics Kafka Streams made), including
 * the application's {@code topic.*} settings and {@code replication.factor}. Topics that exist are
 * kept as they are: a resumed import finds its own.
 */
final class InternalTopics {

    /** What Kafka Streams sets on a repartition topic it creates (it deletes what was read itself). */
    static final Map<String, String> REPARTITION_CONFIGS = Map.of(
            TopicConfig.CLEANUP_POLICY_CONFIG,
            TopicConfig.CLEANUP_POLICY_DELETE,
            TopicConfig.SEGMENT_BYTES_CONFIG,
            "52428800",
            TopicConfig.RETENTION_MS_CONFIG,
            "-1",
            TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG,
            "CreateTime");

    /** What Kafka Streams sets on the changelog of a key-value store it creates. */
    static final Map<String, String> CHANGELOG_CONFIGS = Map.of(
            TopicConfig.CLEANUP_POLICY_CONFIG,
            TopicConfig.CLEANUP_POLICY_COMPACT,
            TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG,
            "CreateTime");

    private InternalTopics() {}

    /**
     * The internal topics of the transform with {@code streamsProperties} ({@link
     * ImportStreams#properties}).
     *
     * @param chunksPartitions the chunks topic's partitions: the parse stage's tasks, whose stores'
     *     changelogs have as many
     * @param lastWriteWinsPartitions the repartition topic's partitions: the last-write-wins tasks
     */
    static List<NewTopic> plan(Properties streamsProperties, int chunksPartitions, int lastWriteWinsPartitions) {
        String applicationId = streamsProperties.getProperty(StreamsConfig.APPLICATION_ID_CONFIG);
        Map<String, String> appTopicConfigs = new HashMap<>();
        streamsProperties.stringPropertyNames().stream()
                .filter(name -> name.startsWith(StreamsConfig.TOPIC_PREFIX))
                .forEach(name -> appTopicConfigs.put(
                        name.substring(StreamsConfig.TOPIC_PREFIX.length()), streamsProperties.getProperty(name)));
        Optional<Short> replication = replicationFactor(streamsProperties);
        List<NewTopic> plan = new ArrayList<>();
        plan.add(topic(
                ImportTopology.repartitionTopic(applicationId),
                lastWriteWinsPartitions,
                replication,
                REPARTITION_CONFIGS,
                appTopicConfigs));
        for (String store : ImportTopology.PARSE_STORES) {
            plan.add(topic(
                    changelog(applicationId, store),
                    chunksPartitions,
                    replication,
                    CHANGELOG_CONFIGS,
                    appTopicConfigs));
        }
        for (String store : ImportTopology.LAST_WRITE_WINS_STORES) {
            plan.add(topic(
                    changelog(applicationId, store),
                    lastWriteWinsPartitions,
                    replication,
                    CHANGELOG_CONFIGS,
                    appTopicConfigs));
        }
        return plan;
    }

    /**
     * Creates the missing internal topics of the transform with {@code streamsProperties} and waits
     * until every partition has a leader.
     *
     * @param partitions {@link ImportStreams#stagePartitions}
     * @return the topics created (not those that existed)
     * @throws IllegalStateException when a topic cannot be created
     */
    static List<String> ensure(Admin admin, Properties streamsProperties, ImportStreams.StagePartitions partitions)
            throws InterruptedException {
        return ImportTopicCreator.ensure(
                admin,
                plan(streamsProperties, partitions.chunks(), partitions.lastWriteWins()),
                "the transform's principal");
    }

    /** The changelog Kafka Streams keeps for {@code store}. */
    static String changelog(String applicationId, String store) {
        return applicationId + "-" + store + "-changelog";
    }

    private static NewTopic topic(
            String name,
            int partitions,
            Optional<Short> replication,
            Map<String, String> libraryConfigs,
            Map<String, String> appTopicConfigs) {
        // as Kafka Streams orders them: the library's own, then the application's topic.* settings
        Map<String, String> configs = new HashMap<>(libraryConfigs);
        configs.putAll(appTopicConfigs);
        return new NewTopic(name, Optional.of(partitions), replication).configs(configs);
    }

    private static Optional<Short> replicationFactor(Properties streamsProperties) {
        Object value = streamsProperties.get(StreamsConfig.REPLICATION_FACTOR_CONFIG);
        if (value == null) {
            return Optional.empty();
        }
        short factor = Short.parseShort(value.toString().trim());
        return factor < 0 ? Optional.empty() : Optional.of(factor);
    }
}
