package dev.ddbimport.service.orchestration;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * CPU time of this JVM's threads between two points, grouped by thread name with the numbers taken
 * out ({@code kafka-producer-network-thread | ddbimport-transform-x-StreamThread-1-producer} and its
 * siblings count as one): where a benchmark's cores went. Threads that start and end between the two
 * points are missed; the process total counts them.
 */
final class ThreadCpu {

    private static final Pattern NUMBERS = Pattern.compile("[0-9a-f]{8,}|\\d+");

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final Map<Long, Long> startCpu = new HashMap<>();
    private final long startProcessCpu;
    private final long startNanos;
    private final long startGcMillis;
    private final long startGcCount;

    private ThreadCpu() {
        for (long id : threads.getAllThreadIds()) {
            long cpu = threads.getThreadCpuTime(id);
            if (cpu >= 0) {
                startCpu.put(id, cpu);
            }
        }
        startProcessCpu = processCpuNanos();
        startNanos = System.nanoTime();
        startGcMillis = gcMillis();
        startGcCount = gcCount();
    }

    static ThreadCpu start() {
        return new ThreadCpu();
    }

    /** Prints the process's cores busy and the {@code top} thread groups by CPU since {@link #start()}. */
    void print(String phase, int top) {
        double wall = (System.nanoTime() - startNanos) / 1e9;
        double process = (processCpuNanos() - startProcessCpu) / 1e9;
        Map<String, Double> byGroup = new HashMap<>();
        double threadsTotal = 0;
        for (long id : threads.getAllThreadIds()) {
            long cpu = threads.getThreadCpuTime(id);
            ThreadInfo info = threads.getThreadInfo(id);
            if (cpu < 0 || info == null) {
                continue;
            }
            double used = (cpu - startCpu.getOrDefault(id, 0L)) / 1e9;
            byGroup.merge(group(info.getThreadName()), used, Double::sum);
            threadsTotal += used;
        }
        System.out.printf(
                Locale.ROOT,
                "CPU during %s: %.1f s of CPU in %.1f s = %.2f cores busy%n",
                phase,
                process,
                wall,
                process / wall);
        System.out.printf(
                Locale.ROOT,
                "  %6.1f s %5.1f%%  not in a Java thread (GC and JIT workers, threads that ended); %,d collections"
                        + " took %.1f s%n",
                process - threadsTotal,
                100 * (process - threadsTotal) / process,
                gcCount() - startGcCount,
                (gcMillis() - startGcMillis) / 1e3);
        List<Map.Entry<String, Double>> sorted = byGroup.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .limit(top)
                .toList();
        for (Map.Entry<String, Double> e : sorted) {
            System.out.printf(
                    Locale.ROOT, "  %6.1f s %5.1f%%  %s%n", e.getValue(), 100 * e.getValue() / process, e.getKey());
        }
    }

    private static String group(String threadName) {
        return NUMBERS.matcher(threadName).replaceAll("#");
    }

    private static long gcMillis() {
        long total = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionTime());
        }
        return total;
    }

    private static long gcCount() {
        long total = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionCount());
        }
        return total;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
