package dev.ddbimport.service.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.properties.MetaPropertiesEnsemble;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Kafka node acting as both broker and KRaft controller, run from Kafka's own server classes.
 * Its log directory is formatted on first start (the cluster id is then kept in its
 * {@code meta.properties}); later starts reuse the data. Every internal topic has replication factor
 * 1, so transactions and exactly-once work on this single node.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);

    private static final int NODE_ID = 1;
    private static final String HOST = "127.0.0.1";
    private static final String CONTROLLER_LISTENER = "CONTROLLER";

    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final String clusterId;
    private boolean closed;

    private EmbeddedKafka(KafkaRaftServer server, String bootstrapServers, String clusterId) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        this.clusterId = clusterId;
    }

    /** Formats {@code logDir} if it is new, starts the node and returns once the broker is serving. */
    public static EmbeddedKafka start(Path logDir, int port, int controllerPort) {
        try {
            Files.createDirectories(logDir);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot create Kafka's log directory " + logDir + ": " + e, e);
        }
        KafkaConfig config = new KafkaConfig(serverProps(logDir, port, controllerPort));
        String clusterId = formatIfNew(logDir);
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        try {
            // returns once the broker is registered and unfenced, i.e. ready for clients
            server.startup();
        } catch (RuntimeException e) {
            server.shutdown();
            server.awaitShutdown();
            throw new IllegalStateException("Kafka did not start (log directory " + logDir + "): " + e, e);
        }
        return new EmbeddedKafka(server, HOST + ":" + port, clusterId);
    }

    static Map<String, String> serverProps(Path logDir, int port, int controllerPort) {
        Map<String, String> props = new HashMap<>();
        props.put("process.roles", "broker,controller");
        props.put("node.id", Integer.toString(NODE_ID));
        // a static one-voter quorum: nothing about the controller's address is written at format time,
        // so the ports may change between runs over the same data
        props.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        props.put(
                "listeners",
                "PLAINTEXT://" + HOST + ":" + port + "," + CONTROLLER_LISTENER + "://" + HOST + ":" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + port);
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", logDir.toString());
        // one node: every internal topic with one replica
        props.put("offsets.topic.replication.factor", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("default.replication.factor", "1");
        props.put("min.insync.replicas", "1");
        // fewer partitions for the internal topics: quicker to create, fewer files, same behaviour here
        props.put("offsets.topic.num.partitions", "5");
        props.put("transaction.state.log.num.partitions", "5");
        // a new group waits this long for more members before its first assignment (Kafka's default
        // is 3 s): long enough for an import's sink tasks, which start together, to join together;
        // one that joined a few milliseconds late forced a second, stop-the-world rebalance that
        // re-delivered the first task's unsettled items, written again
        props.put("group.initial.rebalance.delay.ms", "200");
        // the log cleaner reserves this much heap up front (128 MiB by default); compacted topics here are small
        props.put("log.cleaner.dedupe.buffer.size", Integer.toString(16 * 1024 * 1024));
        return props;
    }

    /** Formats a new log directory and returns the cluster id, new or kept from an earlier run. */
    private static String formatIfNew(Path logDir) {
        Path metaProperties = logDir.resolve(MetaPropertiesEnsemble.META_PROPERTIES_NAME);
        if (Files.exists(metaProperties)) {
            Properties meta = new Properties();
            try (InputStream in = Files.newInputStream(metaProperties)) {
                meta.load(in);
            } catch (IOException e) {
                throw new IllegalStateException(
                        "Cannot read " + metaProperties + " (" + e + "): start with --fresh to begin anew", e);
            }
            String clusterId = meta.getProperty("cluster.id");
            log.info("Kafka: reusing cluster {} in {}", clusterId, logDir);
            return clusterId;
        }
        String clusterId = Uuid.randomUuid().toString();
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(NODE_ID)
                    .setClusterId(clusterId)
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setMetadataLogDirectory(logDir.toString())
                    .addDirectory(logDir.toString())
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot format Kafka's log directory " + logDir + ": " + e, e);
        }
        log.info("Kafka: formatted {} for new cluster {}", logDir, clusterId);
        return clusterId;
    }

    /** {@code host:port} for Kafka clients. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    public String clusterId() {
        return clusterId;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.shutdown();
        server.awaitShutdown();
    }
}
