package dev.ddbimport.sink;

import dev.ddbimport.core.item.AttrValue;
import dev.ddbimport.core.item.Item;
import dev.ddbimport.core.item.SdkAttributeValues;
import dev.ddbimport.core.model.ModelJson;
import dev.ddbimport.core.model.TableCreationParameters;
import dev.ddbimport.core.pipeline.ImportTopics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Items per second into DynamoDB Local, in one run on one in-process server:
 *
 * <ol>
 *   <li><b>warm-up</b>: three tuned driver runs, not counted, so DynamoDB Local's code is compiled first;
 *   <li><b>tuned driver</b>: the SDK v2 async client, {@code inFlight} BatchWriteItem calls of 25 in
 *       flight, unprocessed items resent; no Kafka. The ceiling: each connector run is compared with
 *       the faster of the driver runs just before and just after it.
 *   <li><b>connector</b>: the items on a Kafka topic, written by the sink on an embedded Connect worker
 *       ({@code tasks} tasks with {@code inFlight / tasks} batches in flight each, so the same
 *       concurrency). Timed from the first to the last acknowledged item (steady state), and also from
 *       connector creation (start-up included).
 *   <li><b>naive</b>: one thread, a BatchWriteItem of 25 at a time on the synchronous client, what a
 *       user writes by hand.
 * </ol>
 *
 * The driver and the connector alternate ({@code rounds} connector runs, each between two driver runs)
 * because DynamoDB Local's speed drifts and a shared machine's more so.
 *
 * <p>Arguments: {@code items inFlight tasks itemBytes rounds} (defaults 200000 16 1 200 2).
 */
public final class SinkBenchmark {

    /** Driver runs before anything is counted. */
    private static final int WARM_UP_RUNS = 3;

    private SinkBenchmark() {}

    public static void main(String[] args) {
        try {
            run(args);
        } catch (Throwable t) {
            t.printStackTrace();
            System.exit(1);
        }
        // servers and clients leave non-daemon threads behind; the run is over
        System.exit(0);
    }

    private static void run(String[] args) throws Exception {
        int items = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int inFlight = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        int tasks = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        int itemBytes = args.length > 3 ? Integer.parseInt(args[3]) : 200;
        int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 2;
        List<Item> data = generate(items, itemBytes);
        System.out.printf(
                "%d items of ~%d bytes, %d batches in flight, %d connector task(s), %d cores%n",
                items, itemBytes, inFlight, tasks, Runtime.getRuntime().availableProcessors());
        try (SinkCluster cluster = SinkCluster.start();
                DynamoDbAsyncClient async = cluster.dynamo.client(inFlight + 4)) {
            List<Double> tuned = new ArrayList<>();
            List<double[]> connector = new ArrayList<>();
            // not counted: DynamoDB Local's code runs interpreted at first and writes far slower (its CPU
            // per item still halves over the first ~600,000 items)
            for (int w = 0; w < WARM_UP_RUNS; w++) {
                System.out.print("warm-up, not counted: ");
                tuned(async, createTable(async, "bench-warm-up-" + w), data, inFlight);
            }
            tuned.add(tuned(async, createTable(async, "bench-tuned-0"), data, inFlight));
            for (int round = 1; round <= rounds; round++) {
                connector.add(connector(cluster, async, "bench" + round, data, inFlight, tasks));
                tuned.add(tuned(async, createTable(async, "bench-tuned-" + round), data, inFlight));
            }
            double naive = naive(cluster.dynamo, createTable(async, "bench-naive"), data);
            System.out.println();
            for (int round = 1; round <= rounds; round++) {
                // each connector run against the faster of the driver runs just before and after it
                double ceiling = Math.max(tuned.get(round - 1), tuned.get(round));
                double[] c = connector.get(round - 1);
                System.out.printf(
                        "round %d: tuned driver %,.0f items/s, connector steady state %,.0f items/s (ratio %.2f),"
                                + " incl. start-up %,.0f items/s (ratio %.2f)%n",
                        round, ceiling, c[0], c[0] / ceiling, c[1], c[1] / ceiling);
            }
            double bestTuned =
                    tuned.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
            double bestConnector =
                    connector.stream().mapToDouble(c -> c[0]).max().orElseThrow();
            System.out.printf(
                    "best of runs: tuned driver %,.0f, connector %,.0f items/s (ratio %.2f); naive loop %,.0f items/s;"
                            + " connector speed-up over naive %.2fx%n",
                    bestTuned, bestConnector, bestConnector / bestTuned, naive, bestConnector / naive);
        }
    }

