package dev.ddbimport.service.orchestration;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * CPU time of this JVM's threads between two points, grouped by thread name with the numbers taken
 * out ({@code kafka-producer-network-thread | ddbimport-transform-x-StreamThread-1-producer} and its
 * siblings count as one): where a benchmark's cores went. Threads that start and end between the two
 * points are missed; the process total counts them.
 */
final class ThreadCpu {

    private static final Pattern NUMBERS = Pattern.compile("[0-9a-f]{8,}|\\d+");

    /** JVM-internal and native threads by their kernel names (truncated to 15 characters). */
    private static final Pattern NATIVE = Pattern.compile(
            "^(GC Thread|G1 |C1 Compiler|C2 Compiler|VM Thread|VM Periodic|Sweeper|rocksdb|Service Thread"
                    + "|Common-Cleaner|Signal Dispatch|Finalizer|Reference Hand|Monitor Deflati)");

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final Map<Long, Long> startCpu = new HashMap<>();
    private final long startProcessCpu;
    private final long startNanos;
    private final long startGcMillis;
    private final long startGcCount;
    private final Map<String, Task> startTasks;
    private final Map<String, Long> startRequests;

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
        startTasks = tasks();
        startRequests = brokerRequests();
    }

    static ThreadCpu start() {
        return new ThreadCpu();
    }

    /** CPU seconds the threads named {@code namePrefix}... have used since {@link #start()}. */
    double seconds(String namePrefix) {
        long total = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith(namePrefix)) {
                long cpu = threads.getThreadCpuTime(info.getThreadId());
                if (cpu >= 0) {
                    total += cpu - startCpu.getOrDefault(info.getThreadId(), 0L);
                }
            }
        }
        return total / 1e9;
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
        printNativeThreads(process);
        printBrokerRequests();
    }

    /**
     * Requests the in-process broker handled since {@link #start()}, by type: its per-request work
     * (including the request metrics it keeps for each) multiplies by these counts.
     */
    private void printBrokerRequests() {
        Map<String, Long> now = brokerRequests();
        Map<String, Long> delta = new HashMap<>();
        now.forEach((type, count) -> {
            long d = count - startRequests.getOrDefault(type, 0L);
            if (d > 0) {
                delta.put(type, d);
            }
        });
        if (delta.isEmpty()) {
            return;
        }
        long total = delta.values().stream().mapToLong(Long::longValue).sum();
        StringBuilder line = new StringBuilder();
        delta.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(12)
                .forEach(e -> line.append(String.format(Locale.ROOT, " %s %,d", e.getKey(), e.getValue())));
        System.out.printf(Locale.ROOT, "  broker requests: %,d:%s%n", total, line);
    }

    /** The broker's RequestsPerSec meters (one per request type and version), summed by type. */
    private static Map<String, Long> brokerRequests() {
        Map<String, Long> counts = new HashMap<>();
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            for (ObjectName name : server.queryNames(
                    new ObjectName("kafka.network:type=RequestMetrics,name=RequestsPerSec,*"), null)) {
                Object count = server.getAttribute(name, "Count");
                if (count instanceof Number n) {
                    counts.merge(name.getKeyProperty("request"), n.longValue(), Long::sum);
                }
            }
        } catch (JMException e) {
            return Map.of();
        }
        return counts;
    }

    /**
     * The threads the JVM hides from {@link ThreadMXBean} (GC workers, JIT compilers) and native
     * libraries' own threads (RocksDB's flushes and compactions), by the kernel's name for them: read
     * from {@code /proc/self/task} on Linux, in clock ticks of 10 ms; prints nothing elsewhere.
     */
    private void printNativeThreads(double process) {
        Map<String, Task> now = tasks();
        if (now.isEmpty()) {
            return;
        }
        Map<String, Double> byGroup = new HashMap<>();
        now.forEach((tid, task) -> {
            if (NATIVE.matcher(task.name()).find()) {
                Task before = startTasks.get(tid);
                long since = before == null || !before.name().equals(task.name()) ? 0 : before.ticks();
                byGroup.merge(group(task.name()), (task.ticks() - since) / 100.0, Double::sum);
            }
        });
        byGroup.entrySet().stream()
                .filter(e -> e.getValue() >= 0.05)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> System.out.printf(
                        Locale.ROOT,
                        "  %6.1f s %5.1f%%    of which (kernel thread name) %s%n",
                        e.getValue(),
                        100 * e.getValue() / process,
                        e.getKey()));
    }

    /** A thread's kernel name and its user + system clock ticks. */
    private record Task(String name, long ticks) {}

    /** Each of this process's threads now, by thread id. */
    private static Map<String, Task> tasks() {
        Map<String, Task> tasks = new HashMap<>();
        Path dir = Path.of("/proc/self/task");
        if (!Files.isDirectory(dir)) {
            return tasks;
        }
        try (Stream<Path> list = Files.list(dir)) {
            for (Path task : list.toList()) {
                try {
                    String stat = Files.readString(task.resolve("stat"), StandardCharsets.UTF_8);
                    int close = stat.lastIndexOf(')');
                    String name = stat.substring(stat.indexOf('(') + 1, close);
                    String[] fields = stat.substring(close + 2).split(" ");
                    // after "pid (comm) ": state is fields[0]; utime and stime are the 14th and 15th of the line
                    long used = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                    tasks.put(task.getFileName().toString(), new Task(name, used));
                } catch (IOException | RuntimeException ended) {
                    // the thread ended while we listed; its time is in the process total
                }
            }
        } catch (IOException e) {
            return Map.of();
        }
        return tasks;
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
