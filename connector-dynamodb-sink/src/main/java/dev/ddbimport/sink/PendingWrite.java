package dev.ddbimport.sink;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * One item record on its way to the table: its key, the prepared PutRequest, where it came from, and
 * whether it is settled (written, merged into a later version, or dead-lettered). Offsets commit
 * only up to the first unsettled record of each partition.
 */
final class PendingWrite {

    final SinkRecord record;
    final TopicPartition partition;
    final long offset;
    final ItemKey key;
    /** The PutRequest, or null when the record was not an item record (it goes straight to the errors). */
    final WriteRequest request;
    /** The item record's size: a close estimate of the item's DynamoDB size. */
    final int sizeBytes;

    private volatile boolean done;
    private volatile String rejection;

    PendingWrite(
            SinkRecord record,
            TopicPartition partition,
            long offset,
            ItemKey key,
            WriteRequest request,
            int sizeBytes) {
        this.record = record;
        this.partition = partition;
        this.offset = offset;
        this.key = key;
        this.request = request;
        this.sizeBytes = sizeBytes;
    }

    boolean done() {
        return done;
    }

    void markDone() {
        done = true;
    }

    /** Why DynamoDB (or decoding) refused the item, or null. */
    String rejection() {
        return rejection;
    }

    void reject(String message) {
        rejection = message;
    }

    /** Write capacity units of a standard write: one per started KB. */
    int writeUnits() {
        return Math.max(1, (sizeBytes + 1023) / 1024);
    }

    @Override
    public String toString() {
        return partition + "@" + offset + " key " + key;
    }
}
