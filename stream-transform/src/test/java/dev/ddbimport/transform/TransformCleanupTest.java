package dev.ddbimport.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ddbimport.core.pipeline.ImportTopics;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;

class TransformCleanupTest {

    @Test
    void shouldNameTheInternalTopicsOfOneImportAsKafkaStreamsDoes() {
        String appId = "ddbimport-transform-imp-1";

        List<String> expected = new ArrayList<>();
        expected.add(appId + "-" + ImportTopology.ITEMS_REPARTITION_TOPIC + "-repartition");
        ImportTopology.STORES.forEach(store -> expected.add(appId + "-" + store + "-changelog"));

        assertEquals(expected, TransformCleanup.internalTopics("imp-1"));
        assertEquals(appId, TransformProperties.applicationId("imp-1"));
    }

    @Test
    void shouldNeverNameAnotherImportsTopicWhoseIdStartsTheSame() {
        Set<String> mine = new HashSet<>(TransformCleanup.internalTopics("a"));
        for (String longer : List.of("a-lww", "a-items", "a-items-by-key", "a-object", "a-parse", "a-dedupe")) {
            for (String theirs : TransformCleanup.internalTopics(longer)) {
                assertEquals(false, mine.contains(theirs), theirs);
            }
        }
    }

    @Test
    void shouldCoverEveryInternalTopicOfTheRealTopology() {
        String id = "imp-1";
        Topology topology = ImportTopology.build(TestDefinitions.json(id), TransformSettings.defaults());
        String appId = TransformProperties.applicationId(id);
        Set<String> ownTopics = new HashSet<>(new ImportTopics(id).all());
        Set<String> internal = new HashSet<>();
        for (TopologyDescription.Subtopology sub : topology.describe().subtopologies()) {
            for (TopologyDescription.Node node : sub.nodes()) {
                if (node instanceof TopologyDescription.Source source) {
                    source.topicSet().stream()
                            .filter(t -> !ownTopics.contains(t))
                            .forEach(t -> internal.add(t.startsWith(appId) ? t : appId + "-" + t));
                } else if (node instanceof TopologyDescription.Sink sink && sink.topic() != null) {
                    if (!ownTopics.contains(sink.topic())) {
                        internal.add(sink.topic().startsWith(appId) ? sink.topic() : appId + "-" + sink.topic());
                    }
                } else if (node instanceof TopologyDescription.Processor processor) {
                    // the description does not say which stores log; the last-write-wins index does not
                    processor.stores().stream()
                            .filter(s -> !s.equals(ImportTopology.LWW_STORE))
                            .forEach(s -> internal.add(appId + "-" + s + "-changelog"));
                }
            }
        }

        assertEquals(internal, new HashSet<>(TransformCleanup.internalTopics(id)));
    }

    @Test
    void shouldRefuseAnIdThatCannotBeAnImportsId() {
        assertThrows(IllegalArgumentException.class, () -> TransformCleanup.internalTopics("a.b"));
    }
}
