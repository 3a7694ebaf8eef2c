package dev.ddbimport.service.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole local stack in this JVM: an S3 endpoint on a folder, DynamoDB Local, a Kafka node and a
 * Kafka Connect worker with our connectors. {@link #start} brings up the first three side by side and
 * Connect last, since connectors resumed from an earlier run reach for all three at once;
 * {@link #close} stops Connect, Kafka, DynamoDB Local and S3, in that order.
 *
 * <pre>{@code
 * try (EmbeddedStack stack = EmbeddedStack.start(StackSettings.defaults(Path.of("data")))) {
 *     System.out.println(stack.describe());
 *     ...
 * }
 * }</pre>
 */
public final class EmbeddedStack implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedStack.class);

    private final StackSettings settings;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private EmbeddedS3 s3;
    private EmbeddedDynamoDb dynamoDb;
    private EmbeddedKafka kafka;
    private EmbeddedConnect connect;
    private Thread shutdownHook;
    private boolean closed;

    private EmbeddedStack(StackSettings settings) {
        this.settings = settings;
    }

    /**
     * Starts every part, or none: when one fails, those already up are stopped and the failure is
     * thrown. A port in use fails first, before anything starts, with a {@link PortInUseException}.
     */
    public static EmbeddedStack start(StackSettings settings) {
        PortCheck.requireFree(settings.s3Port(), "S3 endpoint", StackSettings.S3_PORT_FLAG);
        PortCheck.requireFree(settings.dynamoDbPort(), "DynamoDB Local", StackSettings.DYNAMODB_PORT_FLAG);
        PortCheck.requireFree(settings.kafkaPort(), "Kafka broker", StackSettings.KAFKA_PORT_FLAG);
        PortCheck.requireFree(
                settings.kafkaControllerPort(), "Kafka controller", StackSettings.KAFKA_CONTROLLER_PORT_FLAG);
        PortCheck.requireFree(settings.connectPort(), "Kafka Connect worker", StackSettings.CONNECT_PORT_FLAG);
        if (settings.pluginPath() != null && !Files.isDirectory(settings.pluginPath())) {
            throw new IllegalArgumentException(
                    "The Connect plugin path " + settings.pluginPath() + " is not a folder: give "
                            + StackSettings.PLUGIN_PATH_FLAG + " the folder the plugin archives are unzipped into");
        }
        if (settings.fresh()) {
            wipeState(settings);
        }
        EmbeddedStack stack = new EmbeddedStack(settings);
        try {
            stack.startParts();
        } catch (RuntimeException | Error e) {
            try {
                stack.close();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        return stack;
    }

    private void startParts() {
        long begin = System.nanoTime();
        // S3 and DynamoDB Local do not need Kafka: they start on two other threads while Kafka starts here
        ExecutorService sideStarts = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "ddbimport-stack-start");
            thread.setDaemon(true);
            return thread;
        });
        try {
            Future<EmbeddedS3> s3Start = sideStarts.submit(
                    () -> timed("S3 endpoint", () -> EmbeddedS3.start(settings.s3Dir(), settings.s3Port())));
            Future<EmbeddedDynamoDb> dynamoDbStart = sideStarts.submit(() -> timed(
                    "DynamoDB Local",
                    () -> EmbeddedDynamoDb.start(
                            settings.dynamoDbInMemory() ? null : settings.dynamoDbDir(), settings.dynamoDbPort())));
            List<RuntimeException> failures = new ArrayList<>();
            EmbeddedKafka startedKafka = null;
            try {
                startedKafka = timed(
                        "Kafka",
                        () -> EmbeddedKafka.start(
                                settings.kafkaDir(), settings.kafkaPort(), settings.kafkaControllerPort()));
            } catch (RuntimeException e) {
                failures.add(e);
            } catch (Error e) {
                // still wait for the other two below, so that whatever they started gets stopped
                failures.add(new IllegalStateException("Kafka did not start: " + e, e));
            }
            // remembered in this order whatever finished first, so close() stops Kafka before the others
            s3 = remember(join(s3Start, failures));
            dynamoDb = remember(join(dynamoDbStart, failures));
            kafka = remember(startedKafka);
            if (!failures.isEmpty()) {
                RuntimeException first = failures.get(0);
                failures.subList(1, failures.size()).forEach(first::addSuppressed);
                throw first;
            }
        } finally {
            sideStarts.shutdown();
        }
        connect = remember(timed(
                "Kafka Connect",
                () -> EmbeddedConnect.start(kafka.bootstrapServers(), settings.connectPort(), settings.pluginPath())));
        log.info("Embedded stack up in {}", seconds(System.nanoTime() - begin));
    }

    private <T extends AutoCloseable> T remember(T part) {
        if (part != null) {
            started.push(part);
        }
        return part;
    }

    private static <T> T join(Future<T> start, List<RuntimeException> failures) {
        try {
            return start.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            failures.add(
                    cause instanceof RuntimeException r
                            ? r
                            : new IllegalStateException("Start failed: " + cause, cause));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failures.add(new IllegalStateException("Interrupted while the stack was starting", e));
        }
        return null;
    }

    private static <T> T timed(String what, Supplier<T> start) {
        long begin = System.nanoTime();
        T part = start.get();
        log.info("{} up in {}", what, seconds(System.nanoTime() - begin));
        return part;
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }

    /** Deletes the stack's own state under the data dir; never anything else there, nor the S3 folder. */
    private static void wipeState(StackSettings settings) {
        for (Path dir : new Path[] {settings.kafkaDir(), settings.dynamoDbDir()}) {
            if (settings.s3Dir().startsWith(dir)) {
                throw new IllegalArgumentException("The S3 folder " + settings.s3Dir() + " lies inside " + dir
                        + ", which --fresh wipes: choose an S3 folder outside it");
            }
            deleteRecursively(dir);
        }
        log.info("Fresh start: wiped Kafka and DynamoDB data under {}", settings.dataDir());
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    if (e != null) {
                        throw e;
                    }
                    Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot wipe " + dir + " for a fresh start: " + e.getMessage(), e);
        }
    }

    public StackSettings settings() {
        return settings;
    }

    public EmbeddedKafka kafka() {
        return kafka;
    }

    public EmbeddedConnect connect() {
        return connect;
    }

    public EmbeddedS3 s3() {
        return s3;
    }

    public EmbeddedDynamoDb dynamoDb() {
        return dynamoDb;
    }

    /** What runs where, for people: addresses, folders and the local S3 credentials (not secrets). */
    public String describe() {
        StringBuilder text = new StringBuilder();
        line(text, "Kafka bootstrap", kafka.bootstrapServers() + "  (cluster " + kafka.clusterId() + ")");
        line(text, "Connect REST", connect.restUrl().toString());
        if (settings.pluginPath() != null) {
            line(text, "Connect plugins", settings.pluginPath() + "  (plugin.path)");
        }
        line(text, "S3 endpoint", s3.endpoint() + "  (path-style; buckets are the folders of " + s3.root() + ")");
        line(
                text,
                "S3 credentials",
                "access key " + EmbeddedS3.ACCESS_KEY_ID + ", secret key " + EmbeddedS3.SECRET_ACCESS_KEY
                        + "  (local only, not a secret)");
        line(
                text,
                "DynamoDB Local",
                dynamoDb.endpoint()
                        + (settings.dynamoDbInMemory()
                                ? "  (in memory)"
                                : "  (tables in " + settings.dynamoDbDir() + ")"));
        line(text, "Data", settings.dataDir().toString());
        return text.toString();
    }

    private static void line(StringBuilder text, String label, String value) {
        text.append(String.format(Locale.ROOT, "%-16s %s%n", label, value));
    }

    /**
     * Closes this stack when the JVM exits (Ctrl-C, SIGTERM), unless it was closed before.
     *
     * @return this stack
     */
    public synchronized EmbeddedStack closeOnShutdown() {
        if (shutdownHook == null && !closed) {
            shutdownHook = new Thread(this::close, "ddbimport-stack-shutdown");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
        return this;
    }

    /** Stops every part that started, Connect first and the S3 endpoint last; safe to call twice. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        removeShutdownHook();
        long begin = System.nanoTime();
        RuntimeException failure = null;
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                RuntimeException wrapped =
                        e instanceof RuntimeException r ? r : new IllegalStateException("Stopping failed: " + e, e);
                if (failure == null) {
                    failure = wrapped;
                } else {
                    failure.addSuppressed(wrapped);
                }
            }
        }
        log.info("Embedded stack stopped in {}", seconds(System.nanoTime() - begin));
        if (failure != null) {
            throw failure;
        }
    }

    private void removeShutdownHook() {
        if (shutdownHook == null || Thread.currentThread() == shutdownHook) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the JVM is exiting and our hook is about to call close(), which will find us closed
        }
    }
}
