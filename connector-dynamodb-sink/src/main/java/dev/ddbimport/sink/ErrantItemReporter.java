package dev.ddbimport.sink;

import dev.ddbimport.core.error.ErrorCode;
import dev.ddbimport.core.error.ErrorRecord;
import dev.ddbimport.core.format.DynamoJsonItemWriter;
import dev.ddbimport.core.item.ItemCodec;
import dev.ddbimport.core.model.ModelJson;
import dev.ddbimport.core.pipeline.ItemRecordHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Sends refused items to the import's error topic, through Connect's dead letter queue, as error
 * records ({@link ErrorRecord}, stage WRITE) keyed by object key, like every other stage's. Connect's
 * reporter converts a record it did not deliver itself with the worker's converters, so with {@code
 * ByteArrayConverter} the DLQ receives exactly the error record's JSON bytes.
 *
 * <p>An item counts as settled (its offset may commit) only once its dead letter is acknowledged.
 * Used on the task thread only: Connect's reporter is not meant to be called concurrently.
 */
final class ErrantItemReporter {

    private final ErrantRecordReporter reporter;
    private final String deadLetterTopic;
    private final String table;
    private final String importArn;
    private final int rawMaxBytes;
    private final ArrayDeque<Sent> sent = new ArrayDeque<>();

    private record Sent(PendingWrite write, Future<Void> acked) {}

    /**
     * @param reporter Connect's reporter, null when the worker gave none
     * @param deadLetterTopic the connector's {@code errors.deadletterqueue.topic.name}, null or blank when unset
     */
    ErrantItemReporter(
            ErrantRecordReporter reporter, String deadLetterTopic, String table, String importArn, int rawMaxBytes) {
        this.reporter = reporter;
        this.deadLetterTopic = deadLetterTopic == null || deadLetterTopic.isBlank() ? null : deadLetterTopic;
        this.table = table;
        this.importArn = importArn;
        this.rawMaxBytes = rawMaxBytes;
    }

    /**
     * Reports each refused item.
     *
     * @throws ConnectException when no dead letter queue is configured: an item must never vanish
     */
    void report(List<PendingWrite> refused) {
        for (PendingWrite w : refused) {
            if (reporter == null || deadLetterTopic == null) {
                throw new ConnectException("DynamoDB refused an item for table " + table + " ("
                        + pointerText(w) + ", " + w + "): " + w.rejection()
                        + ". No dead letter queue is configured, so the task stops rather than drop it: set"
                        + " errors.tolerance=all and errors.deadletterqueue.topic.name=<the import's errors topic>"
                        + " on the connector, or fix the item and restart");
            }
            ErrorRecord error = errorRecord(w);
            byte[] json = ModelJson.write(error).getBytes(StandardCharsets.UTF_8);
            String objectKey = header(w.record, ItemRecordHeaders.OBJECT_KEY);
            byte[] key = objectKey == null ? null : objectKey.getBytes(StandardCharsets.UTF_8);
            ConnectHeaders headers = new ConnectHeaders();
            for (Header h : w.record.headers()) {
                headers.add(h.key(), h.value(), h.schema());
            }
            // a new record, not the delivered one: Connect converts it instead of sending the original bytes
            SinkRecord letter = new SinkRecord(
                    w.record.topic(),
                    w.record.kafkaPartition(),
                    Schema.OPTIONAL_BYTES_SCHEMA,
                    key,
                    Schema.BYTES_SCHEMA,
                    json,
                    w.record.kafkaOffset(),
                    w.record.timestamp(),
                    w.record.timestampType(),
                    headers);
            Future<Void> acked = reporter.report(letter, new ItemRejectedException(w.rejection()));
            sent.addLast(new Sent(w, acked));
        }
    }

    /** Settles the items whose dead letters are acknowledged; fails if one could not be written. */
    void settleAcknowledged() {
        Iterator<Sent> it = sent.iterator();
        while (it.hasNext()) {
            Sent s = it.next();
            if (s.acked().isDone()) {
                await(s, Duration.ZERO);
                s.write().markDone();
                it.remove();
            }
        }
    }

    /** Waits for every dead letter sent so far and settles its item. */
    void awaitAll(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Sent s;
        while ((s = sent.peekFirst()) != null) {
            await(s, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            s.write().markDone();
            sent.pollFirst();
        }
    }

    int unacknowledged() {
        return sent.size();
    }

    private void await(Sent s, Duration timeout) {
        try {
            s.acked().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("Interrupted while writing the dead letter of " + s.write(), e);
        } catch (ExecutionException e) {
            throw new ConnectException(
                    "Could not write the dead letter of " + s.write() + " to " + deadLetterTopic + ": "
                            + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new ConnectException("The dead letter of " + s.write() + " was not acknowledged by " + deadLetterTopic
                    + " within " + timeout.toMillis() + " ms");
        }
    }

    ErrorRecord errorRecord(PendingWrite w) {
        String bucket = header(w.record, ItemRecordHeaders.BUCKET);
        String objectKey = header(w.record, ItemRecordHeaders.OBJECT_KEY);
        String index = header(w.record, ItemRecordHeaders.ITEM_INDEX);
        long itemIndex = parseOrMinusOne(index);
        String raw = rawText(w);
        Boolean truncated = null;
        if (raw != null) {
            byte[] bytes = raw.getBytes(StandardCharsets.UTF_8);
            truncated = bytes.length > rawMaxBytes;
            if (truncated) {
                raw = new String(bytes, 0, rawMaxBytes, StandardCharsets.UTF_8);
            }
        }
        return new ErrorRecord(
                new ErrorRecord.ItemS3Pointer(bucket, objectKey, itemIndex),
                importArn,
                List.of(w.rejection()),
                ErrorCode.WRITE_REJECTED,
                ErrorCode.WRITE_REJECTED.stage(),
                null,
                raw,
                truncated);
    }

    /** The item as DynamoDB JSON, or null when the value is not an item record. */
    private static String rawText(PendingWrite w) {
        if (!(w.record.value() instanceof byte[] value)) {
            return null;
        }
        try {
            return new String(DynamoJsonItemWriter.line(ItemCodec.decode(value)), StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
            return null;
        }
    }

    static String pointerText(PendingWrite w) {
        return "s3://" + header(w.record, ItemRecordHeaders.BUCKET) + "/"
                + header(w.record, ItemRecordHeaders.OBJECT_KEY) + " itemIndex "
                + header(w.record, ItemRecordHeaders.ITEM_INDEX);
    }

    /** A header as text; raw bytes (ByteArrayConverter) are UTF-8. */
    static String header(SinkRecord record, String name) {
        Header h = record.headers().lastWithName(name);
        if (h == null || h.value() == null) {
            return null;
        }
        Object v = h.value();
        return v instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : v.toString();
    }

    private static long parseOrMinusOne(String text) {
        if (text == null) {
            return -1;
        }
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The error handed to Connect's reporter (its message lands in the DLQ context headers when enabled). */
    static final class ItemRejectedException extends ConnectException {
        ItemRejectedException(String message) {
            super(message);
        }
    }
}