    static List<Item> generate(int n, int itemBytes) {
        List<Item> out = new ArrayList<>(n);
        // pk ~13 bytes, n ~8, names ~10: the rest is padding
        String pad = "p".repeat(Math.max(1, itemBytes - 40));
        for (int i = 0; i < n; i++) {
            Map<String, AttrValue> a = new LinkedHashMap<>();
            a.put("pk", new AttrValue.S(String.format("item-%08d", i)));
            a.put("n", new AttrValue.N(Integer.toString(i)));
            a.put("pad", new AttrValue.S(pad));
            out.add(new Item(a));
        }
        return out;
    }

    private static String createTable(DynamoDbAsyncClient client, String table) {
        new TableProvisioner(client, table, Duration.ofSeconds(60))
                .createIfAbsent(ModelJson.read("""
                        {"TableName":"%s","AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"}],
                         "KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],"BillingMode":"PAY_PER_REQUEST"}
                        """.formatted(table), TableCreationParameters.class));
        return table;
    }

    private static List<List<WriteRequest>> batches(List<Item> data) {
        List<List<WriteRequest>> out = new ArrayList<>();
        List<WriteRequest> batch = new ArrayList<>(25);
        for (Item item : data) {
            batch.add(WriteRequest.builder()
                    .putRequest(PutRequest.builder()
                            .item(SdkAttributeValues.toSdk(item))
                            .build())
                    .build());
            if (batch.size() == 25) {
                out.add(batch);
                batch = new ArrayList<>(25);
            }
        }
        if (!batch.isEmpty()) {
            out.add(batch);
        }
        return out;
    }

    /** {@code inFlight} async calls at a time; unprocessed items resent at once. */
    static double tuned(DynamoDbAsyncClient client, String table, List<Item> data, int inFlight) throws Exception {
        List<List<WriteRequest>> batches = batches(data);
        Semaphore slots = new Semaphore(inFlight);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long cpu = processCpuNanos();
        long start = System.nanoTime();
        for (List<WriteRequest> batch : batches) {
            slots.acquire();
            write(client, table, batch, slots, failure);
        }
        slots.acquire(inFlight);
        double seconds = (System.nanoTime() - start) / 1e9;
        if (failure.get() != null) {
            throw new IllegalStateException("tuned driver failed", failure.get());
        }
        double rate = data.size() / seconds;
        System.out.printf(
                "tuned driver: %d items in %.2f s = %,.0f items/s, %.1f us CPU per item (whole JVM)%n",
                data.size(), seconds, rate, (processCpuNanos() - cpu) / 1e3 / data.size());
        dropTable(client, table);
        return rate;
    }

    private static void write(
            DynamoDbAsyncClient client,
            String table,
            List<WriteRequest> batch,
            Semaphore slots,
            AtomicReference<Throwable> failure) {
        CompletableFuture<BatchWriteItemResponse> answer =
                client.batchWriteItem(b -> b.requestItems(Map.of(table, batch)));
        answer.whenComplete((r, e) -> {
            if (e != null) {
                failure.compareAndSet(null, e);
                slots.release();
                return;
            }
            List<WriteRequest> again = r.unprocessedItems().getOrDefault(table, List.of());
            if (again.isEmpty()) {
                slots.release();
            } else {
                write(client, table, again, slots, failure);
            }
        });
    }

