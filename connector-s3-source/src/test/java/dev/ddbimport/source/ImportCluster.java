package dev.ddbimport.source;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

/** One Kafka broker and one exactly-once-enabled Connect worker, plus s3proxy on a folder. */
final class ImportCluster implements AutoCloseable {

    final EmbeddedConnectCluster connect;
    final S3TestServer s3;

    private ImportCluster(EmbeddedConnectCluster connect, S3TestServer s3) {
        this.connect = connect;
        this.s3 = s3;
    }

    static ImportCluster start(Path s3Dir) throws Exception {
        S3TestServer s3 = S3TestServer.start(s3Dir);
        Map<String, String> worker = new HashMap<>();
        worker.put("plugin.discovery", "service_load");
        worker.put("exactly.once.source.support", "enabled");
        worker.put("offset.flush.interval.ms", "500");
        Properties broker = new Properties();
        broker.put("transaction.state.log.replication.factor", "1");
        broker.put("transaction.state.log.min.isr", "1");
        broker.put("message.max.bytes", String.valueOf(4 * 1024 * 1024));
        EmbeddedConnectCluster connect = new EmbeddedConnectCluster.Builder()
                .name("ddbimport-source-it")
                .numWorkers(1)
                .numBrokers(1)
                .workerProps(worker)
                .brokerProps(broker)
                .build();
        connect.start();
        return new ImportCluster(connect, s3);
    }

    /** A connector config for {@code importId} reading {@code bucket}/{@code prefix} into {@code topic}. */
    Map<String, String> connectorConfig(
            String importId, String bucket, String prefix, String format, String compression) {
        Map<String, String> props = new HashMap<>(s3.connectorProps());
        props.put("connector.class", S3ImportSourceConnector.class.getName());
        props.put("tasks.max", "2");
        props.put("key.converter", S3ImportSourceConnector.BYTE_ARRAY_CONVERTER);
        props.put("value.converter", S3ImportSourceConnector.BYTE_ARRAY_CONVERTER);
        props.put("header.converter", S3ImportSourceConnector.BYTE_ARRAY_CONVERTER);
        props.put("import.id", importId);
        props.put("topic", topic(importId));
        props.put("s3.bucket", bucket);
        props.put("s3.prefix", prefix);
        props.put("input.format", format);
        props.put("input.compression", compression);
        props.put("chunk.bytes", "4096");
        props.put("kafka.bootstrap.servers", connect.kafka().bootstrapServers());
        return props;
    }

    static String topic(String importId) {
        return importId + ".chunks";
    }

    ChunkSink sink(String importId, boolean keepEntries) {
        return new ChunkSink(connect.kafka().bootstrapServers(), topic(importId), keepEntries);
    }

    @Override
    public void close() {
        try {
            connect.stop();
        } finally {
            s3.close();
        }
    }
}
