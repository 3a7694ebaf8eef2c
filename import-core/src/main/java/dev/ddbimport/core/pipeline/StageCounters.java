package dev.ddbimport.core.pipeline;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.ddbimport.core.error.ErrorCode;
import dev.ddbimport.core.model.ModelJson;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One stage's cumulative counters for one input partition: the value of a record on an import's
 * progress topic ({@link ImportTopics#progress()}, compacted).
 *
 * <p><b>Contract.</b> The key names the writer: {@code transform.parse/<partition>} (the transform's
 * parse stage, one per partition of the chunks topic) or {@code transform.dedupe/<partition>} (its
 * last-write-wins stage, one per partition of its repartition topic), UTF-8. Each value is a
 * snapshot of everything that writer has counted since the import began, never a delta, and it is
 * written in the same Kafka transaction as the records it counts ({@code exactly_once_v2}): a
 * read_committed reader that sums the latest value of every key (see {@link #sum}) gets exact totals
 * for the records committed so far, however often instances crashed and replayed. Snapshots are
 * written when counters changed, at most once per publishing interval, so totals are live. A
 * stage only fills its own members; the others stay 0. Members may be added; readers ignore unknown
 * ones.
 *
 * <p>Parse stage members:
 *
 * <ul>
 *   <li>{@code ProcessedSizeBytes}: uncompressed bytes of the objects read so far (DynamoDB's
 *       ProcessedSizeBytes); exact once each object's last chunk is counted.
 *   <li>{@code ProcessedItemCount}: records read: every valid item plus every rejected item plus
 *       every per-record framing error (blank lines and CSV header lines are not records; an
 *       object-level failure is not a record). A DynamoDB JSON line holding several objects counts
 *       one per object.
 *   <li>{@code ErrorCount}: dead letters written (rejected items, framing errors, object failures).
 *   <li>{@code ErrorsByCode}: {@code ErrorCount} split by {@link ErrorCode} name.
 *   <li>{@code FatalErrorCount}: object-level failures (corrupt stream, size guard, unterminated
 *       quote, bad CSV header, unreadable chunk): any of these fails the import.
 *   <li>{@code ObjectsCompleted}: objects whose final chunk was read.
 *   <li>{@code ReplaysDropped}: records delivered again by an at-least-once source and not counted
 *       twice.
 * </ul>
 *
 * <p>Dedupe stage members: {@code ItemCount} (valid items in), {@code DistinctKeys} (keys seen for
 * the first time), {@code DuplicatesSuperseded} (items that lost to a later item with the same key,
 * whichever arrived first), {@code ReplaysDropped} (an item seen again with the very same sequence).
 * Without replays, {@code DuplicatesSuperseded = ItemCount - DistinctKeys}.
 *
 * <p>Derived totals: DynamoDB's ImportedItemCount is {@code ProcessedItemCount - (ErrorCount -
 * FatalErrorCount)}; the items the table ends with are {@code DistinctKeys}.
 */
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({
    "ProcessedSizeBytes",
    "ProcessedItemCount",
    "ErrorCount",
    "ErrorsByCode",
    "FatalErrorCount",
    "ObjectsCompleted",
    "ItemCount",
    "DistinctKeys",
    "DuplicatesSuperseded",
    "ReplaysDropped"
})
public record StageCounters(
        @JsonProperty("ProcessedSizeBytes") long processedSizeBytes,
        @JsonProperty("ProcessedItemCount") long processedItemCount,
        @JsonProperty("ErrorCount") long errorCount,
        @JsonProperty("ErrorsByCode") Map<String, Long> errorsByCode,
        @JsonProperty("FatalErrorCount") long fatalErrorCount,
        @JsonProperty("ObjectsCompleted") long objectsCompleted,
        @JsonProperty("ItemCount") long itemCount,
        @JsonProperty("DistinctKeys") long distinctKeys,
        @JsonProperty("DuplicatesSuperseded") long duplicatesSuperseded,
        @JsonProperty("ReplaysDropped") long replaysDropped) {

    /** Key prefix of the transform's parse stage snapshots. */
    public static final String PARSE_KEY_PREFIX = "transform.parse/";
    /** Key prefix of the transform's last-write-wins stage snapshots. */
    public static final String DEDUPE_KEY_PREFIX = "transform.dedupe/";

    /** Nothing counted. */
    public static final StageCounters ZERO = new StageCounters(0, 0, 0, Map.of(), 0, 0, 0, 0, 0, 0);

    public StageCounters {
        errorsByCode = errorsByCode == null || errorsByCode.isEmpty()
                ? Map.of()
                : Collections.unmodifiableMap(new TreeMap<>(errorsByCode));
    }

    /** The progress key of the parse stage working on chunks partition {@code partition}. */
    public static String parseKey(int partition) {
        return PARSE_KEY_PREFIX + partition;
    }

    /** The progress key of the dedupe stage working on repartition partition {@code partition}. */
    public static String dedupeKey(int partition) {
        return DEDUPE_KEY_PREFIX + partition;
    }

    /** Errors counted with {@code code}. */
    public long errors(ErrorCode code) {
        return errorsByCode.getOrDefault(code.name(), 0L);
    }

    /** Member-wise sum of this and {@code other} ({@code ErrorsByCode} summed per code). */
    public StageCounters plus(StageCounters other) {
        Map<String, Long> codes = new TreeMap<>(errorsByCode);
        other.errorsByCode.forEach((code, n) -> codes.merge(code, n, Long::sum));
        return new StageCounters(
                processedSizeBytes + other.processedSizeBytes,
                processedItemCount + other.processedItemCount,
                errorCount + other.errorCount,
                codes,
                fatalErrorCount + other.fatalErrorCount,
                objectsCompleted + other.objectsCompleted,
                itemCount + other.itemCount,
                distinctKeys + other.distinctKeys,
                duplicatesSuperseded + other.duplicatesSuperseded,
                replaysDropped + other.replaysDropped);
    }

    /**
     * The import's totals: the sum of the latest snapshot of every key. Pass exactly one value per
     * progress key (a compacted topic read to its end, keeping the last value per key).
     */
    public static StageCounters sum(Iterable<StageCounters> latestPerKey) {
        StageCounters total = ZERO;
        for (StageCounters c : latestPerKey) {
            total = total.plus(c);
        }
        return total;
    }

    public byte[] toJson() {
        return ModelJson.write(this).getBytes(StandardCharsets.UTF_8);
    }

    /** @throws dev.ddbimport.core.model.SerializationException when the bytes are not counters */
    public static StageCounters fromJson(byte[] json) {
        return ModelJson.read(json, StageCounters.class);
    }
}
