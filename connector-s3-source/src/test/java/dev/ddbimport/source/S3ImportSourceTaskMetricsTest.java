package dev.ddbimport.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

class S3ImportSourceTaskMetricsTest {

    @Test
    void shouldBeReadableOverJmxWhileRegisteredOnly() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName(
                "dev.ddbimport.source:type=S3ImportSourceTask,connector=" + ObjectName.quote("imp,1") + ",task=3");
        S3ImportSourceTaskMetrics metrics = new S3ImportSourceTaskMetrics();
        metrics.bytesRead.add(1234);
        metrics.records.add(10);
        metrics.objectsDone.increment();
        metrics.objectsTotal = 4;
        metrics.retries.add(2);

        metrics.register("imp,1", "3");
        try {
            assertEquals(1234L, server.getAttribute(name, "BytesRead"));
            assertEquals(10L, server.getAttribute(name, "Records"));
            assertEquals(1L, server.getAttribute(name, "ObjectsDone"));
            assertEquals(4L, server.getAttribute(name, "ObjectsTotal"));
            assertEquals(2L, server.getAttribute(name, "S3Retries"));
            assertTrue((Double) server.getAttribute(name, "BytesPerSecond") > 0);
        } finally {
            metrics.unregister();
        }
        assertFalse(server.isRegistered(name));
    }
}
