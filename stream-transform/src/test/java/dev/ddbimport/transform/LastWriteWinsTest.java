package dev.ddbimport.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddbimport.core.item.AttrValue;
import dev.ddbimport.core.model.InputFormat;
import dev.ddbimport.core.pipeline.StageCounters;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/** Duplicate keys resolve to the item with the greatest (object key, itemIndex, subIndex), in any arrival order. */
class LastWriteWinsTest {

    private static String line(int id, String title) {
        return "{\"Item\":{\"Id\":{\"N\":\"" + id + "\"},\"Title\":{\"S\":\"" + title + "\"}}}\n";
    }

    /** The item each key ends with when the items topic is applied in order, as the sink does. */
    private static Map<String, String> finalTitles(List<TopologyFixture.OutItem> items) {
        Map<String, String> last = new LinkedHashMap<>();
        for (TopologyFixture.OutItem i : items) {
            last.put(i.key(), ((AttrValue.S) i.item().attributes().get("Title")).value());
        }
        return last;
    }

    private static TopologyFixture json() {
        return new TopologyFixture(TopologyFixture.books(InputFormat.DYNAMODB_JSON));
    }

    @Test
    void shouldKeepTheLaterDuplicateWithinAChunk() {
        try (TopologyFixture t = json()) {
            t.sendObject("a.json", line(1, "first") + line(2, "other") + line(1, "second"));

            List<TopologyFixture.OutItem> items = t.readItems();
            assertEquals(3, items.size()); // each newer winner is forwarded: the sink applies them in order
            assertEquals(Map.of("[{\"N\":\"1\"}]", "second", "[{\"N\":\"2\"}]", "other"), finalTitles(items));
            StageCounters c = t.totals();
            assertEquals(3, c.itemCount());
            assertEquals(2, c.distinctKeys());
            assertEquals(1, c.duplicatesSuperseded());
        }
    }

    @Test
    void shouldSplitAChunksItemsIntoBatchesOfBoundedSize() {
        try (TopologyFixture t = json()) {
            TestOutputTopic<byte[], byte[]> repartition = t.driver.createOutputTopic(
                    TransformProperties.APPLICATION_ID_PREFIX + TopologyFixture.IMPORT_ID + "-"
                            + ImportTopology.ITEMS_REPARTITION_TOPIC + "-repartition",
                    new ByteArrayDeserializer(),
                    new ByteArrayDeserializer());
            StringBuilder object = new StringBuilder();
            for (int i = 0; i < 20; i++) {
                object.append(line(i, i + "-" + "x".repeat(40_000)));
            }
            object.append(line(3, "last"));
            List<TestRecord<byte[], byte[]>> chunks = t.chunksOf("a.json", object.toString());
            assertEquals(1, chunks.size());

            t.send(chunks);

            List<TestRecord<byte[], byte[]>> batches = repartition.readRecordsToList();
            assertTrue(batches.size() >= 3, "batches: " + batches.size());
            for (TestRecord<byte[], byte[]> b : batches) {
                assertTrue(b.value().length < ChunkSplitter.MAX_BATCH_BYTES + 50_000, "batch of " + b.value().length);
            }
            Map<String, String> titles = finalTitles(t.readItems());
            assertEquals(20, titles.size());
            assertEquals("last", titles.get("[{\"N\":\"3\"}]"));
            StageCounters c = t.totals();
            assertEquals(21, c.itemCount());
            assertEquals(20, c.distinctKeys());
            assertEquals(1, c.duplicatesSuperseded());
        }
    }

    @Test
    void shouldKeepTheLaterDuplicateAcrossChunks() {
        try (TopologyFixture t = json()) {
            List<TestRecord<byte[], byte[]>> chunks =
                    t.chunksOf("a.json", (line(1, "first") + line(1, "second")).getBytes(StandardCharsets.UTF_8), 50);
            assertEquals(2, chunks.size());
            t.send(chunks);

            assertEquals(Map.of("[{\"N\":\"1\"}]", "second"), finalTitles(t.readItems()));
            assertEquals(1, t.totals().duplicatesSuperseded());
        }
    }

    @Test
    void shouldKeepTheDuplicateOfTheGreaterObjectKey() {
        try (TopologyFixture t = json()) {
            t.sendObject("data/a.json", line(1, "from a") + line(2, "only a"));
            t.sendObject("data/b.json", line(1, "from b"));

            assertEquals(Map.of("[{\"N\":\"1\"}]", "from b", "[{\"N\":\"2\"}]", "only a"), finalTitles(t.readItems()));
            assertEquals(1, t.totals().duplicatesSuperseded());
        }
    }

