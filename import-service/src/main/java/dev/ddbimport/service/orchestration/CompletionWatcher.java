package dev.ddbimport.service.orchestration;

import dev.ddbimport.core.error.ErrorCode;
import dev.ddbimport.core.pipeline.StageCounters;
import dev.ddbimport.service.imports.ImportCounters;
import java.util.Map;

/**
 * Decides when an import is over and how it ended, from what the stages committed. The rules:
 *
 * <ol>
 *   <li>the source is done: its listing is done and the transform counted the final chunk of every
 *       listed object ({@code ObjectsCompleted == N});
 *   <li>the transform is done: its last-write-wins stage took in every valid item the parse stage
 *       produced (counters are committed in the same transactions as the records they count, so the
 *       items are in the items topic by then);
 *   <li>the sink is done: its consumer group committed past the last item (it commits only what
 *       DynamoDB acknowledged or what went to the errors topic).
 * </ol>
 *
 * Only then is the import COMPLETED, or FAILED {@code ItemValidationError} when any record was refused.
 */
final class CompletionWatcher {

    private CompletionWatcher() {}

    /** Rules 1 and 2: every object read and every valid item past last-write-wins. */
    static boolean transformDone(Long listedObjects, PipelineProgress.Counters c) {
        return listedObjects != null
                && c.parse().objectsCompleted() >= listedObjects
                && c.dedupedItems() >= c.validItems();
    }

    /** DescribeImport's counters: the transform's, with the sink's refused items as errors. */
    static ImportCounters counters(PipelineProgress.Counters c, long sinkErrors) {
        StageCounters total = c.parse().plus(c.dedupe());
        if (sinkErrors > 0) {
            total = total.plus(new StageCounters(
                    0, 0, sinkErrors, Map.of(ErrorCode.WRITE_REJECTED.name(), sinkErrors), 0, 0, 0, 0, 0, 0));
        }
        return ImportCounters.of(total);
    }

    /** The failure of a finished import, or null when every record was imported. */
    static Failure outcome(PipelineProgress.Counters c, long sinkErrors, String errorsTopic) {
        StageCounters parse = c.parse();
        if (parse.fatalErrorCount() > 0) {
            return FailureClassifier.objectErrors(parse.fatalErrorCount(), parse.errorsByCode(), errorsTopic);
        }
        if (parse.errorCount() + sinkErrors > 0) {
            return FailureClassifier.itemErrors();
        }
        return null;
    }
}
