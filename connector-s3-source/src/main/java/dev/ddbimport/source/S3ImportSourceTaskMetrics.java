package dev.ddbimport.source;

import dev.ddbimport.connect.TaskMBeans;
import java.util.concurrent.atomic.LongAdder;
import javax.management.ObjectName;

/** The counters behind {@link S3ImportSourceTaskMetricsMXBean}, and their JMX registration. */
final class S3ImportSourceTaskMetrics implements S3ImportSourceTaskMetricsMXBean {

    final LongAdder bytesRead = new LongAdder();
    final LongAdder records = new LongAdder();
    final LongAdder errorMarkers = new LongAdder();
    final LongAdder chunks = new LongAdder();
    final LongAdder objectsDone = new LongAdder();
    final LongAdder retries = new LongAdder();
    volatile long objectsTotal;
    private final long startNanos = System.nanoTime();
    private ObjectName name;

    void register(String connector, String task) {
        name = TaskMBeans.register(
                this,
                "dev.ddbimport.source:type=S3ImportSourceTask,connector=" + ObjectName.quote(connector) + ",task="
                        + task);
    }

    void unregister() {
        TaskMBeans.unregister(name);
        name = null;
    }

    @Override
    public long getBytesRead() {
        return bytesRead.sum();
    }

    @Override
    public long getRecords() {
        return records.sum();
    }

    @Override
    public long getErrorMarkers() {
        return errorMarkers.sum();
    }

    @Override
    public long getChunks() {
        return chunks.sum();
    }

    @Override
    public long getObjectsDone() {
        return objectsDone.sum();
    }

    @Override
    public long getObjectsTotal() {
        return objectsTotal;
    }

    @Override
    public long getS3Retries() {
        return retries.sum();
    }

    @Override
    public double getBytesPerSecond() {
        return perSecond(getBytesRead());
    }

    @Override
    public double getRecordsPerSecond() {
        return perSecond(getRecords());
    }

    private double perSecond(long count) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        return seconds <= 0 ? 0 : count / seconds;
    }
}
