package dev.ddbimport.transform;

import dev.ddbimport.core.model.ImportDefinition;
import dev.ddbimport.core.pipeline.ImportTopics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the transform for every import the registry says is IN_PROGRESS: one {@link KafkaStreams} per
 * import (see the module README for why), started once the import's topics exist, closed and its local
 * state deleted when the import leaves IN_PROGRESS or is deleted from the registry. Any number of
 * instances may run against one cluster: each import's KafkaStreams instances form one consumer group
 * and share its tasks.
 *
 * <p>One thread reads the registry and starts and stops imports; {@link #health()} may be called
 * from any thread. Embeddable: {@link #start} returns at once, {@link #close} stops everything and
 * keeps local state for the next start.
 */
public final class StreamTransformApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StreamTransformApp.class);
    /** Also how soon a waiting import is looked at again: its topics appear a moment after its entry. */
    private static final Duration POLL = Duration.ofMillis(100);
    /**
     * How often missing topics of waiting imports are looked for (one ListTopics, only while an import
     * waits): every interval here is start-up time of an import.
     */
    private static final Duration TOPIC_CHECK_INTERVAL = Duration.ofMillis(100);

    static final String IMPORTS_GAUGE = "ddbimport.transform.imports";
    static final String INVALID_REGISTRY_RECORDS = "ddbimport.transform.registry.invalid";

    static final String WAITING_FOR_TOPIC = "WAITING_FOR_TOPIC";
    static final String FAILED_TO_START = "FAILED_TO_START";

    private final StreamTransformSettings settings;
    private final ImportRegistryReader reader;
    private final Admin admin;
    private final ScheduledExecutorService metricsScheduler;
    private final Thread loop;
    private final List<Meter> meters = new ArrayList<>();
    private final Counter invalidRecords;

    // written by the loop thread only; read by health() from any thread
    private final Map<String, ImportDefinition> wanted = new ConcurrentHashMap<>();
    private final Map<String, ImportStreams> running = new ConcurrentHashMap<>();
    private final Map<String, String> failedToStart = new ConcurrentHashMap<>();
    private volatile String registryState = WAITING_FOR_TOPIC;
    private volatile boolean stopping;

    private boolean stateSwept;
    private long lastTopicCheckNanos;

    private StreamTransformApp(StreamTransformSettings settings) {
        this.settings = settings;
        String instance = UUID.randomUUID().toString().substring(0, 8);
        this.reader = new ImportRegistryReader(
                settings.bootstrapServers(), settings.clientOverrides(), "ddbimport-transform-registry-" + instance);
        this.admin = Admin.create(adminProperties(settings, "ddbimport-transform-admin-" + instance));
        this.metricsScheduler = ImportStreams.metricsScheduler();
        this.invalidRecords = Counter.builder(INVALID_REGISTRY_RECORDS)
                .description("registry records that could not be read (logged and ignored)")
                .register(settings.meterRegistry());
        meters.add(invalidRecords);
        meters.add(Gauge.builder(IMPORTS_GAUGE, running, Map::size)
                .description("imports with a KafkaStreams on this instance")
                .strongReference(true)
                .register(settings.meterRegistry()));
        this.loop = new Thread(this::run, "ddbimport-transform-registry");
        this.lastTopicCheckNanos = System.nanoTime() - TOPIC_CHECK_INTERVAL.toNanos();
    }

    /** Starts reading the registry; imports start in the background as they are found. */
    public static StreamTransformApp start(StreamTransformSettings settings) {
        StreamTransformApp app = new StreamTransformApp(settings);
        app.loop.start();
        return app;
    }

    /** The registry reader's and every IN_PROGRESS import's state on this instance. */
    public TransformHealth health() {
        Map<String, TransformHealth.ImportState> imports = new TreeMap<>();
        List<String> unhealthy = new ArrayList<>();
        for (String id : wanted.keySet()) {
            ImportStreams run = running.get(id);
            String startFailure = failedToStart.get(id);
            if (run != null) {
                imports.put(id, new TransformHealth.ImportState(run.state().name(), run.failure()));
                if (!run.healthy()) {
                    unhealthy.add(id);
                }
            } else if (startFailure != null) {
                imports.put(id, new TransformHealth.ImportState(FAILED_TO_START, startFailure));
                unhealthy.add(id);
            } else {
                imports.put(id, new TransformHealth.ImportState(WAITING_FOR_TOPIC, null));
            }
        }
        String registry = registryState;
        boolean healthy = unhealthy.isEmpty() && !registry.startsWith("FAILED");
        return new TransformHealth(healthy, registry, imports, unhealthy);
    }

    /** The ids of the imports with a KafkaStreams on this instance. */
    public Set<String> runningImports() {
        return Set.copyOf(running.keySet());
    }

    /** The KafkaStreams state of {@code importId} on this instance, or null when it has none. */
    public KafkaStreams.State state(String importId) {
        ImportStreams run = running.get(importId);
        return run == null ? null : run.state();
    }

    /**
     * Stops reading the registry and closes every import's KafkaStreams, leaving the consumer groups so
     * that other instances take the tasks over at once. Local state is kept: a restart with the same
     * state dir resumes from it.
     */
    @Override
    public void close() {
        stopping = true;
        reader.wakeup();
        try {
            loop.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (ImportStreams run : running.values()) {
            if (!run.close(settings.closeTimeout())) {
                LOG.warn("Import {}: KafkaStreams did not close within {}", run.importId(), settings.closeTimeout());
            }
        }
        running.clear();
        admin.close(Duration.ofSeconds(5));
        metricsScheduler.shutdownNow();
        meters.forEach(settings.meterRegistry()::remove);
        registryState = "CLOSED";
    }

    private void run() {
        try {
            while (!stopping) {
                List<ImportRegistryReader.Update> updates;
                try {
                    updates = reader.poll(POLL);
                } catch (RetriableException e) {
                    // a slow or briefly unreachable cluster is no reason to stop following the registry
                    LOG.warn("Reading the import registry failed; retrying: {}", e.toString());
                    continue;
                }
                for (ImportRegistryReader.Update u : updates) {
                    apply(u);
                }
                if (!reader.assigned()) {
                    registryState = WAITING_FOR_TOPIC;
                } else if (!reader.caughtUp()) {
                    registryState = "CATCHING_UP";
                } else {
                    registryState = "READING";
                    if (!stateSwept) {
                        sweepLeftoverState();
                        stateSwept = true;
                    }
                    reconcile();
                }
            }
        } catch (WakeupException e) {
            if (!stopping) {
                fail(e);
            }
        } catch (RuntimeException | Error e) {
            fail(e);
        } finally {
            reader.close();
        }
    }

    private void fail(Throwable e) {
        registryState = "FAILED: " + e;
        LOG.error(
                "The import registry reader stopped; no import is started or stopped until the transform restarts", e);
    }

    private void apply(ImportRegistryReader.Update u) {
        if (u.problem() != null) {
            invalidRecords.increment();
            LOG.error(
                    "Registry record for import {} on {} cannot be read and is ignored: {}",
                    u.importId(),
                    ImportTopics.REGISTRY_TOPIC,
                    u.problem());
            return;
        }
        if (u.entry() != null && u.entry().status().running()) {
            ImportDefinition previous = wanted.put(u.importId(), u.entry().definition());
            if (previous != null && !previous.equals(u.entry().definition())) {
                failedToStart.remove(u.importId()); // a corrected definition deserves another try
            }
        } else {
            wanted.remove(u.importId());
        }
    }

    /** Stops imports that are no longer wanted, then starts wanted imports whose topics exist. */
    private void reconcile() {
        for (String id : List.copyOf(running.keySet())) {
            if (!wanted.containsKey(id)) {
                finish(id);
            }
        }
        failedToStart.keySet().retainAll(wanted.keySet());
        List<String> pending = new ArrayList<>();
        for (String id : wanted.keySet()) {
            if (!running.containsKey(id) && !failedToStart.containsKey(id)) {
                pending.add(id);
            }
        }
        long now = System.nanoTime();
        if (pending.isEmpty() || now - lastTopicCheckNanos < TOPIC_CHECK_INTERVAL.toNanos()) {
            return;
        }
        lastTopicCheckNanos = now;
        Set<String> topics = existingTopics();
        for (String id : pending) {
            if (topics.containsAll(topicsRead(id))) {
                begin(id, wanted.get(id), topics);
            }
        }
    }

    /** The topics the transform of {@code importId} reads and writes: Streams fails if one is missing. */
    private static List<String> topicsRead(String importId) {
        ImportTopics t = new ImportTopics(importId);
        return List.of(t.chunks(), t.items(), t.errors(), t.progress());
    }

    private Set<String> existingTopics() {
        try {
            return admin.listTopics().names().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("Cannot list topics to find waiting imports' topics; trying again", e);
            return Set.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Set.of();
        }
    }

    /** Starts the import; {@code topics} is the listing that found its topics, which also sizes last-write-wins. */
    private void begin(String id, ImportDefinition definition, Set<String> topics) {
        int chunkPartitions;
        try {
            ImportStreams.StagePartitions partitions = ImportStreams.stagePartitions(admin, id, topics);
            InternalTopics.ensure(admin, ImportStreams.properties(definition, settings), partitions);
            chunkPartitions = partitions.lastWriteWins();
        } catch (IllegalStateException e) {
            LOG.warn(
                    "Import {}: cannot read its topics' partition counts or create its internal topics; trying"
                            + " again: {}",
                    id,
                    e.toString());
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        try {
            running.put(id, ImportStreams.start(id, definition, settings, chunkPartitions, metricsScheduler));
            LOG.info("Import {}: transform started", id);
        } catch (RuntimeException e) {
            failedToStart.put(id, e.getClass().getName() + ": " + e.getMessage());
            LOG.error(
                    "Import {}: the transform cannot start; it is retried only when the registry changes the"
                            + " import's definition",
                    id,
                    e);
        }
    }

    /** The import is over (or forgotten): close it and delete its local state. */
    private void finish(String id) {
        ImportStreams run = running.remove(id);
        if (!run.close(settings.closeTimeout())) {
            LOG.warn("Import {}: KafkaStreams did not close within {}", id, settings.closeTimeout());
        }
        if (run.cleanUp()) {
            deleteQuietly(ImportStreams.stateDirOf(settings.stateDir(), id));
            LOG.info("Import {}: no longer IN_PROGRESS; transform closed and local state deleted", id);
        }
    }

    /**
     * Deletes local state of imports that are no longer IN_PROGRESS, left behind when the transform
     * stopped before it saw them finish. Runs once, after the registry is read up to its end.
     */
    private void sweepLeftoverState() {
        if (!Files.isDirectory(settings.stateDir())) {
            return;
        }
        try (Stream<Path> dirs = Files.list(settings.stateDir())) {
            for (Path dir : dirs.toList()) {
                String name = dir.getFileName().toString();
                if (Files.isDirectory(dir) && name.startsWith(TransformProperties.APPLICATION_ID_PREFIX)) {
                    String id = name.substring(TransformProperties.APPLICATION_ID_PREFIX.length());
                    if (!wanted.containsKey(id)) {
                        deleteQuietly(dir);
                        LOG.info("Import {}: deleted local state left from before (not IN_PROGRESS)", id);
                    }
                }
            }
        } catch (IOException e) {
            LOG.warn("Cannot list the state dir {} to remove finished imports' state", settings.stateDir(), e);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("Cannot delete {}; delete it by hand once the transform is stopped", dir, e);
        }
    }

    /** An admin client's properties: the client settings that apply to an admin, then ours. */
    static Properties adminProperties(StreamTransformSettings settings, String clientId) {
        Properties p = new Properties();
        settings.clientOverrides().forEach((k, v) -> {
            if (AdminClientConfig.configNames().contains(k)) {
                p.put(k, v);
            }
        });
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
        return p;
    }
}
