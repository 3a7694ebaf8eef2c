package dev.ddbimport.sink;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.connect.errors.ConnectException;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Writes items to one table with BatchWriteItem on the async client, several batches in flight, while
 * a key's versions are written one after another in the order they were submitted.
 *
 * <ul>
 *   <li><b>Batches</b>: {@link ReducedBatch}es of the oldest waiting items, one version per key.
 *   <li><b>Per-key order</b>: a key that is in a batch in flight is left waiting (with every later
 *       version of it) until that batch has settled the key, so two versions of a key are never in
 *       flight together.
 *   <li><b>Three outcomes per answer</b>: all written; some returned as UnprocessedItems (only those
 *       are sent again, after backoff); an error, which {@link ErrorClassifier} makes a retry after
 *       backoff, an isolation of bad items (the batch is halved until the refused items stand alone,
 *       then those are handed to {@link #drainRejected()}), or the writer's failure.
 *   <li><b>Bounded retries</b>: a request that makes no progress {@code maxAttempts} times in a row
 *       fails the writer with a message naming the table and what to do.
 * </ul>
 *
 * Thread-safe: {@link #submit} is called by the task thread, answers arrive on SDK threads, retries
 * on the {@link Scheduler}'s.
 */
final class BatchWriter {

    /** How many waiting items whose key is in flight one batch assembly looks past. */
    private static final int MAX_SKIPPED_PER_BATCH = 4096;

    /** Tunables, from the config. */
    record Settings(
            String table,
            int batchSize,
            long maxBatchBytes,
            int maxInFlightBatches,
            int maxBufferedItems,
            int maxAttempts,
            boolean rateInWriteUnits,
            boolean returnConsumedCapacity) {}

    private final DynamoDbAsyncClient client;
    private final Settings settings;
    private final KeyExtractor keys;
    private final Backoff backoff;
    private final TokenBucket rateLimit;
    private final Scheduler scheduler;
    private final DynamoDbSinkTaskMetrics metrics;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<PendingWrite> waiting = new ArrayDeque<>();
    private final Set<ItemKey> keysInFlight = new HashSet<>();
    private final ConcurrentLinkedQueue<PendingWrite> rejected = new ConcurrentLinkedQueue<>();
    private int batchesInFlight;
    private long held;
    private boolean closed;
    private volatile ConnectException failure;

    /** One batch from assembly until every item of it is settled; guarded by {@link #lock}. */
    private static final class Batch {
        final List<PendingWrite> superseded;
        int openRequests = 1;

        Batch(List<PendingWrite> superseded) {
            this.superseded = superseded;
        }
    }

    /** @param rateLimit null for no limit */
    BatchWriter(
            DynamoDbAsyncClient client,
            Settings settings,
            KeyExtractor keys,
            Backoff backoff,
            TokenBucket rateLimit,
            Scheduler scheduler,
            DynamoDbSinkTaskMetrics metrics) {
        this.client = client;
        this.settings = settings;
        this.keys = keys;
        this.backoff = backoff;
        this.rateLimit = rateLimit;
        this.scheduler = scheduler;
        this.metrics = metrics;
        metrics.gauges(this::batchesInFlight, this::held);
    }

    /**
     * Queues {@code writes} (in order) and sends what the in-flight limit allows. Waits first while the
     * writer holds {@code maxBufferedItems} or more unsettled items.
     *
     * @throws ConnectException when the writer has failed
     */
    void submit(List<PendingWrite> writes) throws InterruptedException {
        List<Start> starts;
        lock.lock();
        try {
            while (held >= settings.maxBufferedItems() && failure == null && !closed) {
                changed.await(1, TimeUnit.SECONDS);
            }
            throwIfFailed();
            waiting.addAll(writes);
            held += writes.size();
            starts = assembleBatches();
        } finally {
            lock.unlock();
        }
        startAll(starts);
    }

    /**
     * Waits until every submitted item is settled (written, merged or handed to the rejected queue).
     *
     * @return false if {@code timeout} passed first
     * @throws ConnectException when the writer has failed
     */
    boolean awaitSettled(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (held > 0) {
                throwIfFailed();
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                changed.awaitNanos(left);
            }
            throwIfFailed();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Waits up to {@code timeout} for any item to settle or the writer to fail. */
    void awaitChange(Duration timeout) throws InterruptedException {
        lock.lock();
        try {
            if (held > 0 && failure == null) {
                changed.awaitNanos(timeout.toNanos());
            }
        } finally {
            lock.unlock();
        }
    }

    /** Items DynamoDB refused since the last call, each with its {@link PendingWrite#rejection()}. */
    List<PendingWrite> drainRejected() {
        List<PendingWrite> out = new ArrayList<>();
        PendingWrite w;
        while ((w = rejected.poll()) != null) {
            out.add(w);
        }
        return out;
    }

    /** Why the writer stopped, or null while it works. */
    ConnectException failure() {
        return failure;
    }

    void throwIfFailed() {
        ConnectException f = failure;
        if (f != null) {
            throw new ConnectException(f.getMessage(), f);
        }
    }

    /** Stops sending; answers still arriving are ignored. Does not close the client. */
    void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    int batchesInFlight() {
        lock.lock();
        try {
            return batchesInFlight;
        } finally {
            lock.unlock();
        }
    }

    long held() {
        lock.lock();
        try {
            return held;
        } finally {
            lock.unlock();
        }
    }

    /** A batch ready to go and its first request's items. */
    private record Start(Batch batch, List<PendingWrite> items) {}

    /** Forms batches from the waiting items while the in-flight limit allows. Caller holds the lock. */
    private List<Start> assembleBatches() {
        List<Start> starts = new ArrayList<>();
        while (batchesInFlight < settings.maxInFlightBatches() && !waiting.isEmpty() && failure == null && !closed) {
            ReducedBatch batch = new ReducedBatch(settings.batchSize(), settings.maxBatchBytes());
            ArrayDeque<PendingWrite> skipped = new ArrayDeque<>();
            PendingWrite w;
            while ((w = waiting.pollFirst()) != null) {
                if (keysInFlight.contains(w.key)) {
                    // an earlier version is being written: this one (and later ones) must wait for it
                    skipped.addLast(w);
                    if (skipped.size() >= MAX_SKIPPED_PER_BATCH) {
                        break;
                    }
                    continue;
                }
                if (!batch.offer(w)) {
                    waiting.addFirst(w);
                    break;
                }
            }
            while (!skipped.isEmpty()) {
                waiting.addFirst(skipped.pollLast());
            }
            if (batch.isEmpty()) {
                break;
            }
            keysInFlight.addAll(batch.keys());
            batchesInFlight++;
            if (!batch.superseded().isEmpty()) {
                metrics.itemsMerged.add(batch.superseded().size());
            }
            starts.add(new Start(new Batch(batch.superseded()), batch.items()));
        }
        return starts;
    }

    private void startAll(List<Start> starts) {
        for (Start s : starts) {
            sendAfter(s.batch(), s.items(), 0, 0);
        }
    }

    /** Sends after {@code delayNanos} plus whatever the rate limit asks for. */
    private void sendAfter(Batch batch, List<PendingWrite> items, int attempt, long delayNanos) {
        long wait = delayNanos;
        if (rateLimit != null) {
            wait += rateLimit.reserve(permits(items));
        }
        if (wait > 0) {
            scheduler.schedule(() -> send(batch, items, attempt), wait);
        } else {
            send(batch, items, attempt);
        }
    }

    private double permits(List<PendingWrite> items) {
        if (!settings.rateInWriteUnits()) {
            return items.size();
        }
        long units = 0;
        for (PendingWrite w : items) {
            units += w.writeUnits();
        }
        return units;
    }

    private void send(Batch batch, List<PendingWrite> items, int attempt) {
        if (failure != null || closed) {
            requestDone(batch);
            return;
        }
        List<WriteRequest> requests = new ArrayList<>(items.size());
        for (PendingWrite w : items) {
            requests.add(w.request);
        }
        BatchWriteItemRequest request = BatchWriteItemRequest.builder()
                .requestItems(Map.of(settings.table(), requests))
                .returnConsumedCapacity(
                        settings.returnConsumedCapacity() ? ReturnConsumedCapacity.TOTAL : ReturnConsumedCapacity.NONE)
                .build();
        metrics.batches.increment();
        long started = System.nanoTime();
        CompletableFuture<BatchWriteItemResponse> answer;
        try {
            answer = client.batchWriteItem(request);
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        answer.whenComplete((response, error) -> {
            try {
                metrics.latency.record(System.nanoTime() - started);
                if (error != null) {
                    onError(batch, items, attempt, error);
                } else {
                    onResponse(batch, items, attempt, response);
                }
            } catch (RuntimeException e) {
                fail(new ConnectException(
                        "Internal error while handling a BatchWriteItem answer for table " + settings.table(), e));
                requestDone(batch);
            }
        });
    }

    private void onResponse(Batch batch, List<PendingWrite> items, int attempt, BatchWriteItemResponse response) {
        if (response.hasConsumedCapacity()) {
            for (ConsumedCapacity c : response.consumedCapacity()) {
                if (c.capacityUnits() != null) {
                    metrics.consumedCapacity.add(c.capacityUnits());
                }
            }
        }
        List<WriteRequest> unprocessed = response.hasUnprocessedItems()
                ? response.unprocessedItems().getOrDefault(settings.table(), List.of())
                : List.of();
        if (unprocessed.isEmpty()) {
            settleWritten(items);
            requestDone(batch);
            return;
        }
        List<PendingWrite> again = unprocessed(items, unprocessed);
        if (again == null) {
            requestDone(batch);
            return;
        }
        List<PendingWrite> written = new ArrayList<>(items.size() - again.size());
        Set<PendingWrite> retry = Collections.newSetFromMap(new IdentityHashMap<>());
        retry.addAll(again);
        for (PendingWrite w : items) {
            if (!retry.contains(w)) {
                written.add(w);
            }
        }
        settleWritten(written);
        metrics.unprocessedRetries.add(again.size());
        // progress starts the count again: only answers that write nothing bring the failure closer
        int next = written.isEmpty() ? attempt + 1 : 1;
        if (next >= settings.maxAttempts() && written.isEmpty()) {
            fail(new ConnectException("Table " + settings.table() + " left " + again.size()
                    + " items unprocessed in " + next + " answers in a row; the table is throttling writes"
                    + " for too long: give it more write capacity (or on-demand), lower "
                    + DynamoDbSinkConfig.MAX_IN_FLIGHT_BATCHES_CONFIG + " or set "
                    + DynamoDbSinkConfig.WRITE_RATE_LIMIT_CONFIG + ", or raise "
                    + DynamoDbSinkConfig.RETRY_MAX_ATTEMPTS_CONFIG + "; the task resumes from its last"
                    + " committed offset when restarted"));
            requestDone(batch);
            return;
        }
        sendAfter(batch, again, next, TimeUnit.MILLISECONDS.toNanos(backoff.delayMillis(next)));
    }

    /** The items of this request that came back unprocessed; null (and the writer failed) if one is unknown. */
    private List<PendingWrite> unprocessed(List<PendingWrite> items, List<WriteRequest> unprocessed) {
        Map<ItemKey, PendingWrite> byKey = new HashMap<>(items.size() * 2);
        for (PendingWrite w : items) {
            byKey.put(w.key, w);
        }
        List<PendingWrite> again = new ArrayList<>(unprocessed.size());
        for (WriteRequest r : unprocessed) {
            PendingWrite w = r.putRequest() == null
                    ? null
                    : byKey.remove(keys.of(r.putRequest().item()));
            if (w == null) {
                fail(new ConnectException("DynamoDB returned an unprocessed item for table " + settings.table()
                        + " that the batch did not send (or sent once only): " + r
                        + "; this is a bug in the endpoint or in this connector"));
                return null;
            }
            again.add(w);
        }
        return again;
    }

    private void onError(Batch batch, List<PendingWrite> items, int attempt, Throwable error) {
        switch (ErrorClassifier.classify(error)) {
            case RETRIABLE -> {
                if (ErrorClassifier.isThrottling(error)) {
                    metrics.throttles.increment();
                } else {
                    metrics.retriableErrors.increment();
                }
                int next = attempt + 1;
                if (next >= settings.maxAttempts()) {
                    fail(new ConnectException(
                            "BatchWriteItem on table " + settings.table() + " failed " + next
                                    + " times in a row, last with " + ErrorClassifier.describe(error)
                                    + "; check the endpoint and the table's capacity, or raise "
                                    + DynamoDbSinkConfig.RETRY_MAX_ATTEMPTS_CONFIG + "; the task resumes from its last"
                                    + " committed offset when restarted",
                            ErrorClassifier.unwrap(error)));
                    requestDone(batch);
                    return;
                }
                sendAfter(batch, items, next, TimeUnit.MILLISECONDS.toNanos(backoff.delayMillis(next)));
            }
            case BAD_ITEM -> {
                if (items.size() == 1) {
                    settleRejected(items.get(0), ErrorClassifier.message(error));
                    requestDone(batch);
                    return;
                }
                // halve until the refused items stand alone; the good halves are written on the way
                int half = items.size() / 2;
                lock.lock();
                try {
                    batch.openRequests++;
                } finally {
                    lock.unlock();
                }
                sendAfter(batch, new ArrayList<>(items.subList(0, half)), 0, 0);
                sendAfter(batch, new ArrayList<>(items.subList(half, items.size())), 0, 0);
            }
            case FATAL -> {
                fail(new ConnectException(
                        "DynamoDB refused writes to table " + settings.table() + ": " + ErrorClassifier.describe(error)
                                + ". " + advice(error),
                        ErrorClassifier.unwrap(error)));
                requestDone(batch);
            }
        }
    }

    private static String advice(Throwable error) {
        String text = ErrorClassifier.describe(error);
        if (text.startsWith("ResourceNotFoundException")) {
            return "Create the table (or set " + DynamoDbSinkConfig.TABLE_CREATE_CONFIG + "=true) and restart the task";
        }
        if (text.contains("AccessDenied")
                || text.contains("UnrecognizedClient")
                || text.contains("Signature")
                || text.contains("Token")) {
            return "Check the credentials and that they allow dynamodb:BatchWriteItem on the table, then restart"
                    + " the task";
        }
        return "Fix the cause and restart the task; it resumes from its last committed offset";
    }

    private void settleWritten(List<PendingWrite> written) {
        if (written.isEmpty()) {
            return;
        }
        lock.lock();
        try {
            for (PendingWrite w : written) {
                w.markDone();
                keysInFlight.remove(w.key);
            }
            held -= written.size();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        metrics.itemsWritten.add(written.size());
    }

    private void settleRejected(PendingWrite w, String message) {
        w.reject(message);
        metrics.errantItems.increment();
        lock.lock();
        try {
            keysInFlight.remove(w.key);
            held--;
            rejected.add(w);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** One request of {@code batch} is finished; the last one settles the batch and frees its slot. */
    private void requestDone(Batch batch) {
        List<Start> starts;
        lock.lock();
        try {
            if (--batch.openRequests > 0) {
                return;
            }
            for (PendingWrite w : batch.superseded) {
                w.markDone();
            }
            held -= batch.superseded.size();
            batchesInFlight--;
            starts = assembleBatches();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        startAll(starts);
    }

    private void fail(ConnectException e) {
        lock.lock();
        try {
            if (failure == null) {
                failure = e;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
