package dev.ddbimport.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

class TaskMBeansTest {

    public interface CounterMXBean {
        long getCount();
    }

    record Counter(long count) implements CounterMXBean {
        @Override
        public long getCount() {
            return count;
        }
    }

    private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();

    @Test
    void shouldRegisterReplacingWhatARestartedTaskLeftThenUnregister() throws Exception {
        String name = "dev.ddbimport.test:type=Task,connector=" + ObjectName.quote("c-1") + ",task=0";
        ObjectName first = TaskMBeans.register(new Counter(1), name);
        ObjectName second = TaskMBeans.register(new Counter(2), name);
        assertEquals(first, second);
        assertEquals(2L, SERVER.getAttribute(second, "Count"));
        TaskMBeans.unregister(second);
        assertFalse(SERVER.isRegistered(second));
        TaskMBeans.unregister(null);
    }

    @Test
    void shouldReturnNullRatherThanFailForABeanJmxRefuses() {
        assertNull(TaskMBeans.register(new Object(), "dev.ddbimport.test:type=NotAnMBean"));
        assertNull(TaskMBeans.register(new Counter(1), "not an object name"));
        assertTrue(SERVER.queryNames(null, null).stream()
                .noneMatch(n -> n.getDomain().equals("dev.ddbimport.test")));
    }
}
