package dev.ddbimport.sink;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Per partition, the records not yet settled, in offset order. The committable offset of a partition
 * is its first unsettled record's offset (everything before it is in the table or dead-lettered), or
 * one past the last record when all are settled. Used on the task thread only.
 */
final class OffsetTracker {

    private static final class Partition {
        final ArrayDeque<PendingWrite> pending = new ArrayDeque<>();
        long next = -1;
    }

    private final Map<TopicPartition, Partition> partitions = new HashMap<>();

    void track(PendingWrite write) {
        Partition p = partitions.computeIfAbsent(write.partition, tp -> new Partition());
        p.pending.addLast(write);
        p.next = write.offset + 1;
    }

    /** The offsets that may be committed now, for every partition that received records. */
    Map<TopicPartition, OffsetAndMetadata> committable() {
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        for (Map.Entry<TopicPartition, Partition> e : partitions.entrySet()) {
            Partition p = e.getValue();
            while (!p.pending.isEmpty() && p.pending.peekFirst().done()) {
                p.pending.pollFirst();
            }
            long offset = p.pending.isEmpty() ? p.next : p.pending.peekFirst().offset;
            out.put(e.getKey(), new OffsetAndMetadata(offset));
        }
        return out;
    }

    void forget(Collection<TopicPartition> revoked) {
        revoked.forEach(partitions::remove);
    }
}
