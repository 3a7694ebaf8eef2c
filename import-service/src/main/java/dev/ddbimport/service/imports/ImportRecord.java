package dev.ddbimport.service.imports;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.ddbimport.core.model.ImportDefinition;
import dev.ddbimport.core.model.ModelJson;
import dev.ddbimport.core.pipeline.ImportRegistryEntry;
import dev.ddbimport.core.pipeline.ImportStatus;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One import as the control plane keeps it: the value of its record on the registry topic (key =
 * import id). Its JSON is a superset of {@link ImportRegistryEntry} (members {@code Definition},
 * {@code ImportStatus}, {@code FailureCode}, {@code FailureMessage}), so the pipeline stages read the
 * same record as an entry and ignore the rest. Times are epoch milliseconds.
 *
 * @param definition the accepted request, its ARN and import id
 * @param status where the import stands
 * @param failureCode FailureCode when FAILED, else null
 * @param failureMessage FailureMessage when FAILED, else null
 * @param tableArn the table's ARN (the import ARN without {@code /import/<id>})
 * @param tableId the table's id, allocated when the request was accepted and never changed
 * @param startTime when the request was accepted (DescribeImport's StartTime)
 * @param endTime when the import ended; null while it runs
 * @param counters the final counters once the import ended; null while it runs (read live then)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImportRecord(
        @JsonProperty("Definition") ImportDefinition definition,
        @JsonProperty("ImportStatus") ImportStatus status,
        @JsonProperty("FailureCode") String failureCode,
        @JsonProperty("FailureMessage") String failureMessage,
        @JsonProperty("TableArn") String tableArn,
        @JsonProperty("TableId") String tableId,
        @JsonProperty("StartTime") long startTime,
        @JsonProperty("EndTime") Long endTime,
        @JsonProperty("Counters") ImportCounters counters) {

    public ImportRecord {
        Objects.requireNonNull(definition, "definition");
        Objects.requireNonNull(status, "status");
    }

    /** A just-accepted import. */
    public static ImportRecord inProgress(ImportDefinition definition, String tableArn, String tableId, long start) {
        return new ImportRecord(definition, ImportStatus.IN_PROGRESS, null, null, tableArn, tableId, start, null, null);
    }

    /** The same import, cancel requested: the orchestrator stops it and records CANCELLED. */
    public ImportRecord cancelling() {
        return new ImportRecord(
                definition, ImportStatus.CANCELLING, null, null, tableArn, tableId, startTime, null, counters);
    }

    /**
     * The same import, ended with {@code finalStatus} (COMPLETED, FAILED or CANCELLED) at {@code end}
     * with its exact counters; the failure members only for FAILED.
     */
    public ImportRecord ended(
            ImportStatus finalStatus, String code, String message, long end, ImportCounters finalCounters) {
        if (finalStatus == ImportStatus.IN_PROGRESS || finalStatus == ImportStatus.CANCELLING) {
            throw new IllegalArgumentException(finalStatus + " is not an end state of import " + importArn());
        }
        boolean failed = finalStatus == ImportStatus.FAILED;
        return new ImportRecord(
                definition,
                finalStatus,
                failed ? code : null,
                failed ? message : null,
                tableArn,
                tableId,
                startTime,
                end,
                finalCounters);
    }

    @JsonIgnore
    public String importArn() {
        return definition.importArn();
    }

    @JsonIgnore
    public String importId() {
        return entry().importId();
    }

    @JsonIgnore
    public String tableName() {
        return definition.tableName();
    }

    /** IN_PROGRESS or CANCELLING: the import still holds its table and pipeline. */
    @JsonIgnore
    public boolean running() {
        return status == ImportStatus.IN_PROGRESS || status == ImportStatus.CANCELLING;
    }

    /** The view of this record the pipeline stages read. */
    public ImportRegistryEntry entry() {
        return new ImportRegistryEntry(definition, status, failureCode, failureMessage);
    }

    public byte[] toJson() {
        return ModelJson.write(this).getBytes(StandardCharsets.UTF_8);
    }

    /** @throws dev.ddbimport.core.model.SerializationException when the bytes are not a record */
    public static ImportRecord fromJson(byte[] json) {
        return ModelJson.read(json, ImportRecord.class);
    }
}