    @Test
    void shouldDropAnOlderDuplicateThatArrivesLater() {
        try (TopologyFixture t = json()) {
            t.sendObject("data/b.json", line(1, "from b"));
            t.sendObject("data/a.json", line(1, "from a"));

            List<TopologyFixture.OutItem> items = t.readItems();
            assertEquals(1, items.size()); // the late loser never reaches the items topic
            assertEquals(Map.of("[{\"N\":\"1\"}]", "from b"), finalTitles(items));
            StageCounters c = t.totals();
            assertEquals(2, c.itemCount());
            assertEquals(1, c.distinctKeys());
            assertEquals(1, c.duplicatesSuperseded());
        }
    }

    @Test
    void shouldCompareObjectKeysAsUnsignedUtf8Bytes() {
        try (TopologyFixture t = json()) {
            // 'é' is 0xC3 0xA9 in UTF-8: after 'z' as unsigned bytes, though before it as signed bytes
            t.sendObject("data/é.json", line(1, "accented"));
            t.sendObject("data/z.json", line(1, "plain"));

            assertEquals(Map.of("[{\"N\":\"1\"}]", "accented"), finalTitles(t.readItems()));
        }
    }

    @Test
    void shouldCompareItemIndexesAsNumbersNotText() {
        StringBuilder object = new StringBuilder(line(1, "index 0"));
        for (int i = 1; i < 10; i++) {
            object.append(line(100 + i, "filler"));
        }
        object.append(line(1, "index 10")); // "10" < "9" as text
        try (TopologyFixture t = json()) {
            List<TestRecord<byte[], byte[]>> chunks =
                    t.chunksOf("a.json", object.toString().getBytes(StandardCharsets.UTF_8), 120);
            // deliver the object's chunks in reverse: the later record arrives first
            for (int i = chunks.size() - 1; i >= 0; i--) {
                t.chunks.pipeInput(chunks.get(i));
            }

            assertEquals("index 10", finalTitles(t.readItems()).get("[{\"N\":\"1\"}]"));
        }
    }

    @Test
    void shouldOrderItemsOfOneLineBySubIndex() {
        try (TopologyFixture t = json()) {
            t.sendObject("a.json", line(1, "sub 0").strip() + line(1, "sub 1"));

            List<TopologyFixture.OutItem> items = t.readItems();
            assertEquals(
                    List.of(0, 1),
                    items.stream().map(TopologyFixture.OutItem::subIndex).toList());
            assertEquals(Map.of("[{\"N\":\"1\"}]", "sub 1"), finalTitles(items));
        }
    }

    @Test
    void shouldStoreOnlyTheWinnersSequenceByKey() {
        try (TopologyFixture t = json()) {
            t.sendObject("data/a.json", line(7, "x") + line(7, "y"));

            List<TopologyFixture.OutItem> items = t.readItems();
            KeyValueStore<Bytes, byte[]> store = t.driver.getKeyValueStore(ImportTopology.LWW_STORE);
            byte[] winner = store.get(Bytes.wrap(t.lastItemKey()));
            assertNotNull(winner);
            assertEquals("data/a.json#1.0", ItemSequence.toString(winner));
            assertEquals(2, items.size());
        }
    }

    @Test
    void shouldSupersedeExactlyValidItemsMinusDistinctKeys() {
        // 120 items over 3 objects, 7 keys, objects delivered in a scrambled order
        String[] objects = new String[3];
        for (int o = 0; o < 3; o++) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < 40; i++) {
                b.append(line((i * 31 + o) % 7, "o" + o + "i" + i));
            }
            objects[o] = b.toString();
        }
        try (TopologyFixture t = json()) {
            t.sendObject("k/1", objects[1]);
            t.sendObject("k/0", objects[0]);
            t.sendObject("k/2", objects[2]);

            Map<String, String> finals = finalTitles(t.readItems());
            assertEquals(7, finals.size());
            // every key's winner is its last occurrence in the greatest object holding it: object 2
            for (Map.Entry<String, String> e : finals.entrySet()) {
                assertEquals('2', e.getValue().charAt(1), e::toString);
            }
            StageCounters c = t.totals();
            assertEquals(120, c.itemCount());
            assertEquals(7, c.distinctKeys());
            assertEquals(120 - 7, c.duplicatesSuperseded());
            assertEquals(0, c.replaysDropped());
        }
    }
}
