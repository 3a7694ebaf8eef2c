package dev.ddbimport.service.cli;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.metrics.MetricsReporter;

/**
 * A metrics reporter that records which Kafka clients were configured with it: named in a
 * {@code --kafka-config} file as {@code metric.reporters}, it shows which clients got that file's
 * settings. Public, as Kafka instantiates it by name.
 */
public final class KafkaClientRecorder implements MetricsReporter {

    /** A client that was configured with this reporter, and the thread that created it. */
    public record Client(String clientId, String thread) {}

    static final List<Client> CLIENTS = new CopyOnWriteArrayList<>();

    @Override
    public void configure(Map<String, ?> configs) {
        Object clientId = configs.get("client.id");
        CLIENTS.add(new Client(
                clientId == null ? "" : clientId.toString(),
                Thread.currentThread().getName()));
    }

    @Override
    public void init(List<KafkaMetric> metrics) {}

    @Override
    public void metricChange(KafkaMetric metric) {}

    @Override
    public void metricRemoval(KafkaMetric metric) {}

    @Override
    public void close() {}
}
