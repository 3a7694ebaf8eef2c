package dev.ddbimport.sink;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One BatchWriteItem's worth of items, at most one per primary key: a later version of a key replaces
 * the earlier one (last write wins), because DynamoDB rejects a batch that names a key twice. The
 * replaced versions are kept to be settled with the batch.
 */
final class ReducedBatch {

    private final int maxItems;
    private final long maxBytes;
    private final Map<ItemKey, PendingWrite> latest;
    private final List<PendingWrite> superseded = new ArrayList<>();
    private long bytes;

    ReducedBatch(int maxItems, long maxBytes) {
        this.maxItems = maxItems;
        this.maxBytes = maxBytes;
        this.latest = new LinkedHashMap<>(maxItems * 2);
    }

    /**
     * Adds {@code write}, replacing an earlier version of its key. False, and nothing changes, when it
     * has a new key and the batch is full (by count, or by bytes unless the batch is empty).
     */
    boolean offer(PendingWrite write) {
        PendingWrite earlier = latest.get(write.key);
        if (earlier == null) {
            if (latest.size() >= maxItems || (!latest.isEmpty() && bytes + write.sizeBytes > maxBytes)) {
                return false;
            }
            latest.put(write.key, write);
            bytes += write.sizeBytes;
            return true;
        }
        latest.put(write.key, write);
        superseded.add(earlier);
        bytes += write.sizeBytes - earlier.sizeBytes;
        return true;
    }

    boolean isEmpty() {
        return latest.isEmpty();
    }

    int size() {
        return latest.size();
    }

    /** The items to send, one per key, in first-seen key order. */
    List<PendingWrite> items() {
        return new ArrayList<>(latest.values());
    }

    Collection<ItemKey> keys() {
        return latest.keySet();
    }

    /** Versions replaced by a later one in this batch; settled when the batch is. */
    List<PendingWrite> superseded() {
        return superseded;
    }
}
