package dev.ddbimport.transform;

import dev.ddbimport.core.chunk.ChunkCodec;
import dev.ddbimport.core.chunk.ChunkHeaders;
import dev.ddbimport.core.error.ErrorCode;
import dev.ddbimport.core.error.ErrorRecord;
import dev.ddbimport.core.frame.Frame;
import dev.ddbimport.core.frame.RawRecord;
import dev.ddbimport.core.model.ModelJson;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.errors.ErrorHandlerContext;

/**
 * Builds the dead letter of a record Kafka Streams could not process, deserialize or produce: an
 * {@link ErrorRecord} JSON value (code {@link ErrorCode#INVALID_CHUNK}, the S3 pointer of the chunk or
 * item batch, a bounded excerpt of the raw record), a UTF-8 key (the object key, else {@code
 * topic-partition@offset}), the source record's headers and Kafka Streams' own {@code __streams.errors.*}
 * context headers. Any Kafka UI shows it as text, and {@code ddbimport errors} reads it like the
 * topology's own dead letters.
 */
final class StreamsDeadLetter {

    /** The exception's class name. Header names are those of Kafka Streams' built-in dead letters. */
    static final String EXCEPTION_HEADER = "__streams.errors.exception";
    /** The exception's message. */
    static final String MESSAGE_HEADER = "__streams.errors.message";
    /** The exception's stack trace. */
    static final String STACKTRACE_HEADER = "__streams.errors.stacktrace";
    /** The topic of the record that failed (the chunks topic, or the repartition topic). */
    static final String TOPIC_HEADER = "__streams.errors.topic";
    /** Its partition. */
    static final String PARTITION_HEADER = "__streams.errors.partition";
    /** Its offset. */
    static final String OFFSET_HEADER = "__streams.errors.offset";

    private final String topic;
    private final String importArn;
    private final int maxRawBytes;

    /**
     * @param topic the import's errors topic
     * @param importArn the import's ARN, carried by every error record
     * @param maxRawBytes how much of the failed record the value keeps
     */
    StreamsDeadLetter(String topic, String importArn, int maxRawBytes) {
        this.topic = topic;
        this.importArn = importArn;
        this.maxRawBytes = maxRawBytes;
    }

    /** The dead letter of the record in {@code context} whose raw value is {@code rawValue}. */
    ProducerRecord<byte[], byte[]> of(ErrorHandlerContext context, byte[] rawValue, Exception failure) {
        Pointer pointer = pointer(context.headers(), rawValue);
        String where = context.topic() + "-" + context.partition() + "@" + context.offset();
        String message = "The transform failed on record " + where
                + (context.processorNodeId() == null ? "" : " in " + context.processorNodeId()) + ": " + failure
                + ". Its records are not imported (the object's RECORDS_MISSING error follows when it was a chunk);"
                + " this is a bug in ddbimport: report it with this dead letter";
        ErrorRecord error = ErrorRecord.of(
                pointer.bucket,
                pointer.key,
                pointer.itemIndex,
                pointer.offset,
                importArn,
                ErrorCode.INVALID_CHUNK,
                message,
                excerpt(rawValue),
                maxRawBytes);
        byte[] key = (pointer.key != null ? pointer.key : where).getBytes(StandardCharsets.UTF_8);
        byte[] value = ModelJson.write(error).getBytes(StandardCharsets.UTF_8);
        ProducerRecord<byte[], byte[]> letter = new ProducerRecord<>(topic, null, context.timestamp(), key, value);
        for (Header h : context.headers()) {
            letter.headers().add(h);
        }
        Headers h = letter.headers();
        h.add(EXCEPTION_HEADER, utf8(failure.getClass().getName()));
        h.add(MESSAGE_HEADER, utf8(String.valueOf(failure.getMessage())));
        h.add(STACKTRACE_HEADER, utf8(stackTrace(failure)));
        h.add(TOPIC_HEADER, utf8(context.topic()));
        h.add(PARTITION_HEADER, utf8(Integer.toString(context.partition())));
        h.add(OFFSET_HEADER, utf8(Long.toString(context.offset())));
        return letter;
    }

    private record Pointer(String bucket, String key, long itemIndex, long offset) {}

    /** From the chunk's headers, else from an item batch's value, else unknown. */
    private static Pointer pointer(Headers headers, byte[] rawValue) {
        String key = ChunkSplitter.textHeader(headers, ChunkHeaders.OBJECT_KEY, null);
        if (key != null) {
            return new Pointer(
                    ChunkSplitter.textHeader(headers, ChunkHeaders.BUCKET, null),
                    key,
                    ChunkSplitter.positionHeader(headers, ChunkHeaders.FIRST_ITEM_INDEX),
                    ChunkSplitter.positionHeader(headers, ChunkHeaders.OFFSET));
        }
        if (rawValue != null) {
            try {
                ItemBatchCodec.ItemBatch batch = ItemBatchCodec.decode(rawValue);
                long first = batch.items().isEmpty() ? 0 : batch.items().get(0).itemIndex();
                return new Pointer(
                        new String(batch.bucket(), StandardCharsets.UTF_8),
                        new String(batch.objectKey(), StandardCharsets.UTF_8),
                        first,
                        0);
            } catch (RuntimeException notABatch) {
                // neither a chunk nor an item batch: the dead letter says where it was on Kafka
            }
        }
        return new Pointer(null, null, -1, 0);
    }

    /** A chunk's first record (readable text), else the raw bytes themselves. */
    private static byte[] excerpt(byte[] rawValue) {
        if (rawValue == null) {
            return null;
        }
        try {
            for (Frame f : ChunkCodec.decode(rawValue)) {
                if (f instanceof RawRecord r) {
                    return r.bytes();
                }
            }
        } catch (RuntimeException notAChunk) {
            // shown as it is, truncated
        }
        return rawValue;
    }

    private static String stackTrace(Exception e) {
        StringWriter out = new StringWriter();
        e.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
