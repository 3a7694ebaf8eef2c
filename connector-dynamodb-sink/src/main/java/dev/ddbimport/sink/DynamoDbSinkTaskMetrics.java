package dev.ddbimport.sink;

import dev.ddbimport.connect.TaskMBeans;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import javax.management.ObjectName;

/** The counters behind {@link DynamoDbSinkTaskMetricsMXBean}, and their JMX registration. */
final class DynamoDbSinkTaskMetrics implements DynamoDbSinkTaskMetricsMXBean {

    final LongAdder itemsWritten = new LongAdder();
    final LongAdder itemsMerged = new LongAdder();
    final LongAdder batches = new LongAdder();
    final LongAdder unprocessedRetries = new LongAdder();
    final LongAdder throttles = new LongAdder();
    final LongAdder retriableErrors = new LongAdder();
    final LongAdder errantItems = new LongAdder();
    final DoubleAdder consumedCapacity = new DoubleAdder();
    final LatencyReservoir latency = new LatencyReservoir();
    private final long startNanos = System.nanoTime();
    private volatile IntSupplier inFlightBatches = () -> 0;
    private volatile LongSupplier bufferedItems = () -> 0;
    private ObjectName name;

    /** Where the gauges read from. */
    void gauges(IntSupplier inFlight, LongSupplier buffered) {
        this.inFlightBatches = inFlight;
        this.bufferedItems = buffered;
    }

    void register(String connector, String task) {
        name = TaskMBeans.register(
                this,
                "dev.ddbimport.sink:type=DynamoDbSinkTask,connector=" + ObjectName.quote(connector) + ",task="
                        + ObjectName.quote(task));
    }

    void unregister() {
        TaskMBeans.unregister(name);
        name = null;
    }

    @Override
    public long getItemsWritten() {
        return itemsWritten.sum();
    }

    @Override
    public long getItemsMerged() {
        return itemsMerged.sum();
    }

    @Override
    public long getBatches() {
        return batches.sum();
    }

    @Override
    public long getUnprocessedRetries() {
        return unprocessedRetries.sum();
    }

    @Override
    public long getThrottles() {
        return throttles.sum();
    }

    @Override
    public long getRetriableErrors() {
        return retriableErrors.sum();
    }

    @Override
    public long getErrantItems() {
        return errantItems.sum();
    }

    @Override
    public double getConsumedWriteCapacityUnits() {
        return consumedCapacity.sum();
    }

    @Override
    public double getWriteLatencyP50Millis() {
        return latency.percentileMillis(0.50);
    }

    @Override
    public double getWriteLatencyP99Millis() {
        return latency.percentileMillis(0.99);
    }

    @Override
    public double getItemsPerSecond() {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        return seconds <= 0 ? 0 : getItemsWritten() / seconds;
    }

    @Override
    public int getInFlightBatches() {
        return inFlightBatches.getAsInt();
    }

    @Override
    public long getBufferedItems() {
        return bufferedItems.getAsLong();
    }
}
