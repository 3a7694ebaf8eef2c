package dev.ddbimport.sink;

import java.util.Arrays;

/**
 * The latest {@value #SIZE} request latencies, for percentiles over recent traffic. A ring buffer:
 * recording is a store, reading sorts a copy (JMX reads are rare).
 */
final class LatencyReservoir {

    static final int SIZE = 2048;

    private final long[] micros = new long[SIZE];
    private long count;

    synchronized void record(long latencyNanos) {
        micros[(int) (count++ % SIZE)] = latencyNanos / 1000;
    }

    /** The {@code quantile} (0..1) of the recorded latencies in milliseconds; 0 when none were recorded. */
    double percentileMillis(double quantile) {
        long[] copy;
        synchronized (this) {
            copy = Arrays.copyOf(micros, (int) Math.min(count, SIZE));
        }
        if (copy.length == 0) {
            return 0;
        }
        Arrays.sort(copy);
        int index = (int) Math.min(copy.length - 1, Math.max(0, Math.ceil(quantile * copy.length) - 1));
        return copy[index] / 1000.0;
    }
}
