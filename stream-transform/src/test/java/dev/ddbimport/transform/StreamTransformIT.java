package dev.ddbimport.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddbimport.core.pipeline.ImportRegistryEntry;
import dev.ddbimport.core.pipeline.ImportStatus;
import dev.ddbimport.core.pipeline.ImportTopics;
import dev.ddbimport.core.pipeline.StageCounters;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runtime on a real KRaft broker: the registry starts and stops imports, and a transform instance
 * killed with SIGKILL mid-stream (its replacement resuming from the same state dir) leaves the items
 * topic, the dead letters and the counters exactly as a single clean run does.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StreamTransformIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int PARTITIONS = 4;
    private static final int CHUNK_BYTES = 8 * 1024;
    /** 5 objects x 4,000 records: 30% of valid records reuse a key, 1% are invalid. */
    private static final SyntheticImport DATA = new SyntheticImport(42, 5, 4_000, 30, 10, 40);
    /** The killed instance stays a group member until its session expires: keep that short. */
    private static final Map<String, String> CLIENT_CONFIG =
            Map.of("session.timeout.ms", "6000", "heartbeat.interval.ms", "1000");

    private static final int KILLED = 137;

    @TempDir
    static Path dir;

    private static TransformCluster cluster;
    private static Path logDir;
    /** The clean run's results, which the killed run must reproduce. */
    private static Snapshot clean;

    /** What one run leaves in Kafka. */
    record Snapshot(
            StageCounters counters,
            Map<ByteBuffer, TransformCluster.LastItem> items,
            List<SyntheticImport.Invalid> errors) {

        static Snapshot of(String importId, StageCounters counters) {
            List<SyntheticImport.Invalid> errors = new ArrayList<>(cluster.errors(importId));
            errors.sort(Comparator.comparing(SyntheticImport.Invalid::pointer));
            return new Snapshot(counters, cluster.lastItemPerKey(importId, "read_committed"), errors);
        }
    }

    @BeforeAll
    static void start() throws Exception {
        String build = System.getProperty("stream-transform.build", "target");
        logDir = Path.of(build, "stream-transform-it");
        Files.createDirectories(logDir);
        cluster = TransformCluster.start();
        cluster.createRegistry();
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    /**
     * The service's settings (as the standalone jar's too: as many last-write-wins partitions as the
     * chunks topic, resolved when the import starts), with counters published more often.
     */
    private static StreamTransformSettings settings(Path stateDir, PrometheusMeterRegistry registry) {
        StreamTransformSettings service = StreamTransformSettings.of(cluster.bootstrapServers(), stateDir);
        return service.withClientOverrides(CLIENT_CONFIG)
                .withTransform(service.transform().withCountersInterval(Duration.ofMillis(200)))
                .withMeterRegistry(registry);
    }

    private static boolean complete(StageCounters c, SyntheticImport.Expected expected) {
        return c.processedItemCount() == expected.records() && c.itemCount() == expected.valid();
    }

    @Test
    @Order(1)
    void shouldTransformACleanRunExactlyAndDropTheImportsStateWhenItCompletes() throws Exception {
        String id = "clean-run";
        cluster.createImportTopics(id, PARTITIONS);
        Path stateDir = dir.resolve("state-clean");
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ImportRegistryEntry entry = ImportRegistryEntry.inProgress(TestDefinitions.json(id));
        try (StreamTransformApp app = StreamTransformApp.start(settings(stateDir, registry))) {
            cluster.register(entry);
            SyntheticImport.Expected expected = produce(id, 0, Integer.MAX_VALUE);

            StageCounters counters = cluster.awaitCounters(id, c -> complete(c, expected), TIMEOUT);
            clean = Snapshot.of(id, counters);

            assertExpected(expected, clean);
            assertRepartitionedLikeTheChunks(id);
            TransformHealth health = app.health();
            assertTrue(health.healthy(), health::toJson);
            assertEquals("RUNNING", health.imports().get(id).state(), health::toJson);
            assertMetrics(registry.scrape(), id, expected);

            cluster.register(entry.withStatus(ImportStatus.COMPLETED, null, null));
            Path importState = ImportStreams.stateDirOf(stateDir, id);
            await(
                    () -> !app.runningImports().contains(id) && !Files.exists(importState),
                    () -> "import still running or its state still at " + importState + ": "
                            + app.health().toJson());
            assertTrue(app.health().imports().isEmpty(), () -> app.health().toJson());
            assertTrue(
                    registry.find(ImportMetrics.RECORDS)
                            .tag("import", id)
                            .meters()
                            .isEmpty(),
                    "the finished import's meters are removed");
        }
    }

    @Test
    @Order(2)
    void shouldEndAsTheCleanRunWhenOneOfTwoInstancesIsKilledMidStream() throws Exception {
        assertNotNull(clean, "the clean run did not complete");
        String id = "killed-run";
        cluster.createImportTopics(id, PARTITIONS);
        Path stateA = dir.resolve("state-a");
        Path stateB = dir.resolve("state-b");
        cluster.register(ImportRegistryEntry.inProgress(TestDefinitions.json(id)));
        List<TransformProcess> processes = new ArrayList<>();
        try (StreamTransformApp b =
                StreamTransformApp.start(settings(stateB, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)))) {
            TransformProcess a = TransformProcess.start(
                    cluster.bootstrapServers(), stateA, CLIENT_CONFIG, logDir.resolve("instance-a.log"));
            processes.add(a);
            try {
                a.awaitHealth(h -> "RUNNING".equals(TransformProcess.importState(h, id)), TIMEOUT);
                await(
                        () -> b.state(id) == KafkaStreams.State.RUNNING,
                        () -> b.health().toJson());

                // the first half of the objects, and a kill as soon as the process has taken part
                List<ProducerRecord<byte[], byte[]>> chunks = new ArrayList<>();
                SyntheticImport.Expected expected =
                        DATA.write(id, new ImportTopics(id).chunks(), CHUNK_BYTES, chunks::add);
                int half = chunks.size() / 2;
                send(chunks.subList(0, half));
                await(
                        () -> a.metric(ImportMetrics.RECORDS, id) > 0,
                        () -> "instance A processed nothing: " + a.logTail());
                double beforeKill = a.metric(ImportMetrics.RECORDS, id);
                assertEquals(KILLED, a.kill(), "instance A's exit was the SIGKILL");
                StageCounters atKill = cluster.awaitCounters(id, c -> true, TIMEOUT);
                assertTrue(
                        atKill.processedItemCount() < expected.records(),
                        "the kill came after the import was done: not mid-stream");

                send(chunks.subList(half, chunks.size()));
                TransformProcess replacement = TransformProcess.start(
                        cluster.bootstrapServers(), stateA, CLIENT_CONFIG, logDir.resolve("instance-a2.log"));
                processes.add(replacement);
                StageCounters counters = cluster.awaitCounters(id, c -> complete(c, expected), TIMEOUT);
                Snapshot killed = Snapshot.of(id, counters);

                assertEquals(clean.counters(), killed.counters(), "counters");
                assertEquals(clean.errors(), killed.errors(), "dead letters");
                assertEquals(clean.items().size(), killed.items().size(), "keys on the items topic");
                assertEquals(clean.items(), killed.items(), "the last item of every key");
                assertRepartitionedLikeTheChunks(id);
                long aborted = cluster.itemRecords(id, "read_uncommitted") - cluster.itemRecords(id, "read_committed");
                System.out.printf(
                        "StreamTransformIT: instance A had read %.0f records when killed; %d records committed"
                                + " by then; %d item records were written in aborted transactions%n",
                        beforeKill, atKill.processedItemCount(), aborted);

                // forgetting the import stops it on both instances and deletes their local state
                cluster.forget(id);
                await(
                        () -> !b.runningImports().contains(id) && !Files.exists(ImportStreams.stateDirOf(stateB, id)),
                        () -> "instance B still runs the import: " + b.health().toJson());
                replacement.awaitHealth(h -> TransformProcess.importState(h, id) == null, TIMEOUT);
                await(
                        () -> !Files.exists(ImportStreams.stateDirOf(stateA, id)),
                        () -> "instance A's state of the import is still there");

                assertEquals(
                        Set.copyOf(TransformCleanup.internalTopics(id)),
                        Set.copyOf(TransformCleanup.deleteInternalTopics(cluster.admin, id)));
                await(() -> groupDeleted(id), () -> "the consumer group of " + id + " could not be deleted");
                assertTrue(
                        TransformCleanup.deleteInternalTopics(cluster.admin, id).isEmpty(), "nothing left to delete");

                assertEquals(StreamTransformMain.EXIT_SIGTERM, replacement.terminate(), "a clean shutdown on SIGTERM");
            } catch (Throwable t) {
                processes.forEach(p -> System.err.println(p.logTail()));
                throw t;
            } finally {
                for (TransformProcess p : processes) {
                    p.close();
                }
            }
        }
    }

    /** Thrown by a listener to kill a stream thread: an Error, which no exception handler takes. */
    static final class InjectedFailure extends Error {
        InjectedFailure() {
            super("injected by the test");
        }
    }

    @Test
    @Order(3)
    void shouldReportAKafkaStreamsThatDiedUntilTheImportLeavesInProgress() throws Exception {
        String id = "dies";
        cluster.createImportTopics(id, PARTITIONS);
        TransformListener dying = new TransformListener() {
            @Override
            public void onRecords(long n) {
                throw new InjectedFailure();
            }
        };
        StreamTransformSettings base =
                settings(dir.resolve("state-dies"), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        StreamTransformSettings settings = base.withTransform(base.transform().withListener(dying));
        ImportRegistryEntry entry = ImportRegistryEntry.inProgress(TestDefinitions.json(id));
        try (StreamTransformApp app = StreamTransformApp.start(settings)) {
            cluster.register(entry);
            produce(id, 0, 1);

            await(
                    () -> app.state(id) == KafkaStreams.State.ERROR,
                    () -> "not in ERROR: " + app.health().toJson());
            TransformHealth health = app.health();
            assertTrue(health.unhealthy().contains(id), health::toJson);
            assertEquals("ERROR", health.imports().get(id).state(), health::toJson);
            assertTrue(health.imports().get(id).error().contains(InjectedFailure.class.getName()), health::toJson);

            cluster.register(entry.withStatus(ImportStatus.CANCELLED, null, null));
            await(
                    () -> !app.runningImports().contains(id)
                            && !app.health().unhealthy().contains(id),
                    () -> app.health().toJson());
        }
    }

    /**
     * The internal topics made ahead of an import's KafkaStreams are the ones Kafka Streams makes for
     * itself: same partitions, same topic configs (this is what keeps {@link InternalTopics} in step with
     * the Kafka Streams version), and Kafka Streams runs on them without changing them.
     */
    @Test
    @Order(4)
    void shouldMakeTheInternalTopicsAsKafkaStreamsMakesThem() throws Exception {
        String byStreams = "made-by-streams";
        String ahead = "made-ahead";
        cluster.createImportTopics(byStreams, PARTITIONS);
        cluster.createImportTopics(ahead, PARTITIONS);
        StreamTransformSettings settings =
                settings(dir.resolve("state-internal"), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        ScheduledExecutorService scheduler = ImportStreams.metricsScheduler();
        ImportStreams streamsMade = null;
        ImportStreams madeAhead = null;
        try {
            // Kafka Streams alone: it creates the topics in its first rebalance
            streamsMade =
                    ImportStreams.start(byStreams, TestDefinitions.json(byStreams), settings, PARTITIONS, scheduler);
            Set<String> byStreamsTopics = internalTopics(byStreams);
            await(
                    () -> existing().containsAll(byStreamsTopics),
                    () -> "Kafka Streams did not create " + byStreamsTopics + "; topics: " + existing());

            Properties properties = ImportStreams.properties(TestDefinitions.json(ahead), settings);
            List<String> created = InternalTopics.ensure(
                    cluster.admin, properties, ImportStreams.stagePartitions(cluster.admin, ahead));
            assertEquals(internalTopics(ahead), new HashSet<>(created));
            Map<String, TopicShape> expected = shapes(byStreams);
            assertEquals(expected, shapes(ahead));

            madeAhead = ImportStreams.start(ahead, TestDefinitions.json(ahead), settings, PARTITIONS, scheduler);
            ImportStreams running = madeAhead;
            await(
                    () -> running.state() == KafkaStreams.State.RUNNING,
                    () -> "not RUNNING on the topics made ahead: " + running.state() + " " + running.failure());
            assertEquals(expected, shapes(ahead), "Kafka Streams changed the topics made ahead");
            assertTrue(
                    InternalTopics.ensure(
                                    cluster.admin, properties, ImportStreams.stagePartitions(cluster.admin, ahead))
                            .isEmpty(),
                    "existing topics are kept");
        } finally {
            for (ImportStreams s : new ImportStreams[] {streamsMade, madeAhead}) {
                if (s != null) {
                    s.close(Duration.ofSeconds(30));
                }
            }
            scheduler.shutdownNow();
        }
    }

    /** A topic's partitions and the configs set on it (not the broker's defaults). */
    record TopicShape(int partitions, Map<String, String> configs) {}

    /** The import's internal topics by what follows the application id. */
    private static Map<String, TopicShape> shapes(String importId) throws Exception {
        String prefix = TransformProperties.applicationId(importId);
        Set<String> names = internalTopics(importId);
        Map<String, TopicDescription> descriptions =
                cluster.admin.describeTopics(names).allTopicNames().get();
        List<ConfigResource> resources = names.stream()
                .map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n))
                .toList();
        Map<ConfigResource, Config> configs =
                cluster.admin.describeConfigs(resources).all().get();
        Map<String, TopicShape> shapes = new TreeMap<>();
        for (String name : names) {
            Map<String, String> set = new TreeMap<>();
            for (ConfigEntry e : configs.get(new ConfigResource(ConfigResource.Type.TOPIC, name))
                    .entries()) {
                if (e.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG) {
                    set.put(e.name(), e.value());
                }
            }
            shapes.put(
                    name.substring(prefix.length()),
                    new TopicShape(descriptions.get(name).partitions().size(), set));
        }
        return shapes;
    }

    private static Set<String> internalTopics(String importId) {
        String app = TransformProperties.applicationId(importId);
        Set<String> names = new HashSet<>();
        names.add(ImportTopology.repartitionTopic(app));
        ImportTopology.STORES.forEach(store -> names.add(InternalTopics.changelog(app, store)));
        return names;
    }

    private static Set<String> existing() {
        try {
            return cluster.admin.listTopics().names().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Set.of();
        } catch (ExecutionException e) {
            return Set.of();
        }
    }

    /** The service's rule ran: as many last-write-wins partitions (so tasks) as the chunks topic has. */
    private static void assertRepartitionedLikeTheChunks(String id) throws InterruptedException {
        String repartition = ImportTopology.repartitionTopic(TransformProperties.applicationId(id));
        assertEquals(
                PARTITIONS,
                ImportTopicCreator.partitions(cluster.admin, List.of(repartition))
                        .get(repartition),
                "partitions of " + repartition);
    }

    private static boolean groupDeleted(String id) {
        try {
            TransformCleanup.deleteConsumerGroup(cluster.admin, id);
            return true;
        } catch (KafkaException e) {
            return false; // members still leaving
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static SyntheticImport.Expected produce(String id, int from, int to) {
        List<ProducerRecord<byte[], byte[]>> chunks = new ArrayList<>();
        SyntheticImport.Expected expected = DATA.write(id, new ImportTopics(id).chunks(), CHUNK_BYTES, chunks::add);
        send(chunks.subList(from, Math.min(to, chunks.size())));
        return expected;
    }

    /** Sends the chunks, object {@code o} to partition {@code o % PARTITIONS} so every partition has work. */
    private static void send(List<ProducerRecord<byte[], byte[]>> chunks) {
        for (ProducerRecord<byte[], byte[]> c : chunks) {
            int object = SyntheticImport.objectIndex(c.key());
            cluster.producer.send(
                    new ProducerRecord<>(c.topic(), object % PARTITIONS, c.key(), c.value(), c.headers()));
        }
        cluster.producer.flush();
    }

    private static void assertExpected(SyntheticImport.Expected expected, Snapshot run) {
        StageCounters c = run.counters();
        assertEquals(expected.records(), c.processedItemCount(), "ProcessedItemCount");
        assertEquals(expected.uncompressedBytes(), c.processedSizeBytes(), "ProcessedSizeBytes");
        assertEquals(expected.invalid().size(), c.errorCount(), "ErrorCount");
        assertEquals(0, c.fatalErrorCount(), "FatalErrorCount");
        assertEquals(DATA.objects(), c.objectsCompleted(), "ObjectsCompleted");
        assertEquals(expected.valid(), c.itemCount(), "ItemCount");
        assertEquals(expected.winners().size(), c.distinctKeys(), "DistinctKeys");
        assertEquals(expected.valid() - expected.winners().size(), c.duplicatesSuperseded(), "DuplicatesSuperseded");
        assertEquals(0, c.replaysDropped(), "ReplaysDropped");
        assertTrue(c.duplicatesSuperseded() > 1000, "the data has many duplicates");

        Set<SyntheticImport.Pointer> winners = new HashSet<>();
        run.items().values().forEach(i -> winners.add(i.pointer()));
        assertEquals(expected.winners().size(), run.items().size(), "keys on the items topic");
        assertEquals(new HashSet<>(expected.winners().values()), winners, "the winner of every key");

        List<SyntheticImport.Invalid> invalid = new ArrayList<>(expected.invalid());
        invalid.sort(Comparator.comparing(SyntheticImport.Invalid::pointer));
        assertEquals(invalid, run.errors(), "dead letters: exact pointers and codes, each once");
    }

    private static void assertMetrics(String scrape, String id, SyntheticImport.Expected expected) {
        String tag = "import=\"" + id + "\"";
        double records = prometheusValue(scrape, "ddbimport_transform_records_total", tag);
        assertTrue(records >= expected.records(), "records counter " + records);
        assertTrue(
                prometheusValue(scrape, "ddbimport_transform_store_entries", tag) > 0,
                "store entries gauge in\n" + scrape);
        assertEquals(0, prometheusValue(scrape, "ddbimport_transform_chunks_lag", tag), "lag at the end");
        assertTrue(
                scrape.lines().anyMatch(l -> l.startsWith("kafka_stream_thread_") && l.contains(tag)),
                "Kafka Streams' own thread metrics, tagged with the import");
        assertTrue(
                scrape.lines()
                        .anyMatch(l -> l.startsWith("kafka_consumer_fetch_manager_records_lag") && l.contains(tag)),
                "the consumers' lag metrics, tagged with the import");
    }

    /** The value of the first sample of {@code name} whose labels include {@code label}. */
    static double prometheusValue(String scrape, String name, String label) {
        return scrape.lines()
                .filter(l -> l.startsWith(name + "{") && l.contains(label))
                .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + "{" + label + "} in\n" + scrape));
    }

    private static void await(BooleanSupplier condition, Supplier<String> whatIsWrong) throws InterruptedException {
        TestUtils.waitForCondition(condition::getAsBoolean, TIMEOUT.toMillis(), whatIsWrong);
    }
}
