package dev.ddbimport.service.stack;

import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.connect.cli.ConnectDistributed;
import org.apache.kafka.connect.runtime.Connect;
import org.apache.kafka.connect.runtime.distributed.DistributedHerder;

/**
 * A distributed-mode Kafka Connect worker, run from Connect's own runtime classes. Its connectors are
 * found on the classpath ({@code plugin.discovery=service_load}), or, given a plugin path, in the plugin
 * archives installed there, each in its own class loader as on any Connect worker; its state (connector
 * configs, offsets, statuses) lives in Kafka topics, so it survives restarts with the broker's data.
 */
public final class EmbeddedConnect implements AutoCloseable {

    static final String GROUP_ID = "ddbimport-connect";
    public static final String CONFIG_TOPIC = "ddbimport-connect-configs";
    static final String OFFSET_TOPIC = "ddbimport-connect-offsets";
    static final String STATUS_TOPIC = "ddbimport-connect-status";
    static final String BYTE_ARRAY_CONVERTER = "org.apache.kafka.connect.converters.ByteArrayConverter";

    private static final String HOST = "127.0.0.1";
    private static final long READY_TIMEOUT_SECONDS = 120;
    private static final long STOP_TIMEOUT_SECONDS = 60;

    private final Connect<DistributedHerder> connect;
    private final URI restUrl;
    private boolean closed;

    private EmbeddedConnect(Connect<DistributedHerder> connect, URI restUrl) {
        this.connect = connect;
        this.restUrl = restUrl;
    }

    /**
     * Starts a worker on {@code bootstrapServers} that also loads the plugins installed in
     * {@code pluginPath} (null: the classpath only), and returns once it serves requests.
     */
    public static EmbeddedConnect start(String bootstrapServers, int port, Path pluginPath) {
        Connect<DistributedHerder> connect =
                new ConnectDistributed().startConnect(workerProps(bootstrapServers, port, pluginPath));
        EmbeddedConnect worker = new EmbeddedConnect(connect, URI.create("http://" + HOST + ":" + port + "/"));
        try {
            worker.awaitReady();
        } catch (RuntimeException e) {
            worker.close();
            throw e;
        }
        return worker;
    }

    public static Map<String, String> workerProps(String bootstrapServers, int port, Path pluginPath) {
        Map<String, String> props = new HashMap<>();
        props.put("bootstrap.servers", bootstrapServers);
        props.put("group.id", GROUP_ID);
        props.put("listeners", "http://" + HOST + ":" + port);
        props.put("rest.advertised.host.name", HOST);
        props.put("rest.advertised.port", Integer.toString(port));
        props.put("config.storage.topic", CONFIG_TOPIC);
        props.put("offset.storage.topic", OFFSET_TOPIC);
        props.put("status.storage.topic", STATUS_TOPIC);
        props.put("config.storage.replication.factor", "1");
        props.put("offset.storage.replication.factor", "1");
        props.put("status.storage.replication.factor", "1");
        props.put("offset.storage.partitions", "5");
        props.put("exactly.once.source.support", "enabled");
        // our connectors carry service files, on the classpath or in their plugin archives: found by
        // ServiceLoader without scanning every class (twice as fast to start); a plugin without them
        // is not found
        props.put("plugin.discovery", "service_load");
        if (pluginPath != null) {
            props.put("plugin.path", pluginPath.toString());
        }
        // chunk, item and error records are bytes the connectors encode themselves
        props.put("key.converter", BYTE_ARRAY_CONVERTER);
        props.put("value.converter", BYTE_ARRAY_CONVERTER);
        props.put("header.converter", BYTE_ARRAY_CONVERTER);
        // sink progress (committed offsets) is visible within a quarter of a second: an import is
        // COMPLETED only once the sink has committed past its last item, so this is part of every
        // import's time
        props.put("offset.flush.interval.ms", "250");
        // a lone worker: never hold back a rebalance waiting for a departed worker to return
        props.put("scheduled.rebalance.max.delay.ms", "0");
        return props;
    }

    private void awaitReady() {
        // the herder answers a health check once it has read its topics and joined its group
        CompletableFuture<Void> ready = new CompletableFuture<>();
        connect.herder().healthCheck((error, ignored) -> {
            if (error != null) {
                ready.completeExceptionally(error);
            } else {
                ready.complete(null);
            }
        });
        try {
            ready.get(READY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException(
                    "Kafka Connect (" + restUrl + ") was not ready within " + READY_TIMEOUT_SECONDS
                            + " s; its log above says why",
                    e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka Connect (" + restUrl + ") failed to start: " + e.getCause(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while Kafka Connect was starting", e);
        }
    }

    /** The REST API's base URL, ending in {@code /}. */
    public URI restUrl() {
        return restUrl;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        connect.stop();
        // Connect's own shutdown hook may be stopping it concurrently (Ctrl-C): wait for the herder
        // either way, so Kafka outlives the worker's last offset commits
        try {
            connect.herderTask().get(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | java.util.concurrent.CancellationException e) {
            // stopped as far as it could; nothing more to do on the way down
        }
    }
}
