package dev.ddbimport.source;

/**
 * A task's progress, registered as {@code dev.ddbimport.source:type=S3ImportSourceTask,connector=<name>,task=<n>}
 * while the task runs. Counters restart at zero with the task; the durable progress is in the offsets.
 */
public interface S3ImportSourceTaskMetricsMXBean {

    /** Uncompressed bytes decompressed (re-read bytes of a resumed object included). */
    long getBytesRead();

    /** Records and per-record framing errors sent in chunks. */
    long getRecords();

    /** Error markers sent (framing errors, corrupt or mismatched compression). */
    long getErrorMarkers();

    /** Chunk records handed to Connect. */
    long getChunks();

    /** Objects of this task whose final chunk was sent (ones done before a restart included). */
    long getObjectsDone();

    /** Objects assigned to this task. */
    long getObjectsTotal();

    /** S3 request attempts that were retries (throttling, 5xx, network). */
    long getS3Retries();

    /** Average uncompressed bytes per second since the task started. */
    double getBytesPerSecond();

    /** Average records per second since the task started. */
    double getRecordsPerSecond();
}