    /** A synchronous client, one BatchWriteItem after the other. */
    static double naive(DynamoDbLocalServer server, String table, List<Item> data) {
        List<List<WriteRequest>> batches = batches(data);
        try (DynamoDbClient client = DynamoDbClient.builder()
                .endpointOverride(server.endpoint())
                .region(Region.of(DynamoDbLocalServer.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(DynamoDbLocalServer.ACCESS_KEY, DynamoDbLocalServer.SECRET_KEY)))
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
            long start = System.nanoTime();
            for (List<WriteRequest> batch : batches) {
                List<WriteRequest> left = batch;
                while (!left.isEmpty()) {
                    List<WriteRequest> send = left;
                    left = client.batchWriteItem(b -> b.requestItems(Map.of(table, send)))
                            .unprocessedItems()
                            .getOrDefault(table, List.of());
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double rate = data.size() / seconds;
            System.out.printf("naive loop: %d items in %.2f s = %,.0f items/s%n", data.size(), seconds, rate);
            return rate;
        }
    }

    /** Steady-state and start-up-included items/s of the connector. */
    static double[] connector(
            SinkCluster cluster, DynamoDbAsyncClient client, String importId, List<Item> data, int inFlight, int tasks)
            throws Exception {
        String table = createTable(client, importId + "-connector");
        cluster.createTopics(importId, Math.max(4, tasks * 2));
        List<SinkCluster.ItemRecord> records = new ArrayList<>(data.size());
        for (int i = 0; i < data.size(); i++) {
            records.add(new SinkCluster.ItemRecord(data.get(i), "bench/data.json", i));
        }
        cluster.produce(new ImportTopics(importId).items(), TestItems.SCHEMA, records);
        Map<String, String> config = cluster.sinkConfig(importId, table, cluster.dynamo.endpoint(), true);
        config.put("tasks.max", Integer.toString(tasks));
        config.put(DynamoDbSinkConfig.MAX_IN_FLIGHT_BATCHES_CONFIG, Integer.toString(Math.max(1, inFlight / tasks)));
        config.put("consumer.override.max.poll.records", "2000");
        long created = System.nanoTime();
        cluster.connect.configureConnector(importId, config);
        long first = 0;
        long firstCpu = 0;
        long written = 0;
        long inFlightSum = 0;
        long samples = 0;
        long deadline = created + Duration.ofMinutes(10).toNanos();
        while (written < data.size()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("connector wrote only " + written + " items in 10 minutes");
            }
            Thread.sleep(20); // a sampling interval, not synchronisation
            written = SinkCluster.taskMetric(importId, "ItemsWritten");
            if (first == 0 && written > 0) {
                first = System.nanoTime();
                firstCpu = processCpuNanos();
            }
            if (first != 0 && written < data.size()) {
                inFlightSum += SinkCluster.taskMetric(importId, "InFlightBatches");
                samples++;
            }
        }
        long end = System.nanoTime();
        double cpuMicrosPerItem = (processCpuNanos() - firstCpu) / 1e3 / data.size();
        double steady = data.size() / ((end - first) / 1e9);
        double total = data.size() / ((end - created) / 1e9);
        System.out.printf(
                "connector: %d items, start-up %.2f s, steady %.2f s = %,.0f items/s (incl. start-up %,.0f),"
                        + " %.1f us CPU per item (whole JVM, steady), %.1f items per request, %.1f batches in flight on average, latency p50 %.1f ms p99 %.1f"
                        + " ms%n",
                data.size(),
                (first - created) / 1e9,
                (end - first) / 1e9,
                steady,
                total,
                cpuMicrosPerItem,
                (double) data.size() / SinkCluster.taskMetric(importId, "Batches"),
                samples == 0 ? 0.0 : (double) inFlightSum / samples,
                metric(importId, "WriteLatencyP50Millis"),
                metric(importId, "WriteLatencyP99Millis"));
        cluster.connect.deleteConnector(importId);
        dropTable(client, table);
        return new double[] {steady, total};
    }

    /** Every run finds DynamoDB Local holding the same data: none of the earlier runs' tables. */
    private static void dropTable(DynamoDbAsyncClient client, String table) {
        client.deleteTable(b -> b.tableName(table)).join();
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean)
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static double metric(String connector, String attribute) throws Exception {
        var server = java.lang.management.ManagementFactory.getPlatformMBeanServer();
        double max = 0;
        for (var name : server.queryNames(
                new javax.management.ObjectName("dev.ddbimport.sink:type=DynamoDbSinkTask,connector="
                        + javax.management.ObjectName.quote(connector) + ",*"),
                null)) {
            max = Math.max(max, ((Number) server.getAttribute(name, attribute)).doubleValue());
        }
        return max;
    }
}
