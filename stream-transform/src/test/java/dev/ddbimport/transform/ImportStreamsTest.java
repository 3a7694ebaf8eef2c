package dev.ddbimport.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ddbimport.core.model.InputFormat;
import dev.ddbimport.core.pipeline.ImportTopics;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.MockAdminClient;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.Test;

class ImportStreamsTest {

    @Test
    void shouldGiveTheStreamsDeadLettersTheTopologysRawRecordLimit() {
        StreamTransformSettings settings = StreamTransformSettings.of("broker:9092", Path.of("state"))
                .withTransform(TransformSettings.defaults().withMaxRawRecordBytes(100));

        Properties p = ImportStreams.properties(TopologyFixture.books(InputFormat.CSV), settings);

        assertEquals("100", p.get(JsonDeadLetterHandler.RAW_MAX_BYTES_CONFIG));
    }

    @Test
    void shouldGiveLastWriteWinsTheChunksPartitionsUnlessTheImportAlreadyHasARepartitionTopic() throws Exception {
        Node broker = new Node(0, "localhost", 9092);
        try (MockAdminClient admin = new MockAdminClient(List.of(broker), broker)) {
            admin.addTopic(false, new ImportTopics("fresh").chunks(), partitions(broker, 3), Map.of());
            assertEquals(3, ImportStreams.stagePartitions(admin, "fresh").lastWriteWins());

            // an import whose transform started before keeps the count its state is partitioned by
            String started = new ImportTopics("started").chunks();
            admin.addTopic(false, started, partitions(broker, 3), Map.of());
            admin.addTopic(
                    false,
                    ImportTopology.repartitionTopic(TransformProperties.applicationId("started")),
                    partitions(broker, 8),
                    Map.of());
            assertEquals(8, ImportStreams.stagePartitions(admin, "started").lastWriteWins());
            Set<String> listed = admin.listTopics().names().get();
            assertEquals(
                    8, ImportStreams.stagePartitions(admin, "started", listed).lastWriteWins());
            // given a listing, it asks for no other: one taken before the repartition topic existed decides
            assertEquals(
                    3,
                    ImportStreams.stagePartitions(admin, "started", Set.of(started))
                            .lastWriteWins());

            assertThrows(IllegalStateException.class, () -> ImportStreams.stagePartitions(admin, "missing"));
            assertThrows(IllegalStateException.class, () -> ImportStreams.stagePartitions(admin, "missing", listed));
        }
    }

    private static List<TopicPartitionInfo> partitions(Node broker, int n) {
        List<TopicPartitionInfo> out = new ArrayList<>();
        for (int p = 0; p < n; p++) {
            out.add(new TopicPartitionInfo(p, broker, List.of(broker), List.of(broker)));
        }
        return out;
    }
}
