package dev.ddbimport.transform;

import dev.ddbimport.core.chunk.ChunkCodec;
import dev.ddbimport.core.chunk.ChunkHeaders;
import dev.ddbimport.core.frame.Frame;
import dev.ddbimport.core.frame.RawRecord;
import dev.ddbimport.core.model.ImportDefinition;
import dev.ddbimport.core.pipeline.ImportTopics;
import dev.ddbimport.core.pipeline.ItemRecordHeaders;
import dev.ddbimport.core.pipeline.StageCounters;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Items/s through the real topology on an in-process broker, next to a pass-through topology measured
 * in the same run: the same chunk records, read from the same pre-filled topic with the same
 * partitions, threads and {@code exactly_once_v2}, produced unchanged to a topic of the same
 * partitions. Each run is timed from its first chunk consumed until everything it did is committed
 * (pass-through: its committed input offsets reach the end; real: the committed counters show every
 * record parsed and every item through last-write-wins).
 *
 * <p>A third run, the <b>item-record floor</b>, bounds what any topology can reach under the pipeline's
 * contracts: it decodes each chunk (the chunk record contract) and writes one record per record it
 * holds to the items topic's shape (key, value, the source pointer headers: the item record
 * contract), with no parsing, validation, repartition, store or counters. Its ratio to the
 * pass-through is the most the real topology could get on this machine. Run with
 * {@code mvn -pl stream-transform test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.ddbimport.transform.TransformBenchmark -Dexec.args="[items] [partitions]
 * [threads] [rounds] [streams.setting=value ...]"} (defaults: 1000000 items, 4 partitions, 1 thread, 1 round;
 * extra settings apply to both runs).
 */
public final class TransformBenchmark {

    private static final int CHUNK_BYTES = 512 * 1024; // the source connector's default
    private static final int OBJECTS = 8;
    private static final Duration TIMEOUT = Duration.ofMinutes(Long.getLong("bench.timeout.minutes", 10));

    private TransformBenchmark() {}

    /**
     * What the run took: wall time, and the CPU time of this whole JVM (broker, Streams and driver share
     * it) over the same span. CPU time per item is the figure that survives other load on the machine.
     */
    record Result(String what, long records, long bytes, double seconds, double cpuSeconds) {
        double itemsPerSecond() {
            return records / seconds;
        }

        double mbPerSecond() {
            return bytes / 1048576.0 / seconds;
        }

        double cpuMicrosPerItem() {
            return cpuSeconds * 1e6 / records;
        }

        void print() {
            System.out.printf(
                    "%-48s %10.0f items/s %8.1f MB/s (%d items in %.2f s, %.1f CPU s = %.1f us/item)%n",
                    what, itemsPerSecond(), mbPerSecond(), records, seconds, cpuSeconds, cpuMicrosPerItem());
        }
    }

    /** What the three runs share: the cluster, the input and the Streams settings. */
    private record Runs(
            TransformCluster cluster,
            ImportTopics topics,
            Path stateDir,
            int partitions,
            int threads,
            Map<String, String> extra,
            SyntheticImport.Expected expected) {

        /** The chunks topic as the run's source. */
        KStream<byte[], byte[]> chunks(StreamsBuilder builder) {
            return builder.stream(
                    topics.chunks(),
                    Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("in"));
        }
    }

