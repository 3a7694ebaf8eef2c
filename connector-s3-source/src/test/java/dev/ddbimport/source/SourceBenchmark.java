package dev.ddbimport.source;

import com.github.luben.zstd.ZstdOutputStream;
import dev.ddbimport.core.chunk.Chunk;
import dev.ddbimport.core.chunk.ObjectChunker;
import dev.ddbimport.core.compress.Compression;
import dev.ddbimport.core.frame.RecordFramer;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorOffset;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorOffsets;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Source throughput into Kafka next to two baselines measured in the same run, on the same S3 server
 * and broker: (1) the same objects read, decompressed, framed and packed by import-core with no Kafka,
 * with as many threads as tasks; (2) Kafka's ProducerPerformance writing the same bytes as
 * chunk-sized transactional records with the producer settings the connector's exactly-once producer
 * runs with. The connector's fixed start-up (connector created until its first offset is committed)
 * is reported apart from its steady state (first committed offset until every object is done), and
 * the steady state is what is compared. Run with
 * {@code mvn -pl connector-s3-source test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.ddbimport.source.SourceBenchmark -Dexec.args="<MB> <objects> <tasks> [producer
 * setting=value ...] [connector:setting=value ...]"}; extra producer settings apply to both the connector
 * and ProducerPerformance.
 */
public final class SourceBenchmark {

    private static final int CHUNK_BYTES = 512 * 1024;
    /** The README's recommended producer.override.* settings (without the prefix). */
    static final Map<String, String> RECOMMENDED_OVERRIDES =
            Map.of("batch.size", String.valueOf(4 * CHUNK_BYTES), "max.in.flight.requests.per.connection", "5");
    /** Marks an extra argument as a connector setting rather than a producer one. */
    private static final String CONNECTOR_SETTING = "connector:";
    /** How often the REST offsets are read; bounds the error on the connector's start and end times. */
    private static final long OFFSETS_POLL_MS = 50;

