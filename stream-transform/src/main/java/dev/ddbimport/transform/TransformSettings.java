package dev.ddbimport.transform;

import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of one import's topology.
 *
 * @param maxRawRecordBytes how much of a bad record a dead letter keeps
 * @param countersInterval wall-clock period at which changed counters are published
 * @param listener live notifications for metrics
 */
public record TransformSettings(int maxRawRecordBytes, Duration countersInterval, TransformListener listener) {

    public static final int DEFAULT_MAX_RAW_RECORD_BYTES = 4096;
    public static final Duration DEFAULT_COUNTERS_INTERVAL = Duration.ofSeconds(1);

    public TransformSettings {
        Objects.requireNonNull(countersInterval, "countersInterval");
        Objects.requireNonNull(listener, "listener");
        if (maxRawRecordBytes < 0) {
            throw new IllegalArgumentException("maxRawRecordBytes must not be negative, got " + maxRawRecordBytes);
        }
        if (countersInterval.isNegative() || countersInterval.isZero()) {
            throw new IllegalArgumentException("countersInterval must be positive, got " + countersInterval);
        }
    }

    public static TransformSettings defaults() {
        return new TransformSettings(DEFAULT_MAX_RAW_RECORD_BYTES, DEFAULT_COUNTERS_INTERVAL, TransformListener.NONE);
    }

    public TransformSettings withListener(TransformListener newListener) {
        return new TransformSettings(maxRawRecordBytes, countersInterval, newListener);
    }

    public TransformSettings withCountersInterval(Duration interval) {
        return new TransformSettings(maxRawRecordBytes, interval, listener);
    }

    public TransformSettings withMaxRawRecordBytes(int maxBytes) {
        return new TransformSettings(maxBytes, countersInterval, listener);
    }
}
