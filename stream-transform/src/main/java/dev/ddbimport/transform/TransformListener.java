package dev.ddbimport.transform;

import dev.ddbimport.core.error.ErrorCode;

/**
 * Live notifications from the topology, for metrics. Called on the stream thread as records are
 * processed, so a record re-processed after an aborted transaction is reported again: use it for
 * rates and dashboards, never for the import's totals (those are the counters on the progress topic).
 * Implementations must be quick and must not throw.
 */
public interface TransformListener {

    /** A listener that ignores everything. */
    TransformListener NONE = new TransformListener() {};

    /** {@code n} records (items and bad records) were read from chunks. */
    default void onRecords(long n) {}

    /** A record was dead-lettered with {@code code}. */
    default void onError(ErrorCode code) {}

    /** An item lost to a newer item with the same key. */
    default void onDuplicate() {}

    /** An item was dropped as a replay of one already seen (at-least-once upstream). */
    default void onReplay() {}
}