    /**
     * The producer settings of the connector's task in this run: what a Connect worker sets on every
     * exactly-once source producer (acks=all, idempotence, transactions) plus the overrides the README
     * recommends. ProducerPerformance gets the same, so both send alike.
     */
    static Map<String, String> producerSettings(List<String> extra) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("acks", "all"); // the worker's own setting
        settings.put("enable.idempotence", "true"); // forced by the worker with exactly-once
        settings.putAll(RECOMMENDED_OVERRIDES);
        settings.put("max.request.size", String.valueOf(4 * 1024 * 1024));
        for (String kv : extra) {
            if (kv.startsWith(CONNECTOR_SETTING)) {
                continue;
            }
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("Producer setting '" + kv + "' is not key=value");
            }
            settings.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return settings;
    }

    /** The objects' compression: {@code -Dbench.compression=NONE|GZIP|ZSTD}, GZIP by default. */
    private static final String COMPRESSION = System.getProperty("bench.compression", "GZIP");

    private SourceBenchmark() {}

    public static void main(String[] args) throws Exception {
        long megabytes = args.length > 0 ? Long.parseLong(args[0]) : 256;
        int objectCount = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int tasks = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        List<String> extra = args.length > 3 ? List.of(args).subList(3, args.length) : List.of();
        Map<String, String> producer = producerSettings(extra);
        Map<String, String> connectorSettings = new LinkedHashMap<>();
        for (String kv : extra) {
            if (kv.startsWith(CONNECTOR_SETTING)) {
                String setting = kv.substring(CONNECTOR_SETTING.length());
                int eq = setting.indexOf('=');
                connectorSettings.put(setting.substring(0, eq), setting.substring(eq + 1));
            }
        }
        Path dir = Files.createTempDirectory("source-bench");
        try {
            run(dir, megabytes * 1024 * 1024, objectCount, tasks, producer, connectorSettings);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void run(
            Path dir,
            long totalBytes,
            int objectCount,
            int tasks,
            Map<String, String> producer,
            Map<String, String> connectorSettings)
            throws Exception {
        Files.createDirectories(dir.resolve("s3"));
        try (ImportCluster cluster = ImportCluster.start(dir.resolve("s3"))) {
            String id = "bench";
            cluster.s3.createBucket(id);
            long records = 0;
            for (int o = 0; o < objectCount; o++) {
                Path file = dir.resolve("object-" + o + ".json");
                records += writeObject(file, totalBytes / objectCount, o);
                cluster.s3.put(id, "data/object-" + o + ".json", file);
                Files.delete(file);
            }
            List<ListedObject> listing = new ObjectLister(cluster.s3.client(), id, null).list("data/", 1000);
            System.out.printf(
                    "data: %d %s objects, %d uncompressed MB, %d records, %d stored MB%n",
                    objectCount,
                    COMPRESSION,
                    totalBytes >> 20,
                    records,
                    listing.stream().mapToLong(ListedObject::size).sum() >> 20);

            System.out.println("producer settings (connector and ProducerPerformance): " + producer);
            System.out.println("connector settings: " + connectorSettings);

            Result core = coreBaseline(cluster, id, listing, tasks);
            report("import-core, no Kafka (" + tasks + " threads)", core);

            Result perf = producerBaseline(cluster, totalBytes, producer);
            report("ProducerPerformance (" + (CHUNK_BYTES >> 10) + " KiB records, transactional)", perf);

            ConnectorResult connector =
                    connectorRun(cluster, id, tasks, objectCount, records, producer, connectorSettings);
            System.out.printf(
                    "  connector start-up (created -> first offset committed): %.2f s%n", connector.startupSeconds());
            report("connector-s3-source steady state (" + tasks + " tasks, exactly-once)", connector.steady());
            report("connector-s3-source incl. start-up", connector.overall());

            double slower = Math.min(core.mbPerSecond(), perf.mbPerSecond());
            System.out.printf(
                    "ratio to the slower baseline (%.1f MB/s): steady state %.2f, incl. start-up %.2f (target >= 0.70"
                            + " for the steady state)%n",
                    slower,
                    connector.steady().mbPerSecond() / slower,
                    connector.overall().mbPerSecond() / slower);
        }
    }

    /** The connector's start-up, its steady state (after the first commit) and the whole run. */
    record ConnectorResult(double startupSeconds, Result steady, Result overall) {}

    record Result(long bytes, long records, double seconds) {
        double mbPerSecond() {
            return bytes / 1048576.0 / seconds;
        }
    }

    private static void report(String what, Result r) {
        System.out.printf(
                "%-60s %8.1f MB/s %12.0f records/s (%.1f s)%n",
                what, r.mbPerSecond(), r.records() / r.seconds(), r.seconds());
    }

    /** DynamoDB JSON lines in {@link #COMPRESSION}, about {@code bytes} uncompressed; returns the line count. */
    private static long writeObject(Path file, long bytes, int object) throws IOException {
        long written = 0;
        long lines = 0;
        try (OutputStream out = compressed(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
            while (written < bytes) {
                byte[] line = ("{\"Item\":{\"pk\":{\"S\":\"o" + object + "-" + lines + "\"},\"n\":{\"N\":\"" + lines
                                + "\"},\"payload\":{\"S\":\"" + Long.toHexString(lines * 0x9E3779B97F4A7C15L)
                                + "-some-text-to-make-the-item-look-real\"}}}\n")
                        .getBytes(StandardCharsets.UTF_8);
                out.write(line);
                written += line.length;
                lines++;
            }
        }
        return lines;
    }

    private static OutputStream compressed(OutputStream file) throws IOException {
        switch (COMPRESSION) {
            case "NONE":
                return file;
            case "ZSTD":
                return new ZstdOutputStream(file, 1); // generation speed; the reading side is what is measured
            case "GZIP":
                return new GZIPOutputStream(file, 1 << 16) {
                    {
                        def.setLevel(1);
                    }
                };
            default:
                throw new IllegalArgumentException("bench.compression must be NONE, GZIP or ZSTD, not " + COMPRESSION);
        }
    }

    private static Result coreBaseline(ImportCluster cluster, String bucket, List<ListedObject> listing, int threads)
            throws Exception {
        Map<String, String> props =
                new HashMap<>(cluster.connectorConfig(bucket, bucket, "data/", "DYNAMODB_JSON", COMPRESSION));
        S3ImportSourceConfig config = new S3ImportSourceConfig(props);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        List<Future<long[]>> results = new ArrayList<>();
        try (S3Client s3 = S3ClientFactory.create(config, null)) {
            for (int t = 0; t < threads; t++) {
                List<ListedObject> share = TaskAssignment.share(listing, t, threads);
                results.add(pool.submit(() -> {
                    long bytes = 0;
                    long records = 0;
                    for (ListedObject o : share) {
                        try (InputStream raw = new BufferedInputStream(
                                        s3.getObject(b ->
                                                b.bucket(bucket).key(o.key()).ifMatch(o.etag())),
                                        1 << 18);
                                ObjectChunker chunker = new ObjectChunker(
                                        RecordFramer.lines(
                                                Compression.valueOf(COMPRESSION).decompress(raw, Long.MAX_VALUE),
                                                1 << 20),
                                        CHUNK_BYTES,
                                        0,
                                        0)) {
                            Chunk c;
                            while ((c = chunker.next()) != null) {
                                records += c.entries();
                                if (c.last()) {
                                    bytes += c.bytesRead();
                                }
                            }
                        }
                    }
                    return new long[] {bytes, records};
                }));
            }
            long bytes = 0;
            long records = 0;
            for (Future<long[]> f : results) {
                bytes += f.get()[0];
                records += f.get()[1];
            }
            return new Result(bytes, records, (System.nanoTime() - start) / 1e9);
        } finally {
            pool.shutdownNow();
        }
    }

    private static Result producerBaseline(ImportCluster cluster, long totalBytes, Map<String, String> producer)
            throws Exception {
        String topic = "producer-perf";
        cluster.connect.kafka().createTopic(topic, 3);
        long count = totalBytes / CHUNK_BYTES;
        List<String> args = new ArrayList<>(List.of(
                "--topic",
                topic,
                "--num-records",
                String.valueOf(count),
                "--record-size",
                String.valueOf(CHUNK_BYTES),
                "--throughput",
                "-1",
                "--transaction-duration-ms",
                "1000",
                "--bootstrap-server",
                cluster.connect.kafka().bootstrapServers(),
                "--command-property"));
        producer.forEach((k, v) -> args.add(k + "=" + v));
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        long start = System.nanoTime();
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            org.apache.kafka.tools.ProducerPerformance.main(args.toArray(String[]::new));
        } finally {
            System.setOut(stdout);
        }
        double wallSeconds = (System.nanoTime() - start) / 1e9;
        String out = captured.toString(StandardCharsets.UTF_8);
        String last = out.lines()
                .filter(l -> l.contains("records sent"))
                .reduce((a, b) -> b)
                .orElseThrow(() -> new IllegalStateException("ProducerPerformance printed no summary: " + out));
        System.out.println("  ProducerPerformance: " + last.trim());
        // its own rate runs from the first send to the last ack, like the connector's steady state, so the
        // producer's start-up (transactions init, metadata) is not charged to the baseline
        int mbEnd = last.indexOf(" MB/sec");
        double mbPerSecond = Double.parseDouble(last.substring(last.lastIndexOf('(', mbEnd) + 1, mbEnd));
        System.out.printf("  ProducerPerformance wall clock incl. producer start-up: %.2f s%n", wallSeconds);
        long bytes = count * CHUNK_BYTES;
        return new Result(bytes, count, bytes / 1048576.0 / mbPerSecond);
    }

    private static ConnectorResult connectorRun(
            ImportCluster cluster,
            String id,
            int tasks,
            int objects,
            long records,
            Map<String, String> producer,
            Map<String, String> connectorSettings)
            throws Exception {
        cluster.connect.kafka().createTopic(ImportCluster.topic(id), 3);
        Map<String, String> config = cluster.connectorConfig(id, id, "data/", "DYNAMODB_JSON", COMPRESSION);
        config.put("tasks.max", String.valueOf(tasks));
        config.put("chunk.bytes", String.valueOf(CHUNK_BYTES));
        producer.forEach((k, v) -> {
            if (!k.equals("acks") && !k.equals("enable.idempotence")) { // the worker sets these itself
                config.put("producer.override." + k, v);
            }
        });
        config.putAll(connectorSettings);
        long start = System.nanoTime();
        cluster.connect.configureConnector(id, config);
        long firstOffsetAt = 0;
        long bytesAtFirstOffset = 0;
        long bytes;
        while (true) {
            ConnectorOffsets offsets;
            try {
                offsets = cluster.connect.connectorOffsets(id);
            } catch (RuntimeException e) {
                offsets = null; // not started yet
            }
            long now = System.nanoTime();
            if (offsets != null && !offsets.offsets().isEmpty()) {
                int done = 0;
                bytes = 0;
                for (ConnectorOffset o : offsets.offsets()) {
                    if (o.offset() != null) {
                        bytes += ((Number) o.offset().get(ObjectOffset.BYTES_KEY)).longValue();
                        if (Boolean.TRUE.equals(o.offset().get(ObjectOffset.DONE_KEY))) {
                            done++;
                        }
                    }
                }
                if (firstOffsetAt == 0) {
                    // the first commit's bytes were sent during start-up; the steady state starts after them
                    firstOffsetAt = now;
                    bytesAtFirstOffset = bytes;
                }
                if (done == objects) {
                    break;
                }
            }
            Thread.sleep(OFFSETS_POLL_MS); // polling the REST API for progress; not a synchronisation in a test
        }
        long end = System.nanoTime();
        double steadySeconds = (end - firstOffsetAt) / 1e9;
        long steadyRecords = Math.round(records * (double) (bytes - bytesAtFirstOffset) / bytes);
        return new ConnectorResult(
                (firstOffsetAt - start) / 1e9,
                new Result(bytes - bytesAtFirstOffset, steadyRecords, steadySeconds),
                new Result(bytes, records, (end - start) / 1e9));
    }
}
