package dev.ddbimport.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once across a real crash: a Connect worker in its own JVM is killed with SIGKILL while its
 * tasks are mid-object, a fresh worker process with the same configuration takes over, and a
 * read_committed reader must see every expected (object, itemIndex) exactly once, in order. Unlike the
 * graceful restarts of {@link S3ImportSourceIT}, nothing of the killed worker gets to run: no task
 * stop, no offset flush, no transaction abort; its open transaction stays until the broker aborts it
 * on timeout or the next producer with the same transactional id fences it.
 */
class WorkerKilledIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String IMPORT_ID = "killed";
    private static final String TOPIC = ImportCluster.topic(IMPORT_ID);
    /** Exit value of a process ended by SIGKILL (128 + 9). */
    private static final int KILLED = 137;

    private static final String PAD = "x".repeat(200);

    @TempDir
    static Path dir;

    private static Path logDir;
    private static KafkaClusterTestKit kafka;
    private static S3TestServer s3;
    private static final List<ConnectWorkerProcess> workers = new ArrayList<>();
    /** Record count per object, in listing order. */
    private static final Map<String, Integer> expected = new LinkedHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        logDir = buildDir().resolve("worker-killed-it");
        Files.createDirectories(logDir);
        kafka = startBroker();
        Files.createDirectories(dir.resolve("s3"));
        s3 = S3TestServer.start(dir.resolve("s3"));
        s3.createBucket(IMPORT_ID);
        // about 55 MB uncompressed in four GZIP objects: big enough that the kill lands mid-object
        for (int o = 0; o < 4; o++) {
            String key = "part-" + o + ".json.gz";
            int records = 45_000 + 5_000 * o;
            s3.put(IMPORT_ID, key, gzipObject(key, records));
            expected.put(key, records);
        }
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 1))).all().get();
        }
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            for (ConnectWorkerProcess worker : workers) {
                worker.close();
            }
        } finally {
            try {
                if (s3 != null) {
                    s3.close();
                }
            } finally {
                if (kafka != null) {
                    kafka.close();
                }
            }
        }
    }

    @Test
    void shouldNeitherDuplicateNorLoseItemsWhenTheWorkerIsKilledMidObject() throws Throwable {
        long total = expected.values().stream().mapToLong(Integer::longValue).sum();
        int port = freePort();
        Path properties = logDir.resolve("worker.properties");
        ConnectWorkerProcess.writeProperties(properties, workerProps(port));
        try (ItemTally committed = tally("read_committed")) {
            ConnectWorkerProcess first = startWorker(properties, port, "worker-1.log");
            first.awaitReady(TIMEOUT);
            first.createConnector(IMPORT_ID, connectorConfig(), TIMEOUT);
            // some way in, so the next worker resumes deep inside compressed objects
            assertTrue(
                    committed.pollUntil(t -> t.entries >= total / 20, TIMEOUT),
                    () -> "the first worker committed only " + committed.entries + " records: "
                            + first.status(IMPORT_ID));

            long committedBeforeKill = committed.entries;
            assertTrue(first.isAlive(), "the first worker ended before it was killed");
            assertEquals(KILLED, first.kill(), "the first worker's exit was the SIGKILL");
            long writtenBeforeKill;
            List<String> cutObjects;
            try (ItemTally written = tally("read_uncommitted")) {
                written.drain(TIMEOUT);
                writtenBeforeKill = written.entries;
                cutObjects = written.started();
            }
            assertTrue(
                    writtenBeforeKill < total,
                    "the kill came after all " + total + " records were written: not mid-import");
            assertTrue(!cutObjects.isEmpty(), "the kill landed between objects, not mid-object");

            ConnectWorkerProcess second = startWorker(properties, port, "worker-2.log");
            second.awaitReady(TIMEOUT);
            assertTrue(
                    committed.pollUntil(t -> t.lastChunks >= expected.size(), TIMEOUT),
                    () -> "the import did not complete after the restart: " + second.status(IMPORT_ID));
            committed.drain(TIMEOUT);

            assertEquals(List.of(), committed.problems, "order, chunk numbering and record bytes");
            assertEquals(List.of(), committed.mismatches(), "the multiset of (object, itemIndex)");
            assertEquals(total, committed.entries, "records read_committed");
            assertEquals(expected.size(), committed.lastChunks, "final chunks");
            long aborted = readToEnd("read_uncommitted") - total;
            System.out.printf(
                    "WorkerKilledIT: %d records; before the kill >= %d committed, %d written, objects cut %s;"
                            + " %d records written in aborted transactions%n",
                    total, committedBeforeKill, writtenBeforeKill, cutObjects, aborted);
        } catch (Throwable t) {
            for (ConnectWorkerProcess worker : workers) {
                System.err.println(worker.logTail());
            }
            throw t;
        }
    }

    /** Reads the whole chunks topic with {@code isolation} and returns how many entries it holds. */
    private static long readToEnd(String isolation) {
        try (ItemTally tally = tally(isolation)) {
            tally.drain(TIMEOUT);
            return tally.entries;
        }
    }

    private static ItemTally tally(String isolation) {
        return new ItemTally(kafka.bootstrapServers(), TOPIC, isolation, expected, WorkerKilledIT::record);
    }

    private static ConnectWorkerProcess startWorker(Path properties, int port, String logName) throws IOException {
        ConnectWorkerProcess worker = ConnectWorkerProcess.start(properties, port, logDir.resolve(logName));
        workers.add(worker);
        return worker;
    }

    private static Map<String, String> workerProps(int restPort) {
        Map<String, String> props = new HashMap<>();
        props.put("bootstrap.servers", kafka.bootstrapServers());
        props.put("group.id", "worker-killed-it");
        props.put("key.converter", S3ImportSourceConnector.BYTE_ARRAY_CONVERTER);
        props.put("value.converter", S3ImportSourceConnector.BYTE_ARRAY_CONVERTER);
        props.put("config.storage.topic", "worker-killed-it.configs");
        props.put("offset.storage.topic", "worker-killed-it.offsets");
        props.put("status.storage.topic", "worker-killed-it.status");
        props.put("config.storage.replication.factor", "1");
        props.put("offset.storage.replication.factor", "1");
        props.put("status.storage.replication.factor", "1");
        props.put("offset.storage.partitions", "5");
        props.put("status.storage.partitions", "1");
        props.put("exactly.once.source.support", "enabled");
        props.put("plugin.discovery", "service_load");
        props.put("listeners", "http://127.0.0.1:" + restPort);
        props.put("rest.advertised.host.name", "127.0.0.1");
        props.put("rest.advertised.port", String.valueOf(restPort));
        props.put("offset.flush.interval.ms", "500");
        props.put("connector.client.config.override.policy", "All");
        // the killed worker stays a group member until its session expires: keep that short
        props.put("session.timeout.ms", "6000");
        props.put("heartbeat.interval.ms", "1000");
        // a worker that left does not get its tasks held back for it
        props.put("scheduled.rebalance.max.delay.ms", "0");
        // The killed worker's open transaction (chunks plus their offsets) blocks every read_committed
        // reader of the offsets topic, the next worker's start-up included, until the broker aborts it
        // after this timeout (Kafka's default: 60 s).
        props.put("producer.transaction.timeout.ms", "10000");
        return props;
    }

    private static Map<String, String> connectorConfig() {
        Map<String, String> props = new HashMap<>(s3.connectorProps());
        props.put("connector.class", S3ImportSourceConnector.class.getName());
        props.put("tasks.max", "2");
        props.put("key.converter", S3ImportSourceConnector.BYTE_ARRAY_CONVERTER);
        props.put("value.converter", S3ImportSourceConnector.BYTE_ARRAY_CONVERTER);
        props.put("header.converter", S3ImportSourceConnector.BYTE_ARRAY_CONVERTER);
        props.put("import.id", IMPORT_ID);
        props.put("topic", TOPIC);
        props.put("s3.bucket", IMPORT_ID);
        props.put("input.format", "DYNAMODB_JSON");
        props.put("input.compression", "GZIP");
        props.put("chunk.bytes", "16384");
        props.put("manifest.replication.factor", "1");
        props.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        return props;
    }

    /** Record {@code index} of object {@code key}, as the framer hands it out (no line end). */
    static String record(String key, int index) {
        return "{\"Item\":{\"pk\":{\"S\":\"" + key + "-" + index + "\"},\"n\":{\"N\":\"" + index
                + "\"},\"pad\":{\"S\":\"" + PAD + "\"}}}";
    }

    private static byte[] gzipObject(String key, int records) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes, 1 << 16)) {
            for (int i = 0; i < records; i++) {
                out.write((record(key, i) + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        return bytes.toByteArray();
    }

    private static KafkaClusterTestKit startBroker() throws Exception {
        KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                        .setCombined(true)
                        .setNumBrokerNodes(1)
                        .setNumControllerNodes(1)
                        .build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("offsets.topic.num.partitions", "5")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("transaction.state.log.num.partitions", "5")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                // look for timed-out transactions (the killed worker's) every second, not every 10 s
                .setConfigProp("transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000")
                .setConfigProp("message.max.bytes", String.valueOf(4 * 1024 * 1024))
                .build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
        return cluster;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The module's build directory (target/ or -DbuildDir), the parent of the test classes. */
    private static Path buildDir() throws Exception {
        return Path.of(WorkerKilledIT.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI())
                .getParent();
    }
}
