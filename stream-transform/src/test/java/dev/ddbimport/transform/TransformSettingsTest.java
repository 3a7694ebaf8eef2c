package dev.ddbimport.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TransformSettingsTest {

    @Test
    void shouldDefaultTo4KiBRawRecordsOneSecondCountersAndNoListener() {
        TransformSettings d = TransformSettings.defaults();
        assertEquals(4096, d.maxRawRecordBytes());
        assertEquals(Duration.ofSeconds(1), d.countersInterval());
        assertSame(TransformListener.NONE, d.listener());
    }

    @Test
    void shouldRefuseANonPositiveCountersInterval() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> TransformSettings.defaults().withCountersInterval(Duration.ZERO));
        assertEquals("countersInterval must be positive, got PT0S", e.getMessage());
    }

    @Test
    void shouldRefuseANegativeRawRecordLimit() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> TransformSettings.defaults().withMaxRawRecordBytes(-1));
        assertEquals("maxRawRecordBytes must not be negative, got -1", e.getMessage());
    }

    @Test
    void shouldGiveTheServiceAsManyLastWriteWinsTasksAsTheChunksTopicHasPartitions() {
        TransformSettings service =
                StreamTransformSettings.of("localhost:9092", Path.of("state")).transform();
        assertEquals(TransformSettings.AS_MANY_AS_CHUNKS_PARTITIONS, service.repartitionPartitions());
        assertEquals(3, service.resolveRepartitionPartitions(3).repartitionPartitions());
        // a count set on purpose is kept whatever the chunks topic has
        assertEquals(
                8, TransformSettings.defaults().resolveRepartitionPartitions(3).repartitionPartitions());
        assertThrows(IllegalArgumentException.class, () -> service.resolveRepartitionPartitions(0));
        assertThrows(
                IllegalArgumentException.class,
                () -> TransformSettings.defaults().withRepartitionPartitions(-1));
    }

    @Test
    void shouldRefuseToBuildATopologyWhosePartitionCountIsNotResolved() {
        TransformSettings unresolved =
                TransformSettings.defaults().withRepartitionPartitions(TransformSettings.AS_MANY_AS_CHUNKS_PARTITIONS);
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> ImportTopology.build(TestDefinitions.json("unresolved"), unresolved));
        assertTrue(e.getMessage().contains("resolveRepartitionPartitions"), e.getMessage());
    }
}
