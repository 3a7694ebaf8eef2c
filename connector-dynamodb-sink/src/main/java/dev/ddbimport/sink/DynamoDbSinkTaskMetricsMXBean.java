package dev.ddbimport.sink;

/**
 * A task's write statistics, registered as {@code dev.ddbimport.sink:type=DynamoDbSinkTask,connector=<name>,task=<n>}
 * while the task runs. Counters restart at zero with the task; durable progress is in the consumer offsets.
 */
public interface DynamoDbSinkTaskMetricsMXBean {

    /** Items DynamoDB acknowledged (a replayed item counts again). */
    long getItemsWritten();

    /** Items not sent because a later version of the same key was in the same batch. */
    long getItemsMerged();

    /** BatchWriteItem requests sent, retries included. */
    long getBatches();

    /** Items sent again after DynamoDB returned them as UnprocessedItems. */
    long getUnprocessedRetries();

    /** Requests answered with a throttling error (ProvisionedThroughputExceeded, ThrottlingException, RequestLimitExceeded). */
    long getThrottles();

    /** Requests that failed with another retriable error (5xx, timeout, connection). */
    long getRetriableErrors();

    /** Items DynamoDB refused (ValidationException), sent to the dead-letter topic. */
    long getErrantItems();

    /** Write capacity units DynamoDB reported as consumed (ReturnConsumedCapacity TOTAL, with consumed.capacity.metric=true); 0 otherwise. */
    double getConsumedWriteCapacityUnits();

    /** Median BatchWriteItem latency over the latest 2048 requests, in milliseconds. */
    double getWriteLatencyP50Millis();

    /** 99th percentile BatchWriteItem latency over the latest 2048 requests, in milliseconds. */
    double getWriteLatencyP99Millis();

    /** Average items written per second since the task started. */
    double getItemsPerSecond();

    /** Batches in flight now (sent, or waiting for a retry or the rate limit). */
    int getInFlightBatches();

    /** Items the task holds that DynamoDB has not acknowledged yet. */
    long getBufferedItems();
}
