package dev.ddbimport.core.error;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Objects;

/**
 * A dead letter: DynamoDB's import error log event ({@code itemS3Pointer}, {@code importArn},
 * {@code errorMessages}) plus our error code, stage, byte offset and the start of the raw record.
 * This is the JSON value of every record on an import's error topic, whichever stage wrote it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
    "itemS3Pointer",
    "importArn",
    "errorMessages",
    "errorCode",
    "stage",
    "offset",
    "rawRecord",
    "rawRecordTruncated"
})
public record ErrorRecord(
        @JsonProperty("itemS3Pointer") ItemS3Pointer itemS3Pointer,
        @JsonProperty("importArn") String importArn,
        @JsonProperty("errorMessages") List<String> errorMessages,
        @JsonProperty("errorCode") ErrorCode errorCode,
        @JsonProperty("stage") Stage stage,
        @JsonProperty("offset") Long offset,
        @JsonProperty("rawRecord") String rawRecord,
        @JsonProperty("rawRecordTruncated") Boolean rawRecordTruncated) {

    /** Where the bad record is: the object and its 0-based record index, as DynamoDB reports it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"bucket", "key", "itemIndex"})
    public record ItemS3Pointer(
            @JsonProperty("bucket") String bucket,
            @JsonProperty("key") String key,
            @JsonProperty("itemIndex") long itemIndex) {}

    public ErrorRecord {
        Objects.requireNonNull(itemS3Pointer);
        errorMessages = List.copyOf(errorMessages);
    }

    /**
     * Builds an error record, keeping at most {@code maxRawBytes} of the raw record (decoded as
     * UTF-8, malformed bytes replaced) so a dead letter stays small whatever the input.
     */
    public static ErrorRecord of(
            String bucket,
            String key,
            long itemIndex,
            long offset,
            String importArn,
            ErrorCode code,
            String message,
            byte[] raw,
            int maxRawBytes) {
        String rawText = null;
        Boolean truncated = null;
        if (raw != null) {
            int n = Math.min(raw.length, Math.max(0, maxRawBytes));
            rawText = new String(raw, 0, n, java.nio.charset.StandardCharsets.UTF_8);
            truncated = n < raw.length;
        }
        return new ErrorRecord(
                new ItemS3Pointer(bucket, key, itemIndex),
                importArn,
                List.of(message),
                code,
                code.stage(),
                offset,
                rawText,
                truncated);
    }
}