    public static void main(String[] args) throws Exception {
        int items = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int partitions = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        Map<String, String> extra = new HashMap<>();
        for (int i = 4; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("Streams setting '" + args[i] + "' is not key=value");
            }
            extra.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        Path stateDir = Files.createTempDirectory("transform-bench");
        try (TransformCluster cluster = TransformCluster.start()) {
            run(cluster, stateDir, items, partitions, threads, rounds, extra);
        } finally {
            try (Stream<Path> files = Files.walk(stateDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void run(
            TransformCluster cluster,
            Path stateDir,
            int items,
            int partitions,
            int threads,
            int rounds,
            Map<String, String> extra)
            throws Exception {
        String id = "bench";
        ImportTopics topics = new ImportTopics(id);
        cluster.createImportTopics(id, partitions);
        // 10% of valid items reuse a key, 1% of records are invalid; about 200 bytes per item
        SyntheticImport data = new SyntheticImport(7, OBJECTS, items / OBJECTS, 10, 10, 100);
        long start = System.nanoTime();
        AtomicLong chunks = new AtomicLong();
        SyntheticImport.Expected expected = data.write(id, topics.chunks(), CHUNK_BYTES, r -> {
            // object o to partition o % partitions: every partition gets work (hashing 8 keys may leave one idle)
            int object = SyntheticImport.objectIndex(r.key());
            cluster.producer.send(
                    new ProducerRecord<>(r.topic(), object % partitions, r.key(), r.value(), r.headers()));
            chunks.incrementAndGet();
        });
        cluster.producer.flush();
        System.out.printf(
                "input: %d records (%d valid, %d distinct keys, %d invalid), %.1f MB in %d chunks on %d partitions,"
                        + " produced in %.1f s; %d stream thread(s) per run%n",
                expected.records(),
                expected.valid(),
                expected.winners().size(),
                expected.invalid().size(),
                expected.uncompressedBytes() / 1048576.0,
                chunks.get(),
                partitions,
                (System.nanoTime() - start) / 1e9,
                threads);
        System.out.println("extra Streams settings (both runs): " + extra);

        Runs runs = new Runs(cluster, topics, stateDir, partitions, threads, extra, expected);
        Result bestPass = null;
        Result bestReal = null;
        Result bestFloor = null;
        for (int round = 0; round < rounds; round++) {
            Result pass = passThrough(runs, round);
            pass.print();
            Result floor = floor(runs, round);
            floor.print();
            Result real = real(runs, id, round);
            real.print();
            bestPass = faster(bestPass, pass);
            bestFloor = faster(bestFloor, floor);
            bestReal = faster(bestReal, real);
        }
        System.out.printf(
                "ratio real / pass-through (best of %d): %.2f (target >= 0.50); CPU per item pass-through / real: %.2f%n",
                rounds,
                bestReal.itemsPerSecond() / bestPass.itemsPerSecond(),
                bestPass.cpuMicrosPerItem() / bestReal.cpuMicrosPerItem());
        System.out.printf(
                "ratio item-record floor / pass-through (best of %d): %.2f: the most any topology writing one item"
                        + " record per item reaches here; real / floor: %.2f%n",
                rounds,
                bestFloor.itemsPerSecond() / bestPass.itemsPerSecond(),
                bestReal.itemsPerSecond() / bestFloor.itemsPerSecond());
    }

    private static Properties streamsProperties(
            String appId, String bootstrap, Path stateDir, int threads, Map<String, String> extra) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, appId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, String.valueOf(threads));
        p.putAll(extra);
        return p;
    }

    /** The faster of two runs' results, {@code best} null before the first. */
    private static Result faster(Result best, Result run) {
        return best == null || run.seconds() < best.seconds() ? run : best;
    }

    private static Result passThrough(Runs runs, int round) throws Exception {
        String out = "bench-pass-through-" + round;
        FirstSeen seen = new FirstSeen();
        StreamsBuilder builder = new StreamsBuilder();
        runs.chunks(builder)
                .peek((k, v) -> seen.mark(), Named.as("first-seen"))
                .to(out, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("out"));
        return consumeAll(runs, runs.extra(), out, builder.build(), seen, "pass-through (exactly_once_v2)");
    }

    /** The item-record floor: every record of every chunk out as one record, with the items topic's headers. */
    private static Result floor(Runs runs, int round) throws Exception {
        String out = "bench-floor-" + round;
        FirstSeen seen = new FirstSeen();
        StreamsBuilder builder = new StreamsBuilder();
        runs.chunks(builder)
                .process(
                        () -> new Processor<byte[], byte[], byte[], byte[]>() {
                            private ProcessorContext<byte[], byte[]> context;

                            @Override
                            public void init(ProcessorContext<byte[], byte[]> context) {
                                this.context = context;
                            }

                            @Override
                            public void process(Record<byte[], byte[]> chunk) {
                                seen.mark();
                                Header bucket = chunk.headers().lastHeader(ChunkHeaders.BUCKET);
                                byte[] objectKey = chunk.key();
                                int objectHash = Arrays.hashCode(objectKey);
                                for (Frame f : ChunkCodec.decode(chunk.value())) {
                                    if (f instanceof RawRecord r) {
                                        // as long as a typical key and unique per record, so the partitioner
                                        // spreads them as it spreads real keys; the value is the record as it came
                                        byte[] key = ByteBuffer.allocate(24)
                                                .putInt(objectHash)
                                                .putLong(r.itemIndex())
                                                .array();
                                        RecordHeaders headers = new RecordHeaders();
                                        headers.add(
                                                ItemRecordHeaders.BUCKET,
                                                bucket == null ? new byte[0] : bucket.value());
                                        headers.add(ItemRecordHeaders.OBJECT_KEY, objectKey);
                                        headers.add(ItemRecordHeaders.ITEM_INDEX, Decimal.bytes(r.itemIndex()));
                                        context.forward(new Record<>(key, r.bytes(), chunk.timestamp(), headers));
                                    }
                                }
                            }
                        },
                        Named.as("split"))
                .to(out, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("out"));
        // the producer settings the real topology runs with, the best measured for its small records
        Map<String, String> tuned = new HashMap<>(runs.extra());
        tuned.putIfAbsent(
                StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG),
                String.valueOf(TransformProperties.PRODUCER_BATCH_BYTES));
        tuned.putIfAbsent(
                StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG),
                String.valueOf(TransformProperties.PRODUCER_LINGER_MS));
        return consumeAll(runs, tuned, out, builder.build(), seen, "item-record floor (exactly_once_v2)");
    }

