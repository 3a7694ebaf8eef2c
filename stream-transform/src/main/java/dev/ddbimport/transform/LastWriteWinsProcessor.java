package dev.ddbimport.transform;

import dev.ddbimport.core.pipeline.ItemRecordHeaders;
import dev.ddbimport.core.pipeline.StageCounters;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps, per item key, the greatest {@link ItemSequence} seen and forwards an item only when it is
 * newer than that. Its input is {@link ItemBatchCodec} batches; each winner goes out as its own
 * items-topic record, and the counters are written once per batch. Records of one key all reach the same task (the input is partitioned by key), so
 * per key the output is a strictly increasing run of sequences and its last record is the winner,
 * whatever order the items arrived in. The store holds only the winner's sequence, not the item.
 */
final class LastWriteWinsProcessor implements Processor<byte[], byte[], byte[], byte[]> {

    private final TransformSettings settings;
    private final String itemsChild;
    private final String progressChild;

    private ProcessorContext<byte[], byte[]> context;
    private KeyValueStore<Bytes, byte[]> winners;
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
        long distinct = 0;
        long superseded = 0;
        long replays = 0;
        try {
            for (ItemBatchCodec.BatchItem item : batch.items()) {
                Bytes key = Bytes.wrap(item.key());
                byte[] incoming = ItemSequence.encode(objectKey, item.itemIndex(), item.subIndex());
                byte[] stored = winners.get(key);
                int order = stored == null ? 1 : ItemSequence.compare(incoming, stored);
                if (order > 0) {
                    if (stored == null) {
                        distinct++;
                    } else {
                        // the item forwarded before is superseded by this one
                        superseded++;
                        settings.listener().onDuplicate();
                    }
                    winners.put(key, incoming);
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
            // once per batch, in this call: store, forwarded items and input offset commit together
            counters.add(CounterStore.DISTINCT_KEYS, distinct);
            counters.add(CounterStore.DUPLICATES_SUPERSEDED, superseded);
            counters.add(CounterStore.REPLAYS_DROPPED, replays);
            counters.flush();
        }
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
