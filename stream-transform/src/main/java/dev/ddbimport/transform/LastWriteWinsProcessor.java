package dev.ddbimport.transform;

import dev.ddbimport.core.pipeline.StageCounters;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps, per item key, the greatest {@link ItemSequence} seen and forwards an item only when it is
 * newer than that. Records of one key all reach the same task (the input is partitioned by key), so
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
    public void process(Record<byte[], byte[]> item) {
        Bytes key = Bytes.wrap(item.key());
        byte[] incoming = ItemSequence.of(item.headers());
        byte[] stored = winners.get(key);
        if (stored == null) {
            counters.add(CounterStore.DISTINCT_KEYS, 1);
            remember(key, incoming);
            context.forward(item, itemsChild);
        } else if (isNewer(incoming, stored)) {
            // the item forwarded before is superseded by this one
            countDuplicate();
            remember(key, incoming);
            context.forward(item, itemsChild);
        } else if (ItemSequence.compare(incoming, stored) < 0) {
            countDuplicate();
        } else {
            // the very same record again: delivered twice upstream, not a second item
            counters.add(CounterStore.REPLAYS_DROPPED, 1);
            settings.listener().onReplay();
        }
        counters.flush();
    }

    private static boolean isNewer(byte[] incoming, byte[] stored) {
        return ItemSequence.compare(incoming, stored) > 0;
    }

    private void remember(Bytes key, byte[] sequence) {
        winners.put(key, sequence);
    }

    private void countDuplicate() {
        counters.add(CounterStore.DUPLICATES_SUPERSEDED, 1);
        settings.listener().onDuplicate();
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
