package dev.ddbimport.transform;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Streams' exception handlers for an import, writing {@link StreamsDeadLetter}s (error record
 * JSON, string key) instead of Kafka Streams' built-in dead letters (the raw binary chunk). A record
 * that fails processing or deserialization is logged, dead-lettered and skipped, as Kafka's
 * log-and-continue handlers do; the task goes on with the next record. Production errors keep the
 * default handler's outcome (retry what is retriable, else fail the task), with a JSON dead letter.
 *
 * <p>Configured through the import's Streams properties: {@value
 * StreamsConfig#ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG} (the errors topic), {@value #IMPORT_ARN_CONFIG}
 * and {@value #RAW_MAX_BYTES_CONFIG}.
 */
public final class JsonDeadLetterHandler
        implements ProcessingExceptionHandler, DeserializationExceptionHandler, ProductionExceptionHandler {

    /** The import's ARN, carried by each dead letter. */
    public static final String IMPORT_ARN_CONFIG = "ddbimport.import.arn";
    /** How many bytes of the failed record a dead letter keeps. */
    public static final String RAW_MAX_BYTES_CONFIG = "ddbimport.dead.letter.raw.max.bytes";

    private static final Logger LOG = LoggerFactory.getLogger(JsonDeadLetterHandler.class);

    private StreamsDeadLetter letters;

    @Override
    public void configure(Map<String, ?> configs) {
        Object topic = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
        if (topic == null || topic.toString().isBlank()) {
            throw new IllegalArgumentException(JsonDeadLetterHandler.class.getSimpleName() + " needs "
                    + StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG
                    + " (the import's errors topic); build the properties with TransformProperties.forImport");
        }
        Object arn = configs.get(IMPORT_ARN_CONFIG);
        Object max = configs.get(RAW_MAX_BYTES_CONFIG);
        int maxRaw = max == null ? TransformSettings.DEFAULT_MAX_RAW_RECORD_BYTES : Integer.parseInt(max.toString());
        letters = new StreamsDeadLetter(topic.toString(), arn == null ? null : arn.toString(), maxRaw);
    }

    @Override
    public ProcessingExceptionHandler.Response handleError(
            ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        log("processing", context, exception);
        return ProcessingExceptionHandler.Response.resume(deadLetter(context, context.sourceRawValue(), exception));
    }

    @Override
    public DeserializationExceptionHandler.Response handleError(
            ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        log("deserializing", context, exception);
        return DeserializationExceptionHandler.Response.resume(deadLetter(context, record.value(), exception));
    }

    @Override
    public ProductionExceptionHandler.Response handleError(
            ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
        if (exception instanceof RetriableException) {
            return ProductionExceptionHandler.Response.retry();
        }
        // best effort: the task fails, and under exactly-once its open transaction (this letter with it)
        // may be aborted; the failure itself is in the log and the instance's health
        return ProductionExceptionHandler.Response.fail(deadLetter(context, context.sourceRawValue(), exception));
    }

    private List<ProducerRecord<byte[], byte[]>> deadLetter(
            ErrorHandlerContext context, byte[] rawValue, Exception exception) {
        return List.of(letters.of(context, rawValue, exception));
    }

    private static void log(String what, ErrorHandlerContext context, Exception exception) {
        LOG.warn(
                "Exception {} record {}-{}@{} (processor {}, task {}); it goes to the errors topic and the task goes on",
                what,
                context.topic(),
                context.partition(),
                context.offset(),
                context.processorNodeId(),
                context.taskId(),
                exception);
    }
}
