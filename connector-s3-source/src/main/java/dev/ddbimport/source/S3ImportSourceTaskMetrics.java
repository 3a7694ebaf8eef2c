package dev.ddbimport.source;

import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.LongAdder;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The counters behind {@link S3ImportSourceTaskMetricsMXBean}, and their JMX registration. */
final class S3ImportSourceTaskMetrics implements S3ImportSourceTaskMetricsMXBean {

    private static final Logger log = LoggerFactory.getLogger(S3ImportSourceTaskMetrics.class);

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
        try {
            name = new ObjectName("dev.ddbimport.source:type=S3ImportSourceTask,connector="
                    + ObjectName.quote(connector) + ",task=" + task);
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
            server.registerMBean(this, name);
        } catch (JMException e) {
            // metrics are not worth failing an import for
            log.warn("Could not register task metrics {}: {}", name, e.toString());
            name = null;
        }
    }

    void unregister() {
        if (name == null) {
            return;
        }
        try {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
        } catch (JMException e) {
            log.debug("Could not unregister task metrics {}: {}", name, e.toString());
        }
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
