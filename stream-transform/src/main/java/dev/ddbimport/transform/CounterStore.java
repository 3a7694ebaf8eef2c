package dev.ddbimport.transform;

import dev.ddbimport.core.error.ErrorCode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A task's counters: named longs in a persistent store, mirrored in memory. Increments go to the
 * mirror and {@link #flush} writes the changed ones to the store before the processor returns, so
 * the store always matches the records forwarded and both commit in one transaction. The mirror is
 * reloaded from the store when the task (re)starts, which is what keeps the counters exact across
 * crashes under exactly_once_v2.
 */
final class CounterStore {

    static final String PROCESSED_SIZE_BYTES = "ProcessedSizeBytes";
    static final String PROCESSED_ITEM_COUNT = "ProcessedItemCount";
    static final String ERROR_COUNT = "ErrorCount";
    static final String FATAL_ERROR_COUNT = "FatalErrorCount";
    static final String OBJECTS_COMPLETED = "ObjectsCompleted";
    static final String DISTINCT_KEYS = "DistinctKeys";
    static final String DUPLICATES_SUPERSEDED = "DuplicatesSuperseded";
    static final String REPLAYS_DROPPED = "ReplaysDropped";
    /** Errors of one code are stored under this prefix plus the code's name. */
    static final String ERRORS_BY_CODE_PREFIX = "ErrorsByCode.";

    private final KeyValueStore<String, Long> store;
    private final Map<String, Long> values = new HashMap<>();
    private final Set<String> unflushed = new HashSet<>();
    private boolean unpublished = true; // a restarted task publishes its snapshot once

    CounterStore(KeyValueStore<String, Long> store) {
        this.store = store;
        try (KeyValueIterator<String, Long> all = store.all()) {
            all.forEachRemaining(kv -> values.put(kv.key, kv.value));
        }
    }

    void add(String name, long delta) {
        if (delta != 0) {
            values.merge(name, delta, Long::sum);
            unflushed.add(name);
        }
    }

    void addError(ErrorCode code, boolean fatal) {
        add(ERROR_COUNT, 1);
        add(ERRORS_BY_CODE_PREFIX + code.name(), 1);
        if (fatal) {
            add(FATAL_ERROR_COUNT, 1);
        }
    }

    long get(String name) {
        return values.getOrDefault(name, 0L);
    }

    /** Writes the counters changed since the last flush to the store. */
    void flush() {
        if (unflushed.isEmpty()) {
            return;
        }
        for (String name : unflushed) {
            store.put(name, values.get(name));
        }
        unflushed.clear();
        unpublished = true;
    }

    /** True when a snapshot is due: something changed since the last one (or the task restarted). */
    boolean changedSincePublished() {
        return unpublished;
    }

    /** Records that a snapshot of the current values was published. */
    void markPublished() {
        unpublished = false;
    }

    /** The error counts by {@link ErrorCode} name. */
    Map<String, Long> errorsByCode() {
        Map<String, Long> byCode = new TreeMap<>();
        values.forEach((name, n) -> {
            if (name.startsWith(ERRORS_BY_CODE_PREFIX)) {
                byCode.put(name.substring(ERRORS_BY_CODE_PREFIX.length()), n);
            }
        });
        return byCode;
    }
}
