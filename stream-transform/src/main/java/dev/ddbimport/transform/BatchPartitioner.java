package dev.ddbimport.transform;

import java.util.Optional;
import java.util.Set;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * Sends an item batch to the repartition partition the splitter chose for it, carried in the
 * record's key ({@link #key}). The splitter groups items by {@link ItemBatchCodec#partition} of their
 * own key before any partitioner runs, so the topic's partition count is fixed by configuration
 * ({@link TransformSettings#repartitionPartitions}), and checked here against the real topic.
 */
final class BatchPartitioner implements StreamPartitioner<byte[], byte[]> {

    private final int partitions;

    BatchPartitioner(int partitions) {
        this.partitions = partitions;
    }

    /** The key of a batch for {@code partition}: 4 bytes, big-endian. */
    static byte[] key(int partition) {
        return new byte[] {
            (byte) (partition >>> 24), (byte) (partition >>> 16), (byte) (partition >>> 8), (byte) partition
        };
    }

    /**
     * @throws IllegalStateException when the key is not a batch key or the topic has another partition
     *     count than the items were grouped for (a bug or a changed setting: items of one key would
     *     meet different last-write-wins tasks)
     */
    @Override
    public Optional<Set<Integer>> partitions(String topic, byte[] key, byte[] value, int numPartitions) {
        if (numPartitions != partitions) {
            throw new IllegalStateException("repartition topic " + topic + " has " + numPartitions
                    + " partitions, the transform groups items for " + partitions + " (repartitionPartitions):"
                    + " the setting must not change while an import runs; delete the import's internal topics"
                    + " and state to change it");
        }
        if (key == null || key.length != 4) {
            throw new IllegalStateException(
                    "repartition record without a 4-byte partition key: it was not written" + " by the chunk splitter");
        }
        int p = ((key[0] & 0xFF) << 24) | ((key[1] & 0xFF) << 16) | ((key[2] & 0xFF) << 8) | (key[3] & 0xFF);
        if (p < 0 || p >= partitions) {
            throw new IllegalStateException("repartition key names partition " + p + " of " + partitions);
        }
        return Optional.of(Set.of(p));
    }
}
