package dev.ddbimport.transform;

import dev.ddbimport.core.model.ImportDefinition;
import dev.ddbimport.core.pipeline.ImportTopics;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The Kafka Streams topology of one import: chunks → parse/validate/encode (dead letters to the
 * errors topic) → repartition by item key, in batches → last write wins → items topic, with exact counters
 * published to the progress topic.
 */
public final class ImportTopology {

    /** Source node reading the chunks topic. */
    public static final String CHUNKS_SOURCE = "chunks-source";
    /** Processor decoding chunks into items and dead letters. */
    public static final String CHUNK_SPLITTER = "chunk-splitter";
    /** Sink of dead letters to the errors topic. */
    public static final String ERRORS_SINK = "errors-sink";
    /** Sink of the parse stage's counter snapshots to the progress topic. */
    public static final String PARSE_PROGRESS_SINK = "parse-progress-sink";
    /**
     * Name of the repartition by item key. Kafka Streams derives the internal topic ({@code
     * <application.id>-items-by-key-repartition}) and the three nodes below from it.
     */
    public static final String ITEMS_REPARTITION_TOPIC = "items-by-key";
    /** First node of the repartition (drops null keys; ours never are), the splitter's items child. */
    public static final String ITEMS_REPARTITION_FILTER = ITEMS_REPARTITION_TOPIC + "-repartition-filter";
    /** Sink writing items to the repartition topic. */
    public static final String ITEMS_REPARTITION_SINK = ITEMS_REPARTITION_TOPIC + "-repartition-sink";
    /** Source node reading the repartition topic. */
    public static final String ITEMS_REPARTITION_SOURCE = ITEMS_REPARTITION_TOPIC + "-repartition-source";
    /** Processor keeping the winner of each key. */
    public static final String LAST_WRITE_WINS = "last-write-wins";
    /** Sink of winning items to the items topic. */
    public static final String ITEMS_SINK = "items-sink";
    /** Sink of the dedupe stage's counter snapshots to the progress topic. */
    public static final String DEDUPE_PROGRESS_SINK = "dedupe-progress-sink";

    /**
     * Key bytes → the sequence of the winning item (not the item). Not changelogged: it is an index
     * of {@link #LWW_LOG_STORE}, rebuilt from it after a restore (see {@link LastWriteWinsProcessor}).
     */
    public static final String LWW_STORE = "lww-sequences";
    /**
     * Input offset of an item batch → the winners it produced (keys and sequences), one changelog
     * record per batch instead of one per winner.
     */
    public static final String LWW_LOG_STORE = "lww-winners-log";
    /** Object key → what the parse stage has counted of it (next itemIndex, bytes, done). */
    public static final String OBJECT_PROGRESS_STORE = "object-progress";
    /** Counter name → value, for the parse stage of the task. */
    public static final String PARSE_COUNTERS_STORE = "parse-counters";
    /** Counter name → value, for the dedupe stage of the task. */
    public static final String DEDUPE_COUNTERS_STORE = "dedupe-counters";

    /**
     * Every changelogged state store of the topology: each has a changelog topic {@code
     * <application.id>-<store>-changelog}. The topology's only other store is {@link #LWW_STORE}, a
     * local index of {@link #LWW_LOG_STORE}.
     */
    public static final List<String> STORES =
            List.of(OBJECT_PROGRESS_STORE, PARSE_COUNTERS_STORE, LWW_LOG_STORE, DEDUPE_COUNTERS_STORE);

    /** The changelogged stores of the parse stage, whose tasks are the chunks topic's partitions. */
    static final List<String> PARSE_STORES = List.of(OBJECT_PROGRESS_STORE, PARSE_COUNTERS_STORE);

    /** The changelogged stores of last-write-wins, whose tasks are the repartition topic's partitions. */
    static final List<String> LAST_WRITE_WINS_STORES = List.of(LWW_LOG_STORE, DEDUPE_COUNTERS_STORE);

    /** The repartition topic Kafka Streams creates for the application {@code applicationId}. */
    public static String repartitionTopic(String applicationId) {
        return applicationId + "-" + ITEMS_REPARTITION_TOPIC + "-repartition";
    }

    private ImportTopology() {}

