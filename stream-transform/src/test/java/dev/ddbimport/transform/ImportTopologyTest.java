package dev.ddbimport.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddbimport.core.error.ErrorRecord;
import dev.ddbimport.core.model.InputFormat;
import dev.ddbimport.core.model.ModelJson;
import dev.ddbimport.core.pipeline.ItemRecordHeaders;
import dev.ddbimport.core.pipeline.StageCounters;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

class ImportTopologyTest {

    private static final String REPARTITION_TOPIC = TransformProperties.APPLICATION_ID_PREFIX
            + TopologyFixture.IMPORT_ID + "-" + ImportTopology.ITEMS_REPARTITION_TOPIC + "-repartition";

    private static TopologyDescription describe() {
        return ImportTopology.build(TopologyFixture.books(InputFormat.DYNAMODB_JSON), TransformSettings.defaults())
                .describe();
    }

    @Test
    void shouldGiveNoGeneratedNames() {
        String d = describe().toString();
        assertFalse(d.contains("KSTREAM-"), d);
        assertFalse(d.contains("KTABLE-"), d);
    }

    @Test
    void shouldNameEveryNodeAndStore() {
        Set<String> nodes = new TreeSet<>();
        Set<String> stores = new TreeSet<>();
        for (TopologyDescription.Subtopology sub : describe().subtopologies()) {
            for (TopologyDescription.Node node : sub.nodes()) {
                nodes.add(node.name());
                if (node instanceof TopologyDescription.Processor p) {
                    stores.addAll(p.stores());
                }
            }
        }
        assertEquals(
                new TreeSet<>(List.of(
                        ImportTopology.CHUNKS_SOURCE,
                        ImportTopology.CHUNK_SPLITTER,
                        ImportTopology.ERRORS_SINK,
                        ImportTopology.PARSE_PROGRESS_SINK,
                        ImportTopology.ITEMS_REPARTITION_FILTER,
                        ImportTopology.ITEMS_REPARTITION_SINK,
                        ImportTopology.ITEMS_REPARTITION_SOURCE,
                        ImportTopology.LAST_WRITE_WINS,
                        ImportTopology.ITEMS_SINK,
                        ImportTopology.DEDUPE_PROGRESS_SINK)),
                nodes);
        Set<String> expectedStores = new TreeSet<>(ImportTopology.STORES);
        expectedStores.add(ImportTopology.LWW_STORE); // the index of the winners' log, not changelogged
        assertEquals(expectedStores, stores);
        assertEquals(2, describe().subtopologies().size());
    }

    @Test
    void shouldCarryTheSourcePointerInItemHeaders() {
        try (TopologyFixture t = new TopologyFixture(TopologyFixture.books(InputFormat.DYNAMODB_JSON))) {
            t.sendObject("data/a.json", "\n{\"Item\":{\"Id\":{\"N\":\"1\"}}}\n");

            TestRecord<byte[], byte[]> item = t.items.readRecord();
            assertEquals(
                    TopologyFixture.BUCKET,
                    TopologyFixture.text(
                            item.headers().lastHeader(ItemRecordHeaders.BUCKET).value()));
            assertEquals(
                    "data/a.json",
                    TopologyFixture.text(item.headers()
                            .lastHeader(ItemRecordHeaders.OBJECT_KEY)
                            .value()));
            assertEquals(
                    "0",
                    TopologyFixture.text(item.headers()
                            .lastHeader(ItemRecordHeaders.ITEM_INDEX)
                            .value()));
            assertEquals(null, item.headers().lastHeader(ItemRecordHeaders.SUB_INDEX));
        }
    }

    @Test
    void shouldDropAnItemRecordSeenTwiceAsAReplay() {
        try (TopologyFixture t = new TopologyFixture(TopologyFixture.books(InputFormat.DYNAMODB_JSON))) {
            t.sendObject("a.json", "{\"Item\":{\"Id\":{\"N\":\"1\"}}}\n");
            TestRecord<byte[], byte[]> item = t.items.readRecord();
            TestInputTopic<byte[], byte[]> repartition =
                    t.driver.createInputTopic(REPARTITION_TOPIC, new ByteArraySerializer(), new ByteArraySerializer());

            // the same item delivered again to last-write-wins (at-least-once upstream), in a batch of its own
            byte[] batch = ItemBatchCodec.encode(
                    item.headers().lastHeader(ItemRecordHeaders.BUCKET).value(),
                    item.headers().lastHeader(ItemRecordHeaders.OBJECT_KEY).value(),
                    List.of(new ItemBatchCodec.BatchItem(item.key(), item.value(), 0, 0)));
            repartition.pipeInput(new TestRecord<>(BatchPartitioner.key(0), batch, new RecordHeaders()));

            assertTrue(t.items.isEmpty());
            StageCounters c = t.totals();
            assertEquals(2, c.itemCount());
            assertEquals(1, c.distinctKeys());
            assertEquals(1, c.replaysDropped());
            assertEquals(0, c.duplicatesSuperseded());
        }
    }

    @Test
    void shouldHandABrokenItemRecordToTheDeadLetterQueueAndGoOn() {
        try (TopologyFixture t = new TopologyFixture(TopologyFixture.books(InputFormat.DYNAMODB_JSON))) {
            TestInputTopic<byte[], byte[]> repartition =
                    t.driver.createInputTopic(REPARTITION_TOPIC, new ByteArraySerializer(), new ByteArraySerializer());

            // not written by the splitter: not an item batch, so last-write-wins throws (a bug, not bad data)
            repartition.pipeInput(
                    new TestRecord<>(TopologyFixture.utf8("k"), TopologyFixture.utf8("v"), new RecordHeaders()));
            t.sendObject("a.json", "{\"Item\":{\"Id\":{\"N\":\"1\"}}}\n");

            assertEquals(1, t.readItems().size());
            TestRecord<byte[], byte[]> dead = t.errors.readRecord();
            assertEquals("v", ModelJson.read(dead.value(), ErrorRecord.class).rawRecord());
            assertNotNull(dead.headers().lastHeader("__streams.errors.exception"));
            assertTrue(t.errors.isEmpty());
        }
    }

    @Test
    void shouldWriteDeadLettersThatReadBackAsErrorRecords() {
        try (TopologyFixture t = new TopologyFixture(TopologyFixture.books(InputFormat.DYNAMODB_JSON))) {
            t.sendObject("a.json", "{\"Item\":{}}\n");

            TestRecord<byte[], byte[]> r = t.errors.readRecord();
            assertEquals("a.json", TopologyFixture.text(r.key()));
            String json = TopologyFixture.text(r.value());
            assertTrue(
                    json.startsWith("{\"itemS3Pointer\":{\"bucket\":\"my-bucket\",\"key\":\"a.json\",\"itemIndex\":0}"),
                    json);
            assertEquals(
                    "MISSING_KEY",
                    ModelJson.read(r.value(), ErrorRecord.class).errorCode().name());
        }
    }
}
