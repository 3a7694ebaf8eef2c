package dev.ddbimport.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * The last-write-wins index ({@code lww-sequences}) is rebuilt from the changelogged log of winners
 * ({@code lww-winners-log}), which is what a restored task has after a crash: the processor must
 * then still reject an item older than a winner it forwarded before.
 */
class WinnersLogTest {

    private static final String REPARTITION = "bench-items-by-key-repartition";
    private static final byte[] BUCKET = utf8("bucket");
    private static final byte[] KEY = utf8("\u0001key-1");
    private static final byte[] OTHER_KEY = utf8("\u0001key-2");

    /** The stores of one task; the log survives a "crash", the index is whatever the test gives. */
    private final KeyValueStore<Bytes, byte[]> log = store(ImportTopology.LWW_LOG_STORE);

    private final KeyValueStore<String, Long> counters = Stores.keyValueStoreBuilder(
                    Stores.inMemoryKeyValueStore(ImportTopology.DEDUPE_COUNTERS_STORE), Serdes.String(), Serdes.Long())
            .withLoggingDisabled()
            .build();

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static KeyValueStore<Bytes, byte[]> store(String name) {
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.Bytes(), Serdes.ByteArray())
                .withLoggingDisabled()
                .build();
    }

    private static byte[] batch(String objectKey, ItemBatchCodec.BatchItem... items) {
        return ItemBatchCodec.encode(BUCKET, utf8(objectKey), List.of(items));
    }

    private static ItemBatchCodec.BatchItem item(byte[] key, long itemIndex) {
        return new ItemBatchCodec.BatchItem(key, utf8("item"), itemIndex, 0);
    }

    /** A processor started on {@code index} and this test's log and counters, as Kafka Streams starts a task. */
    private MockProcessorContext<byte[], byte[]> start(KeyValueStore<Bytes, byte[]> index, LastWriteWinsProcessor p) {
        MockProcessorContext<byte[], byte[]> context = new MockProcessorContext<>();
        for (var s : List.of(index, log)) {
            if (!s.isOpen()) {
                s.init(context.getStateStoreContext(), s);
            }
            context.addStateStore(s);
        }
        if (!counters.isOpen()) {
            counters.init(context.getStateStoreContext(), counters);
        }
        context.addStateStore(counters);
        p.init(context);
        return context;
    }

    private static LastWriteWinsProcessor processor() {
        return new LastWriteWinsProcessor(TransformSettings.defaults(), "items", "progress");
    }

    private static void send(
            MockProcessorContext<byte[], byte[]> context, LastWriteWinsProcessor p, long offset, byte[] batch) {
        context.setRecordMetadata(REPARTITION, 0, offset);
        p.process(new Record<>(BatchPartitioner.key(0), batch, 0L));
    }

    @Test
    void shouldWriteOneLogEntryPerBatchHoldingItsWinners() {
        KeyValueStore<Bytes, byte[]> index = store(ImportTopology.LWW_STORE);
        LastWriteWinsProcessor p = processor();
        MockProcessorContext<byte[], byte[]> context = start(index, p);

        send(context, p, 5, batch("b.json", item(KEY, 3), item(OTHER_KEY, 4)));
        send(context, p, 6, batch("a.json", item(KEY, 9))); // older object: no winner, no entry

        ItemBatchCodec.ItemBatch entry =
                ItemBatchCodec.decode(log.get(Bytes.wrap(LastWriteWinsProcessor.offsetBytes(5))));
        assertEquals("b.json", new String(entry.objectKey(), StandardCharsets.UTF_8));
        assertEquals(
                List.of("\u0001key-1#3", "\u0001key-2#4"),
                entry.items().stream()
                        .map(i -> new String(i.key(), StandardCharsets.UTF_8) + "#" + i.itemIndex())
                        .toList());
        assertNull(log.get(Bytes.wrap(LastWriteWinsProcessor.offsetBytes(6))));
        assertEquals(2, context.forwarded().size());
    }

    @Test
    void shouldRebuildALostIndexFromTheLogAndStillRejectAnOlderItem() {
        LastWriteWinsProcessor before = processor();
        send(start(store(ImportTopology.LWW_STORE), before), before, 0, batch("b.json", item(KEY, 3)));

        // a crash: the index is gone, the log comes back (Kafka Streams restores it from its changelog)
        KeyValueStore<Bytes, byte[]> index = store(ImportTopology.LWW_STORE);
        LastWriteWinsProcessor after = processor();
        MockProcessorContext<byte[], byte[]> context = start(index, after);

        assertEquals("b.json#3.0", ItemSequence.toString(index.get(Bytes.wrap(KEY))));
        send(context, after, 1, batch("a.json", item(KEY, 7)));
        assertEquals(0, context.forwarded().size(), "a.json is older than b.json: dropped");
        send(context, after, 2, batch("c.json", item(KEY, 0)));
        assertEquals(1, context.forwarded().size(), "c.json is newer: forwarded");
    }

    @Test
    void shouldRebuildTheLastWinnerOfAKeyThatWonSeveralTimesInAndAcrossEntries() {
        LastWriteWinsProcessor before = processor();
        MockProcessorContext<byte[], byte[]> first = start(store(ImportTopology.LWW_STORE), before);
        send(first, before, 0, batch("a.json", item(KEY, 1), item(KEY, 2))); // both won: one entry, twice
        send(first, before, 1, batch("b.json", item(KEY, 0), item(OTHER_KEY, 5)));
        send(first, before, 2, batch("a.json", item(OTHER_KEY, 9))); // older than b.json: no entry

        // a crash: the index is rebuilt from the log's two entries
        KeyValueStore<Bytes, byte[]> index = store(ImportTopology.LWW_STORE);
        start(index, processor());

        assertEquals("b.json#0.0", ItemSequence.toString(index.get(Bytes.wrap(KEY))));
        assertEquals("b.json#5.0", ItemSequence.toString(index.get(Bytes.wrap(OTHER_KEY))));
        assertEquals(1, LastWriteWinsProcessor.offsetOf(index.get(LastWriteWinsProcessor.APPLIED_KEY)));
    }

    @Test
    void shouldApplyOnlyTheLogEntriesAStaleIndexMisses() {
        KeyValueStore<Bytes, byte[]> stale = store(ImportTopology.LWW_STORE);
        LastWriteWinsProcessor first = processor();
        send(start(stale, first), first, 10, batch("a.json", item(KEY, 1)));
        // the task ran elsewhere meanwhile: the log (restored) has a later winner this index never saw
        LastWriteWinsProcessor elsewhere = processor();
        send(start(store(ImportTopology.LWW_STORE), elsewhere), elsewhere, 11, batch("c.json", item(KEY, 1)));
        stale.put(Bytes.wrap(OTHER_KEY), ItemSequence.encode(utf8("z.json"), 0, 0)); // not in the log: kept

        LastWriteWinsProcessor back = processor();
        MockProcessorContext<byte[], byte[]> context = start(stale, back);

        assertEquals("c.json#1.0", ItemSequence.toString(stale.get(Bytes.wrap(KEY))));
        assertEquals("z.json#0.0", ItemSequence.toString(stale.get(Bytes.wrap(OTHER_KEY))));
        assertEquals(11, LastWriteWinsProcessor.offsetOf(stale.get(LastWriteWinsProcessor.APPLIED_KEY)));
        send(context, back, 12, batch("b.json", item(KEY, 5)));
        assertEquals(0, context.forwarded().size(), "b.json is older than c.json: dropped");
    }

    @Test
    void shouldLeaveAnIndexThatHoldsTheWholeLogAsItIs() {
        KeyValueStore<Bytes, byte[]> index = store(ImportTopology.LWW_STORE);
        LastWriteWinsProcessor first = processor();
        send(start(index, first), first, 3, batch("a.json", item(KEY, 1)));
        index.put(
                Bytes.wrap(KEY),
                ItemSequence.encode(utf8("0.json"), 0, 0)); // older than a.json: a replay would overwrite it

        start(index, processor());

        assertEquals("0.json#0.0", ItemSequence.toString(index.get(Bytes.wrap(KEY))));
        int entries = 0;
        try (KeyValueIterator<Bytes, byte[]> all = index.all()) {
            while (all.hasNext()) {
                all.next();
                entries++;
            }
        }
        assertEquals(2, entries, "the key and the applied offset");
    }
}
