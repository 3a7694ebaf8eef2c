package dev.ddbimport.connect;

import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connector task's metrics MBean in the platform MBean server, where Connect's JMX (and the JMX
 * exporter) read it. A metrics failure never fails a task: it is logged and the task runs on.
 */
public final class TaskMBeans {

    private static final Logger log = LoggerFactory.getLogger(TaskMBeans.class);

    private TaskMBeans() {}

    /**
     * Registers {@code bean} as {@code name}, replacing a bean a restarted task left there.
     *
     * @return {@code name}, or null when it could not be registered
     */
    public static ObjectName register(Object bean, String name) {
        ObjectName objectName = null;
        try {
            objectName = new ObjectName(name);
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            if (server.isRegistered(objectName)) {
                server.unregisterMBean(objectName);
            }
            server.registerMBean(bean, objectName);
            return objectName;
        } catch (JMException e) {
            // metrics are not worth failing an import for
            log.warn("Could not register task metrics {}: {}", name, e.toString());
            return null;
        }
    }

    /** Unregisters {@code name}; nothing for null. */
    public static void unregister(ObjectName name) {
        if (name == null) {
            return;
        }
        try {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
        } catch (JMException e) {
            log.debug("Could not unregister task metrics {}: {}", name, e.toString());
        }
    }
}
