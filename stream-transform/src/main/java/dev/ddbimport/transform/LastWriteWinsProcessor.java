package dev.ddbimport.transform;

import dev.ddbimport.core.pipeline.ItemRecordHeaders;
import dev.ddbimport.core.pipeline.StageCounters;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps, per item key, the greatest {@link ItemSequence} seen and forwards an item only when it is
 * newer than that. Its input is {@link ItemBatchCodec} batches; each winner goes out as its own
 * items-topic record, and the counters are written once per batch. Records of one key all reach the same task (the input is partitioned by key), so
 * per key the output is a strictly increasing run of sequences and its last record is the winner,
 * whatever order the items arrived in. The store holds only the winner's sequence, not the item.
 *
 * <p>Durability: the winners of each batch are written once, as one entry of the changelogged {@link
 * ImportTopology#LWW_LOG_STORE} keyed by the batch's input offset; {@link ImportTopology#LWW_STORE}
 * (key → sequence, what {@code process} reads) is a local index of that log, not changelogged. The
 * index remembers the last log entry it holds ({@link #APPLIED_KEY}); {@code init}, which Kafka
 * Streams calls after restoring the log, applies the entries after it. After a crash under
 * exactly-once Kafka Streams wipes the task's whole state directory (both stores) and restores the
 * log as committed, so the index is rebuilt from committed winners only.
 */
final class LastWriteWinsProcessor implements Processor<byte[], byte[], byte[], byte[]> {

    /**
     * Index entry holding the input offset of the last log entry applied (8 bytes, big-endian). Item
     * keys are never empty ({@code ItemCodec.keyBytes} starts with a type tag), so it cannot collide.
     */
    static final Bytes APPLIED_KEY = Bytes.wrap(new byte[0]);

    private static final byte[] NO_BYTES = new byte[0];

    private final TransformSettings settings;
    private final ItemBatchCodec.Writer logEntry = new ItemBatchCodec.Writer();
    private final String itemsChild;
    private final String progressChild;

    private ProcessorContext<byte[], byte[]> context;
    private KeyValueStore<Bytes, byte[]> winners;
    private KeyValueStore<Bytes, byte[]> log;
    private CounterStore counters;
    private byte[] progressKey;

    LastWriteWinsProcessor(TransformSettings settings, String itemsChild, String progressChild) {
        this.settings = settings;
        this.itemsChild = itemsChild;
        this.progressChild = progressChild;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        this.winners = context.getStateStore(ImportTopology.LWW_STORE);
        this.log = context.getStateStore(ImportTopology.LWW_LOG_STORE);
        catchUpIndex();
        this.counters = new CounterStore(context.getStateStore(ImportTopology.DEDUPE_COUNTERS_STORE));
        this.progressKey = StageCounters.dedupeKey(context.taskId().partition()).getBytes(StandardCharsets.UTF_8);
        context.schedule(settings.countersInterval(), PunctuationType.WALL_CLOCK_TIME, this::publishIfChanged);
    }

    @Override
    public void process(Record<byte[], byte[]> batchRecord) {
        // decoded whole first: a corrupt batch fails before any of it is forwarded or counted
        ItemBatchCodec.ItemBatch batch = ItemBatchCodec.decode(batchRecord.value());
        byte[] bucket = batch.bucket();
        byte[] objectKey = batch.objectKey();
        long offset = context.recordMetadata()
                .orElseThrow(() -> new IllegalStateException("last-write-wins got a record without an input offset:"
                        + " its log is keyed by it; this processor must read the repartition topic"))
                .offset();
        // the log entry reuses the batch format: the winners' keys and places, no bucket, no item bytes
        logEntry.start(NO_BYTES, objectKey);
        // the batch's index updates go in with one putAll (one RocksDB write batch) at the end; until
        // then a key's newer version in the same batch is looked up here first
        Map<Bytes, byte[]> batchWinners = new HashMap<>();
        long distinct = 0;
        long superseded = 0;
        long replays = 0;
        try {
            for (ItemBatchCodec.BatchItem item : batch.items()) {
                Bytes key = Bytes.wrap(item.key());
                byte[] incoming = ItemSequence.encode(objectKey, item.itemIndex(), item.subIndex());
                byte[] stored = batchWinners.get(key);
                if (stored == null) {
                    stored = winners.get(key);
                }
                int order = stored == null ? 1 : ItemSequence.compare(incoming, stored);
                if (order > 0) {
                    if (stored == null) {
                        distinct++;
                    } else {
                        // the item forwarded before is superseded by this one
                        superseded++;
                        settings.listener().onDuplicate();
                    }
                    batchWinners.put(key, incoming);
                    logEntry.add(item.key(), NO_BYTES, item.itemIndex(), item.subIndex());
                    forward(item, bucket, objectKey, batchRecord.timestamp());
                } else if (order < 0) {
                    superseded++;
                    settings.listener().onDuplicate();
                } else {
                    // the very same record again: delivered twice upstream, not a second item
                    replays++;
                    settings.listener().onReplay();
                }
            }
        } finally {
            // once per batch, in this call: stores, forwarded items and input offset commit together;
            // the log holds every winner put in the index, also when a forward failed half-way
            if (logEntry.count() > 0) {
                byte[] offsetKey = offsetBytes(offset);
                log.put(Bytes.wrap(offsetKey), logEntry.finish());
                putIndex(batchWinners, offsetKey);
            }
            counters.add(CounterStore.DISTINCT_KEYS, distinct);
            counters.add(CounterStore.DUPLICATES_SUPERSEDED, superseded);
            counters.add(CounterStore.REPLAYS_DROPPED, replays);
            counters.flush();
        }
    }

    /**
     * Applies to the index the log entries it does not hold yet: none after a clean restart, all of
     * them after a crash (both stores wiped, the log restored), those written elsewhere when the task
     * comes back to an instance that had it before.
     */
    private void catchUpIndex() {
        byte[] applied = winners.get(APPLIED_KEY);
        long next = applied == null ? 0 : offsetOf(applied) + 1;
        try (KeyValueIterator<Bytes, byte[]> entries = log.range(Bytes.wrap(offsetBytes(next)), null)) {
            while (entries.hasNext()) {
                KeyValue<Bytes, byte[]> entry = entries.next();
                ItemBatchCodec.ItemBatch winnersOfBatch = ItemBatchCodec.decode(entry.value);
                // one putAll per entry, as process writes it: heap bounded by a batch, not by the whole
                // log (all of it after a crash); a key may appear twice in an entry, so look here first
                Map<Bytes, byte[]> entryWinners = new HashMap<>();
                for (ItemBatchCodec.BatchItem item : winnersOfBatch.items()) {
                    Bytes key = Bytes.wrap(item.key());
                    byte[] sequence =
                            ItemSequence.encode(winnersOfBatch.objectKey(), item.itemIndex(), item.subIndex());
                    byte[] stored = entryWinners.get(key);
                    if (stored == null) {
                        stored = winners.get(key);
                    }
                    if (stored == null || ItemSequence.compare(sequence, stored) > 0) {
                        entryWinners.put(key, sequence);
                    }
                }
                putIndex(entryWinners, entry.key.get()); // the log's key is the offset's bytes already
            }
        }
    }

    /**
     * Writes a batch's winners to the index together with the offset of their log entry, in one putAll
     * (one RocksDB write batch). The map holds each key once, with its last winner of the batch, so the
     * order of the puts does not matter.
     */
    private void putIndex(Map<Bytes, byte[]> batchWinners, byte[] logOffsetKey) {
        List<KeyValue<Bytes, byte[]>> updates = new ArrayList<>(batchWinners.size() + 1);
        for (Map.Entry<Bytes, byte[]> w : batchWinners.entrySet()) {
            updates.add(KeyValue.pair(w.getKey(), w.getValue()));
        }
        updates.add(KeyValue.pair(APPLIED_KEY, logOffsetKey));
        winners.putAll(updates);
    }

    /** An input offset as a log key: 8 bytes big-endian, so the log's byte order is offset order. */
    static byte[] offsetBytes(long offset) {
        return ByteBuffer.allocate(Long.BYTES).putLong(offset).array();
    }

    static long offsetOf(byte[] key) {
        if (key.length != 8) {
            throw new IllegalStateException("last-write-wins log key or applied offset of " + key.length
                    + " bytes, expected 8: the task's state was not written by this version; delete the"
                    + " import's local state and internal topics to rebuild it");
        }
        return ByteBuffer.wrap(key).getLong();
    }

    /** The items topic's record: key bytes, item bytes, {@link ItemRecordHeaders} as the contract says. */
    private void forward(ItemBatchCodec.BatchItem item, byte[] bucket, byte[] objectKey, long timestamp) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(ItemRecordHeaders.BUCKET, bucket);
        headers.add(ItemRecordHeaders.OBJECT_KEY, objectKey);
        headers.add(ItemRecordHeaders.ITEM_INDEX, Decimal.bytes(item.itemIndex()));
        if (item.subIndex() > 0) {
            headers.add(ItemRecordHeaders.SUB_INDEX, Decimal.bytes(item.subIndex()));
        }
        context.forward(new Record<>(item.key(), item.item(), timestamp, headers), itemsChild);
    }

    private void publishIfChanged(long now) {
        if (counters.changedSincePublished()) {
            context.forward(new Record<>(progressKey, snapshot().toJson(), now), progressChild);
            counters.markPublished();
        }
    }

    /** ItemCount is not stored: every item is exactly one of the other three, so one store write per item. */
    private StageCounters snapshot() {
        long distinct = counters.get(CounterStore.DISTINCT_KEYS);
        long superseded = counters.get(CounterStore.DUPLICATES_SUPERSEDED);
        long replays = counters.get(CounterStore.REPLAYS_DROPPED);
        return new StageCounters(
                0, 0, 0, Map.of(), 0, 0, distinct + superseded + replays, distinct, superseded, replays);
    }
}
