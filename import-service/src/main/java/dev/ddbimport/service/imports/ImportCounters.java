package dev.ddbimport.service.imports;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.ddbimport.core.pipeline.StageCounters;

/**
 * DescribeImport's counters, plus two of ours: {@code DistinctKeyCount} (the items the table ends
 * with) and {@code SupersededDuplicateCount} (items that lost to a later item with the same key).
 *
 * @param processedSizeBytes uncompressed bytes read; null until something was read (DynamoDB leaves
 *     the member out until then)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImportCounters(
        @JsonProperty("ProcessedSizeBytes") Long processedSizeBytes,
        @JsonProperty("ProcessedItemCount") long processedItemCount,
        @JsonProperty("ImportedItemCount") long importedItemCount,
        @JsonProperty("ErrorCount") long errorCount,
        @JsonProperty("DistinctKeyCount") long distinctKeyCount,
        @JsonProperty("SupersededDuplicateCount") long supersededDuplicateCount) {

    /** Nothing read yet. */
    public static final ImportCounters NONE = new ImportCounters(null, 0, 0, 0, 0, 0);

    /**
     * The counters of an import's summed progress snapshots. ImportedItemCount follows the progress
     * contract: records read minus per-record errors (object-level failures are errors but not
     * records, so they are not subtracted).
     */
    public static ImportCounters of(StageCounters total) {
        long recordErrors = total.errorCount() - total.fatalErrorCount();
        long imported = Math.max(0, total.processedItemCount() - recordErrors);
        return new ImportCounters(
                total.processedSizeBytes() > 0 ? total.processedSizeBytes() : null,
                total.processedItemCount(),
                imported,
                total.errorCount(),
                total.distinctKeys(),
                total.duplicatesSuperseded());
    }
}
