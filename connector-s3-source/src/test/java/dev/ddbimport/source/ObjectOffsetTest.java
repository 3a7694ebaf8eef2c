package dev.ddbimport.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;

class ObjectOffsetTest {

    @Test
    void shouldRoundTripThroughAMap() {
        ObjectOffset offset = new ObjectOffset(12_345_678_901L, 99, 7, true);
        assertEquals(offset, ObjectOffset.fromMap(offset.toMap()));
    }

    @Test
    void shouldReadIntegersAsConnectsJsonConverterGivesThem() {
        Map<String, Object> map = Map.of("itemIndex", 3, "bytes", 40L, "chunk", 1, "done", false);
        assertEquals(new ObjectOffset(3, 40, 1, false), ObjectOffset.fromMap(map));
    }

    @Test
    void shouldStartFromTheBeginningWithoutAnOffset() {
        assertEquals(ObjectOffset.START, ObjectOffset.fromMap(null));
    }

    @Test
    void shouldRejectAMissingField() {
        Map<String, Object> map = new HashMap<>(new ObjectOffset(1, 2, 3, false).toMap());
        map.remove("bytes");
        ConnectException e = assertThrows(ConnectException.class, () -> ObjectOffset.fromMap(map));
        assertTrue(
                e.getMessage().startsWith("Source offset field 'bytes' must be an integer, got nothing in "),
                e.getMessage());
    }

    @Test
    void shouldRejectAWrongType() {
        Map<String, Object> map = new HashMap<>(new ObjectOffset(1, 2, 3, false).toMap());
        map.put("itemIndex", "1");
        assertTrue(assertThrows(ConnectException.class, () -> ObjectOffset.fromMap(map))
                .getMessage()
                .startsWith("Source offset field 'itemIndex' must be an integer, got String 1 in "));
        map.put("itemIndex", 1L);
        map.put("done", "true");
        assertTrue(assertThrows(ConnectException.class, () -> ObjectOffset.fromMap(map))
                .getMessage()
                .startsWith("Source offset field 'done' must be a boolean, got String true in "));
    }

    @Test
    void shouldRejectNegativeValues() {
        Map<String, Object> map = new HashMap<>(new ObjectOffset(1, 2, 3, false).toMap());
        map.put("chunk", -1L);
        assertTrue(
                assertThrows(ConnectException.class, () -> ObjectOffset.fromMap(map))
                        .getMessage()
                        .endsWith(
                                "has a value out of range: itemIndex, bytes and chunk must be >= 0 (chunk at most 2147483647)"));
    }

    @Test
    void shouldCheckPartitionsAndOffsetsWhenOffsetsAreAltered() {
        S3ImportSourceConnector connector = new S3ImportSourceConnector();
        Map<String, String> config = Map.of("import.id", "imp-1");
        Map<Map<String, ?>, Map<String, ?>> good = new HashMap<>();
        good.put(Map.of("import", "imp-1", "object", "a.csv"), new ObjectOffset(5, 50, 1, false).toMap());
        good.put(Map.of("import", "imp-1", "object", "b.csv"), null);
        assertTrue(connector.alterOffsets(config, good));

        Map<Map<String, ?>, Map<String, ?>> otherImport = new HashMap<>();
        otherImport.put(Map.of("import", "imp-2", "object", "a.csv"), null);
        assertEquals(
                "Source partition {import=imp-2, object=a.csv} belongs to import imp-2, not to this connector's import imp-1",
                assertThrows(ConnectException.class, () -> connector.alterOffsets(config, otherImport))
                        .getMessage()
                        .replace("{object=a.csv, import=imp-2}", "{import=imp-2, object=a.csv}"));

        Map<Map<String, ?>, Map<String, ?>> noObject = new HashMap<>();
        noObject.put(Map.of("import", "imp-1"), null);
        assertEquals(
                "Source partition field 'object' must be a non-empty string, got nothing in {import=imp-1}",
                assertThrows(ConnectException.class, () -> connector.alterOffsets(config, noObject))
                        .getMessage());

        Map<Map<String, ?>, Map<String, ?>> badOffset = new HashMap<>();
        badOffset.put(Map.of("import", "imp-1", "object", "a.csv"), Map.of("itemIndex", 1L));
        assertThrows(ConnectException.class, () -> connector.alterOffsets(config, badOffset));
    }

    @Test
    void shouldSerializePartitionsInTheKeyOrderConnectReadsThemBackIn() {
        Map<String, String> partition = new ObjectPartition("imp-1", "data/a.csv").toMap();
        // Connect re-serializes partitions it read back (as HashMaps) to look offsets up by bytes
        assertEquals(
                new java.util.ArrayList<>(new HashMap<>(partition).keySet()),
                new java.util.ArrayList<>(partition.keySet()));
        assertTrue(partition instanceof HashMap);
        assertEquals(new ObjectPartition("imp-1", "data/a.csv"), ObjectPartition.fromMap(partition));
    }
}
