package dev.ddbimport.transform;

import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of one import's topology.
 *
 * @param maxRawRecordBytes how much of a bad record a dead letter keeps
 * @param countersInterval wall-clock period at which changed counters are published
 * @param listener live notifications for metrics
 * @param repartitionPartitions partitions of the repartition topic, so the number of last-write-wins
 *     tasks; the splitter groups items by it, so it must not change while an import runs
 */
public record TransformSettings(
        int maxRawRecordBytes, Duration countersInterval, TransformListener listener, int repartitionPartitions) {

    public static final int DEFAULT_MAX_RAW_RECORD_BYTES = 4096;
    public static final Duration DEFAULT_COUNTERS_INTERVAL = Duration.ofSeconds(1);
    /**
     * Last-write-wins is light work per item (one store lookup), so 8 tasks serve the parse tasks of
     * any likely chunks topic; more would split each chunk's items into smaller batches.
     */
    public static final int DEFAULT_REPARTITION_PARTITIONS = 8;
    /**
     * {@link #repartitionPartitions} meaning "as many as the import's chunks topic has", resolved with
     * {@link #resolveRepartitionPartitions} when the import starts (the service's setting): as many
     * last-write-wins tasks as parse tasks, and no more tasks to start than the import can use.
     */
    public static final int AS_MANY_AS_CHUNKS_PARTITIONS = 0;

    public TransformSettings {
        Objects.requireNonNull(countersInterval, "countersInterval");
        Objects.requireNonNull(listener, "listener");
        if (maxRawRecordBytes < 0) {
            throw new IllegalArgumentException("maxRawRecordBytes must not be negative, got " + maxRawRecordBytes);
        }
        if (countersInterval.isNegative() || countersInterval.isZero()) {
            throw new IllegalArgumentException("countersInterval must be positive, got " + countersInterval);
        }
        if (repartitionPartitions < 0) {
            throw new IllegalArgumentException("repartitionPartitions must be at least 1 (or "
                    + AS_MANY_AS_CHUNKS_PARTITIONS + ": as many as the chunks topic), got " + repartitionPartitions);
        }
    }

    public static TransformSettings defaults() {
        return new TransformSettings(
                DEFAULT_MAX_RAW_RECORD_BYTES,
                DEFAULT_COUNTERS_INTERVAL,
                TransformListener.NONE,
                DEFAULT_REPARTITION_PARTITIONS);
    }

    public TransformSettings withListener(TransformListener newListener) {
        return new TransformSettings(maxRawRecordBytes, countersInterval, newListener, repartitionPartitions);
    }

    public TransformSettings withCountersInterval(Duration interval) {
        return new TransformSettings(maxRawRecordBytes, interval, listener, repartitionPartitions);
    }

    public TransformSettings withMaxRawRecordBytes(int maxBytes) {
        return new TransformSettings(maxBytes, countersInterval, listener, repartitionPartitions);
    }

    public TransformSettings withRepartitionPartitions(int partitions) {
        return new TransformSettings(maxRawRecordBytes, countersInterval, listener, partitions);
    }

    /** These settings with {@link #AS_MANY_AS_CHUNKS_PARTITIONS} replaced by {@code chunkPartitions}. */
    public TransformSettings resolveRepartitionPartitions(int chunkPartitions) {
        if (repartitionPartitions != AS_MANY_AS_CHUNKS_PARTITIONS) {
            return this;
        }
        if (chunkPartitions < 1) {
            throw new IllegalArgumentException("a chunks topic has at least one partition, got " + chunkPartitions);
        }
        return withRepartitionPartitions(chunkPartitions);
    }
}