    /** The topology for {@code definition}; one per import, run by its own KafkaStreams. */
    public static Topology build(ImportDefinition definition, TransformSettings settings) {
        if (settings.repartitionPartitions() == TransformSettings.AS_MANY_AS_CHUNKS_PARTITIONS) {
            throw new IllegalArgumentException("the repartition partitions are 'as many as the chunks topic':"
                    + " resolve them with TransformSettings.resolveRepartitionPartitions first");
        }
        ImportTopics topics = new ImportTopics(TransformProperties.importId(definition));
        Serde<byte[]> bytes = Serdes.ByteArray();
        StreamsBuilder builder = new StreamsBuilder();
        // small stores (an entry per object, a few counters) are kept in memory, changelogged like the
        // others: a RocksDB instance each per task cost start-up time and memory for nothing
        builder.addStateStore(
                Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(OBJECT_PROGRESS_STORE), Serdes.String(), bytes)
                        .withCachingEnabled());
        builder.addStateStore(counterStore(PARSE_COUNTERS_STORE));
        // an index, not logged: a changelog record per winner was a third of the stage's Kafka records
        builder.addStateStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(LWW_STORE), Serdes.Bytes(), bytes)
                        .withCachingDisabled()
                        .withLoggingDisabled());
        // one write per batch, never the same key twice: a cache would only copy
        builder.addStateStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(LWW_LOG_STORE), Serdes.Bytes(), bytes)
                        .withCachingDisabled());
        builder.addStateStore(counterStore(DEDUPE_COUNTERS_STORE));

        KStream<byte[], byte[]> split = builder.stream(
                        topics.chunks(), Consumed.with(bytes, bytes).withName(CHUNKS_SOURCE))
                .process(
                        () -> new ChunkSplitter(
                                definition, settings, ITEMS_REPARTITION_FILTER, ERRORS_SINK, PARSE_PROGRESS_SINK),
                        Named.as(CHUNK_SPLITTER),
                        OBJECT_PROGRESS_STORE,
                        PARSE_COUNTERS_STORE);
        split.to(topics.errors(), Produced.with(bytes, bytes).withName(ERRORS_SINK));
        split.to(topics.progress(), Produced.with(bytes, bytes).withName(PARSE_PROGRESS_SINK));

        KStream<byte[], byte[]> winners = split.repartition(Repartitioned.<byte[], byte[]>as(ITEMS_REPARTITION_TOPIC)
                        .withKeySerde(bytes)
                        .withValueSerde(bytes)
                        // the splitter groups by this count before any partitioner runs, so it is fixed
                        .withNumberOfPartitions(settings.repartitionPartitions())
                        .withStreamPartitioner(new BatchPartitioner(settings.repartitionPartitions())))
                .process(
                        () -> new LastWriteWinsProcessor(settings, ITEMS_SINK, DEDUPE_PROGRESS_SINK),
                        Named.as(LAST_WRITE_WINS),
                        LWW_STORE,
                        LWW_LOG_STORE,
                        DEDUPE_COUNTERS_STORE);
        winners.to(topics.items(), Produced.with(bytes, bytes).withName(ITEMS_SINK));
        winners.to(topics.progress(), Produced.with(bytes, bytes).withName(DEDUPE_PROGRESS_SINK));
        Topology topology = builder.build();
        requireChildren(topology, CHUNK_SPLITTER, ITEMS_REPARTITION_FILTER, ERRORS_SINK, PARSE_PROGRESS_SINK);
        requireChildren(topology, LAST_WRITE_WINS, ITEMS_SINK, DEDUPE_PROGRESS_SINK);
        return topology;
    }

    /**
     * The processors forward to their children by name; the repartition's first node is named by
     * Kafka Streams, so check here, once, that the names still hold rather than fail on the first record.
     */
    private static void requireChildren(Topology topology, String processor, String... children) {
        for (TopologyDescription.Subtopology sub : topology.describe().subtopologies()) {
            for (TopologyDescription.Node node : sub.nodes()) {
                if (node.name().equals(processor)) {
                    Set<String> actual = new HashSet<>();
                    node.successors().forEach(s -> actual.add(s.name()));
                    if (!actual.containsAll(List.of(children))) {
                        throw new IllegalStateException("topology node " + processor + " has children " + actual
                                + ", expected " + List.of(children) + ": this Kafka Streams version names nodes"
                                + " differently; update ImportTopology's constants");
                    }
                    return;
                }
            }
        }
        throw new IllegalStateException("topology has no node " + processor);
    }

    private static StoreBuilder<KeyValueStore<String, Long>> counterStore(String name) {
        // cached: a counter changes with nearly every record, the cache turns that into one write per commit
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(), Serdes.Long())
                .withCachingEnabled();
    }
}
