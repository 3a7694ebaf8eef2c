package dev.ddbimport.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddbimport.core.model.InputFormat;
import dev.ddbimport.core.pipeline.ImportTopics;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.MockAdminClient;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;

class InternalTopicsTest {

    private static final String APP = TransformProperties.applicationId("imp-1");

    @Test
    void shouldPlanTheRepartitionTopicAndAChangelogPerStoreSizedByTheTasksThatWriteThem() {
        Map<String, NewTopic> plan = byName(InternalTopics.plan(properties(Map.of()), 3, 5));

        assertEquals(1 + ImportTopology.STORES.size(), plan.size(), plan.keySet()::toString);
        NewTopic repartition = plan.get(ImportTopology.repartitionTopic(APP));
        assertEquals(5, repartition.numPartitions());
        assertEquals(InternalTopics.REPARTITION_CONFIGS, repartition.configs());
        for (String store : ImportTopology.PARSE_STORES) {
            NewTopic changelog = plan.get(InternalTopics.changelog(APP, store));
            assertEquals(3, changelog.numPartitions(), store);
            assertEquals(InternalTopics.CHANGELOG_CONFIGS, changelog.configs(), store);
        }
        for (String store : ImportTopology.LAST_WRITE_WINS_STORES) {
            NewTopic changelog = plan.get(InternalTopics.changelog(APP, store));
            assertEquals(5, changelog.numPartitions(), store);
            assertEquals(InternalTopics.CHANGELOG_CONFIGS, changelog.configs(), store);
        }
        plan.values().forEach(t -> assertEquals(-1, t.replicationFactor(), t.name() + ": the broker's default"));
    }

    @Test
    void shouldApplyTheApplicationsTopicSettingsOverTheLibrarysAndItsReplicationFactor() {
        Map<String, NewTopic> plan = byName(InternalTopics.plan(
                properties(Map.of(
                        StreamsConfig.topicPrefix("min.insync.replicas"),
                        "2",
                        StreamsConfig.topicPrefix("segment.bytes"),
                        "1048576",
                        StreamsConfig.REPLICATION_FACTOR_CONFIG,
                        "3")),
                4,
                4));

        for (NewTopic topic : plan.values()) {
            assertEquals(3, topic.replicationFactor(), topic.name());
            assertEquals("2", topic.configs().get("min.insync.replicas"), topic.name());
            assertEquals("1048576", topic.configs().get("segment.bytes"), topic.name());
        }
        // what the application did not set stays the library's
        assertEquals(
                "delete",
                plan.get(ImportTopology.repartitionTopic(APP)).configs().get("cleanup.policy"));
        assertEquals(
                "compact",
                plan.get(InternalTopics.changelog(APP, ImportTopology.LWW_LOG_STORE))
                        .configs()
                        .get("cleanup.policy"));
        assertEquals(
                -1,
                byName(InternalTopics.plan(properties(Map.of(StreamsConfig.REPLICATION_FACTOR_CONFIG, "-1")), 1, 1))
                        .get(ImportTopology.repartitionTopic(APP))
                        .replicationFactor());
    }

    /** The two store lists follow the topology: a store moved to another stage fails here, not at start. */
    @Test
    void shouldKnowWhichStageOwnsEachChangeloggedStore() {
        TopologyDescription description = ImportTopology.build(
                        TopologyFixture.books(InputFormat.CSV),
                        TransformSettings.defaults().resolveRepartitionPartitions(2))
                .describe();
        String chunks = new ImportTopics(TransformProperties.importId(TopologyFixture.books(InputFormat.CSV))).chunks();
        Set<String> parse = new TreeSet<>();
        Set<String> lastWriteWins = new TreeSet<>();
        for (TopologyDescription.Subtopology sub : description.subtopologies()) {
            boolean readsChunks = false;
            Set<String> stores = new HashSet<>();
            for (TopologyDescription.Node node : sub.nodes()) {
                if (node instanceof TopologyDescription.Source source
                        && source.topicSet().contains(chunks)) {
                    readsChunks = true;
                }
                if (node instanceof TopologyDescription.Processor processor) {
                    stores.addAll(processor.stores());
                }
            }
            stores.retainAll(ImportTopology.STORES);
            (readsChunks ? parse : lastWriteWins).addAll(stores);
        }

        assertEquals(new TreeSet<>(ImportTopology.PARSE_STORES), parse);
        assertEquals(new TreeSet<>(ImportTopology.LAST_WRITE_WINS_STORES), lastWriteWins);
    }

    @Test
    void shouldCreateOnlyWhatIsMissingWithTheChunksTopicsPartitionsForTheParseStage() throws Exception {
        Node broker = new Node(0, "localhost", 9092);
        try (MockAdminClient admin = new MockAdminClient(List.of(broker), broker)) {
            admin.addTopic(false, new ImportTopics("imp-1").chunks(), partitions(broker, 3), Map.of());
            String kept = InternalTopics.changelog(APP, ImportTopology.OBJECT_PROGRESS_STORE);
            admin.addTopic(false, kept, partitions(broker, 3), Map.of());

            // the chunks topic's 3 partitions for the parse stage, 6 for last-write-wins
            ImportStreams.StagePartitions stages = new ImportStreams.StagePartitions(
                    ImportStreams.stagePartitions(admin, "imp-1").chunks(), 6);
            List<String> created = InternalTopics.ensure(admin, properties(Map.of()), stages);

            Set<String> expected = new HashSet<>();
            expected.add(ImportTopology.repartitionTopic(APP));
            ImportTopology.STORES.forEach(s -> expected.add(InternalTopics.changelog(APP, s)));
            expected.remove(kept);
            assertEquals(expected, new HashSet<>(created));
            Map<String, Integer> sizes = admin.describeTopics(expected).allTopicNames().get().entrySet().stream()
                    .collect(Collectors.toMap(
                            Map.Entry::getKey, e -> e.getValue().partitions().size()));
            assertEquals(6, sizes.get(ImportTopology.repartitionTopic(APP)));
            assertEquals(3, sizes.get(InternalTopics.changelog(APP, ImportTopology.PARSE_COUNTERS_STORE)));
            assertEquals(6, sizes.get(InternalTopics.changelog(APP, ImportTopology.LWW_LOG_STORE)));
            assertTrue(
                    InternalTopics.ensure(admin, properties(Map.of()), stages).isEmpty(), "all exist now");

            assertThrows(
                    IllegalStateException.class,
                    () -> ImportStreams.stagePartitions(admin, "no-chunks-topic"),
                    "the parse stage's partitions come from the chunks topic");
        }
    }

    private static Properties properties(Map<String, String> extra) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, APP);
        p.putAll(extra);
        return p;
    }

    private static Map<String, NewTopic> byName(List<NewTopic> plan) {
        return plan.stream().collect(Collectors.toMap(NewTopic::name, Function.identity()));
    }

    private static List<TopicPartitionInfo> partitions(Node broker, int n) {
        List<TopicPartitionInfo> out = new ArrayList<>();
        for (int p = 0; p < n; p++) {
            out.add(new TopicPartitionInfo(p, broker, List.of(broker), List.of(broker)));
        }
        return out;
    }
}
