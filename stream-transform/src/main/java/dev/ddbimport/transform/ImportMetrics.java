package dev.ddbimport.transform;

import dev.ddbimport.core.error.ErrorCode;
import dev.ddbimport.core.pipeline.ImportTopics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;

/**
 * The meters of one import on this instance, all tagged {@code import=<id>}: the topology's live
 * notifications as counters (rates come from the registry, e.g. Prometheus' {@code rate()}), the
 * last-write-wins store's size, the lag on the chunks topic, and every Kafka Streams client metric
 * (bound through Micrometer's {@link KafkaStreamsMetrics}). These are for dashboards; the import's
 * exact totals are the counters on its progress topic.
 */
final class ImportMetrics implements TransformListener, AutoCloseable {

    static final String RECORDS = "ddbimport.transform.records";
    static final String ERRORS = "ddbimport.transform.errors";
    static final String DUPLICATES = "ddbimport.transform.duplicates";
    static final String REPLAYS = "ddbimport.transform.replays";
    static final String STORE_ENTRIES = "ddbimport.transform.store.entries";
    static final String CHUNKS_LAG = "ddbimport.transform.chunks.lag";
    static final String IMPORT_TAG = "import";

    private static final String LAG_METRIC = "records-lag";
    private static final String FETCH_GROUP = "consumer-fetch-manager-metrics";

    private final MeterRegistry registry;
    private final Tags tags;
    private final String chunksTopicTag;
    private final Counter records;
    private final Counter duplicates;
    private final Counter replays;
    // one counter per code, made on first use so that only codes that occur become series
    private final Map<ErrorCode, Counter> errors = new EnumMap<>(ErrorCode.class);
    private final List<Meter> meters = new ArrayList<>();
    private KafkaStreamsMetrics streamsMetrics;
    private volatile KafkaStreams streams;

    ImportMetrics(String importId, MeterRegistry registry) {
        this.registry = registry;
        this.tags = Tags.of(IMPORT_TAG, importId);
        // the consumer tags its per-partition metrics with the topic name's dots replaced
        this.chunksTopicTag = new ImportTopics(importId).chunks().replace('.', '_');
        this.records = counter(RECORDS, "records (items and bad records) read from chunks", tags);
        this.duplicates = counter(DUPLICATES, "items superseded by a newer item with the same key", tags);
        this.replays = counter(REPLAYS, "items dropped as replays of items already seen", tags);
    }

    /** Binds the import's KafkaStreams: its own metrics, the store size and the chunks lag. */
    void bind(KafkaStreams kafkaStreams, ScheduledExecutorService scheduler) {
        this.streams = kafkaStreams;
        streamsMetrics = new KafkaStreamsMetrics(kafkaStreams, tags, scheduler);
        streamsMetrics.bindTo(registry);
        keep(Gauge.builder(STORE_ENTRIES, this, ImportMetrics::storeEntries)
                .description("approximate keys in this instance's last-write-wins store")
                .tags(tags)
                .strongReference(true)
                .register(registry));
        keep(Gauge.builder(CHUNKS_LAG, this, ImportMetrics::chunksLag)
                .description("records behind the end of the chunks topic, on this instance's partitions")
                .tags(tags)
                .strongReference(true)
                .register(registry));
    }

    @Override
    public void onRecords(long n) {
        records.increment(n);
    }

    @Override
    public void onError(ErrorCode code) {
        Counter c;
        synchronized (errors) {
            c = errors.computeIfAbsent(
                    code,
                    k -> counter(
                            ERRORS,
                            "records dead-lettered, by error code",
                            tags.and("code", k.name(), "stage", k.stage().name())));
        }
        c.increment();
    }

    @Override
    public void onDuplicate() {
        duplicates.increment();
    }

    @Override
    public void onReplay() {
        replays.increment();
    }

    /** Approximate entries of the last-write-wins store over this instance's tasks; NaN while unavailable. */
    double storeEntries() {
        KafkaStreams s = streams;
        if (s == null) {
            return Double.NaN;
        }
        try {
            return s.store(StoreQueryParameters.fromNameAndType(
                            ImportTopology.LWW_STORE, QueryableStoreTypes.keyValueStore()))
                    .approximateNumEntries();
        } catch (InvalidStateStoreException e) {
            return Double.NaN; // rebalancing, restoring or closed: no answer right now
        }
    }

    /** Sum of the main consumer's {@code records-lag} over the chunks topic's assigned partitions. */
    double chunksLag() {
        KafkaStreams s = streams;
        if (s == null) {
            return Double.NaN;
        }
        double lag = 0;
        boolean any = false;
        for (Map.Entry<MetricName, ? extends Metric> e : s.metrics().entrySet()) {
            MetricName name = e.getKey();
            if (LAG_METRIC.equals(name.name())
                    && FETCH_GROUP.equals(name.group())
                    && chunksTopicTag.equals(name.tags().get("topic"))
                    && e.getValue().metricValue() instanceof Number n
                    && !Double.isNaN(n.doubleValue())) {
                lag += n.doubleValue();
                any = true;
            }
        }
        return any ? lag : Double.NaN;
    }

    private Counter counter(String name, String description, Tags counterTags) {
        Counter c =
                Counter.builder(name).description(description).tags(counterTags).register(registry);
        keep(c);
        return c;
    }

    private void keep(Meter m) {
        synchronized (meters) {
            meters.add(m);
        }
    }

    /** Removes every meter of this import, so a finished import leaves no series behind. */
    @Override
    public void close() {
        if (streamsMetrics != null) {
            streamsMetrics.close();
        }
        synchronized (meters) {
            for (Meter m : meters) {
                registry.remove(m);
            }
            meters.clear();
        }
        streams = null;
    }
}