    /** Runs {@code topology} over the whole chunks topic into {@code out}, until its input offsets are committed. */
    private static Result consumeAll(
            Runs runs, Map<String, String> extra, String out, Topology topology, FirstSeen seen, String what)
            throws Exception {
        runs.cluster()
                .admin
                .createTopics(List.of(new NewTopic(out, runs.partitions(), (short) 1)))
                .all()
                .get();
        String appId = out;
        Properties p =
                streamsProperties(appId, runs.cluster().bootstrapServers(), runs.stateDir(), runs.threads(), extra);
        p.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class.getName());
        p.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class.getName());
        Map<TopicPartition, Long> end = new HashMap<>();
        for (int i = 0; i < runs.partitions(); i++) {
            TopicPartition tp = new TopicPartition(runs.topics().chunks(), i);
            end.put(
                    tp,
                    runs.cluster()
                            .admin
                            .listOffsets(Map.of(tp, OffsetSpec.latest()))
                            .partitionResult(tp)
                            .get()
                            .offset());
        }
        try (KafkaStreams streams = new KafkaStreams(topology, p)) {
            streams.start();
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (!committedUpTo(runs.cluster(), appId, end)) {
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException(what + " did not finish within " + TIMEOUT + ": state "
                            + streams.state() + ", committed "
                            + runs.cluster()
                                    .admin
                                    .listConsumerGroupOffsets(appId)
                                    .partitionsToOffsetAndMetadata()
                                    .get() + ", end " + end);
                }
                Thread.sleep(20); // an offsets poll interval; bounds the error on the end time
            }
            return seen.resultNow(what, runs.expected());
        }
    }

    /**
     * Records and bytes on each internal topic of the run (changelogs and repartition), as the broker
     * holds them: what the run cost the cluster besides the items topic.
     */
    private static void printInternalTopics(TransformCluster cluster, String prefix) throws Exception {
        Map<String, Long> bytes = new TreeMap<>();
        Map<TopicPartition, Long> ends = new HashMap<>();
        cluster.admin
                .describeLogDirs(List.of(0))
                .allDescriptions()
                .get()
                .values()
                .forEach(dirs -> dirs.values()
                        .forEach(dir -> dir.replicaInfos().forEach((tp, info) -> {
                            if (tp.topic().startsWith(prefix)) {
                                bytes.merge(tp.topic(), info.size(), Long::sum);
                                ends.put(tp, 0L);
                            }
                        })));
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        ends.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
        Map<String, Long> records = new TreeMap<>();
        cluster.admin
                .listOffsets(latest)
                .all()
                .get()
                .forEach((tp, r) -> records.merge(tp.topic(), r.offset(), Long::sum));
        bytes.forEach((topic, size) -> System.out.printf(
                "  %-60s %10d offsets %8.1f MB%n", topic, records.getOrDefault(topic, 0L), size / 1048576.0));
    }

    /** When a run saw its first record, in wall and process CPU time: where its measurement starts. */
    private static final class FirstSeen {
        private final AtomicLong first = new AtomicLong();
        private final AtomicLong firstCpu = new AtomicLong();

        /** Notes the first record; later calls do nothing. */
        void mark() {
            if (first.get() == 0 && first.compareAndSet(0, System.nanoTime())) {
                firstCpu.set(processCpuNanos());
            }
        }

        /** The run's result, ending now. */
        Result resultNow(String what, SyntheticImport.Expected expected) {
            long done = System.nanoTime();
            return new Result(
                    what,
                    expected.records(),
                    expected.uncompressedBytes(),
                    (done - first.get()) / 1e9,
                    (processCpuNanos() - firstCpu.get()) / 1e9);
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static boolean committedUpTo(TransformCluster cluster, String group, Map<TopicPartition, Long> end)
            throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = cluster.admin
                .listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get();
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            OffsetAndMetadata c = committed.get(e.getKey());
            if (e.getValue() > 0 && (c == null || c.offset() < e.getValue())) {
                return false;
            }
        }
        return true;
    }

    private static Result real(Runs runs, String id, int round) throws Exception {
        TransformCluster cluster = runs.cluster();
        int partitions = runs.partitions();
        SyntheticImport.Expected expected = runs.expected();
        FirstSeen seen = new FirstSeen();
        TransformListener firstSeen = new TransformListener() {
            @Override
            public void onRecords(long n) {
                seen.mark();
            }
        };
        ImportDefinition definition = TestDefinitions.json(id);
        Topology topology = ImportTopology.build(
                definition,
                TransformSettings.defaults()
                        // what the service runs: as many last-write-wins tasks as chunks partitions
                        .withRepartitionPartitions(partitions)
                        .withCountersInterval(Duration.ofMillis(100))
                        .withListener(firstSeen));
        Map<String, String> overrides = new HashMap<>();
        overrides.put(StreamsConfig.APPLICATION_ID_CONFIG, "bench-real-" + round);
        overrides.put(StreamsConfig.STATE_DIR_CONFIG, runs.stateDir().toString());
        overrides.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, String.valueOf(runs.threads()));
        overrides.putAll(runs.extra());
        Properties p = TransformProperties.forImport(definition, cluster.bootstrapServers(), overrides);
        // as the service does: internal topics made before Kafka Streams starts
        InternalTopics.ensure(cluster.admin, p, new ImportStreams.StagePartitions(partitions, partitions));
        // every round writes its counters to the same progress topic: read only what this round writes
        Map<TopicPartition, Long> progressFrom = cluster.progressEnd(id);
        try (KafkaStreams streams = new KafkaStreams(topology, p)) {
            streams.start();
            StageCounters counters = cluster.awaitCounters(
                    id,
                    progressFrom,
                    c -> c.processedItemCount() == expected.records() && c.itemCount() == expected.valid(),
                    TIMEOUT);
            Result result = seen.resultNow("real topology (exactly_once_v2)", expected);
            if (counters.distinctKeys() != expected.winners().size()
                    || counters.errorCount() != expected.invalid().size()) {
                throw new IllegalStateException("wrong counters: " + counters + " for " + expected.records()
                        + " records, " + expected.winners().size() + " keys, "
                        + expected.invalid().size()
                        + " invalid");
            }
            printInternalTopics(cluster, "bench-real-" + round + "-");
            return result;
        }
    }
}
