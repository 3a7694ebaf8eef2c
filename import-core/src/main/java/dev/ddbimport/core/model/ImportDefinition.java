package dev.ddbimport.core.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.ddbimport.core.validate.KeySchema;
import java.util.List;

/**
 * Everything a pipeline stage needs to know about one import: its identity, the accepted request's
 * members (same names as ImportTable's) and our own limits. Travels as one flat JSON object; build
 * it only from a request that passed {@link RequestValidator}.
 *
 * @param importArn the import's ARN
 * @param importId the id part of the ARN, when the caller keeps it separately (may be null)
 * @param maxRecordBytes longest record (line or CSV row) accepted before it is rejected as too large
 * @param maxUncompressedBytesPerObject most bytes one object may decompress to before it is cut off
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImportDefinition(
        @JsonProperty("ImportArn") String importArn,
        @JsonProperty("ImportId") String importId,
        @JsonProperty("ClientToken") String clientToken,
        @JsonProperty("S3BucketSource") S3BucketSource s3BucketSource,
        @JsonProperty("InputFormat") InputFormat inputFormat,
        @JsonProperty("InputFormatOptions") InputFormatOptions inputFormatOptions,
        @JsonProperty("InputCompressionType") InputCompressionType inputCompressionType,
        @JsonProperty("TableCreationParameters") TableCreationParameters tableCreationParameters,
        @JsonProperty("MaxRecordBytes") Long maxRecordBytes,
        @JsonProperty("MaxUncompressedBytesPerObject") Long maxUncompressedBytesPerObject) {

    public static final long DEFAULT_MAX_RECORD_BYTES = 1L << 20;
    public static final long DEFAULT_MAX_UNCOMPRESSED_BYTES_PER_OBJECT = 1L << 40;

    public ImportDefinition {
        requirePresent(importArn, "ImportArn");
        requirePresent(s3BucketSource, "S3BucketSource");
        requirePresent(inputFormat, "InputFormat");
        requirePresent(tableCreationParameters, "TableCreationParameters");
        // absent means uncompressed, as in the request
        inputCompressionType = inputCompressionType == null ? InputCompressionType.NONE : inputCompressionType;
        maxRecordBytes = positiveOrDefault(maxRecordBytes, DEFAULT_MAX_RECORD_BYTES, "MaxRecordBytes");
        maxUncompressedBytesPerObject = positiveOrDefault(
                maxUncompressedBytesPerObject,
                DEFAULT_MAX_UNCOMPRESSED_BYTES_PER_OBJECT,
                "MaxUncompressedBytesPerObject");
    }

    /** The definition of an accepted request, with the default limits. */
    public static ImportDefinition of(ImportTableRequest request, String importArn, String importId) {
        return new ImportDefinition(
                importArn,
                importId,
                request.clientToken(),
                request.s3BucketSource(),
                accepted(InputFormat.class, request.inputFormat(), "InputFormat"),
                request.inputFormatOptions(),
                request.inputCompressionType() == null
                        ? InputCompressionType.NONE
                        : accepted(InputCompressionType.class, request.inputCompressionType(), "InputCompressionType"),
                request.tableCreationParameters(),
                null,
                null);
    }

    /** The same definition with other limits (null keeps the default). */
    public ImportDefinition withLimits(Long maxRecordBytes, Long maxUncompressedBytesPerObject) {
        return new ImportDefinition(
                importArn,
                importId,
                clientToken,
                s3BucketSource,
                inputFormat,
                inputFormatOptions,
                inputCompressionType,
                tableCreationParameters,
                maxRecordBytes,
                maxUncompressedBytesPerObject);
    }

    /** How every object of this import is compressed (never null). */
    @JsonIgnore
    public InputCompressionType compression() {
        return inputCompressionType;
    }

    /** The CSV delimiter; ',' unless the request set one. */
    @JsonIgnore
    public char csvDelimiter() {
        CsvOptions csv = csvOptions();
        return csv == null || csv.delimiter() == null ? ',' : csv.delimiter().charAt(0);
    }

    /** The CSV header given in the request, or null when each object's first line is its header. */
    @JsonIgnore
    public List<String> csvHeaderList() {
        CsvOptions csv = csvOptions();
        return csv == null ? null : csv.headerList();
    }

    /** The table's name. */
    @JsonIgnore
    public String tableName() {
        return tableCreationParameters.tableName();
    }

    /** The key attributes every item must carry; built on each call, so keep the result. */
    @JsonIgnore
    public KeySchema keySchema() {
        return KeySchemas.of(tableCreationParameters);
    }

    private CsvOptions csvOptions() {
        return inputFormatOptions == null ? null : inputFormatOptions.csv();
    }

    private static void requirePresent(Object value, String member) {
        if (value == null) {
            throw new IllegalArgumentException("ImportDefinition has no " + member
                    + "; build it with ImportDefinition.of from a validated ImportTable request");
        }
    }

    private static long positiveOrDefault(Long value, long fallback, String member) {
        if (value == null) {
            return fallback;
        }
        if (value <= 0) {
            throw new IllegalArgumentException(
                    "ImportDefinition " + member + " must be a positive number of bytes, was " + value);
        }
        return value;
    }

    private static <E extends Enum<E>> E accepted(Class<E> type, String value, String member) {
        E constant = WireEnum.find(type, value);
        if (constant == null) {
            throw new IllegalArgumentException("ImportTable request has " + member + " '" + value
                    + "'; validate it with RequestValidator before building its ImportDefinition");
        }
        return constant;
    }
}
