package dev.ddbimport.service.orchestration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddbimport.core.pipeline.StageCounters;
import dev.ddbimport.service.imports.ImportCounters;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CompletionWatcherTest {

    /** Parse stage: bytes, records, errors (by code), fatal errors, objects completed. */
    private static StageCounters parse(long bytes, long records, Map<String, Long> errors, long fatal, long objects) {
        long errorCount = errors.values().stream().mapToLong(Long::longValue).sum();
        return new StageCounters(bytes, records, errorCount, errors, fatal, objects, 0, 0, 0, 0);
    }

    /** Dedupe stage: items taken in, distinct keys, superseded, replays dropped. */
    private static StageCounters dedupe(long items, long distinct, long superseded, long replays) {
        return new StageCounters(0, 0, 0, Map.of(), 0, 0, items, distinct, superseded, replays);
    }

    private static PipelineProgress.Counters counters(StageCounters parse, StageCounters dedupe) {
        return new PipelineProgress.Counters(parse, dedupe);
    }

    @Test
    void shouldNotBeDoneBeforeTheListingIsDone() {
        var c = counters(parse(10, 1, Map.of(), 0, 1), dedupe(1, 1, 0, 0));

        assertFalse(CompletionWatcher.transformDone(null, c));
    }

    @Test
    void shouldNotBeDoneWhileAListedObjectIsUnread() {
        var c = counters(parse(10, 5, Map.of(), 0, 2), dedupe(5, 5, 0, 0));

        assertFalse(CompletionWatcher.transformDone(3L, c));
        assertTrue(CompletionWatcher.transformDone(2L, c));
    }

    @Test
    void shouldNotBeDoneWhileLastWriteWinsIsBehindTheParseStage() {
        var c = counters(parse(10, 5, Map.of(), 0, 1), dedupe(4, 4, 0, 0));

        assertFalse(CompletionWatcher.transformDone(1L, c));
    }

    @Test
    void shouldNotCountReplaysAsItemsTakenIn() {
        var behind = counters(parse(10, 5, Map.of(), 0, 1), dedupe(5, 4, 0, 1));
        var caughtUp = counters(parse(10, 5, Map.of(), 0, 1), dedupe(6, 5, 0, 1));

        assertFalse(CompletionWatcher.transformDone(1L, behind));
        assertTrue(CompletionWatcher.transformDone(1L, caughtUp));
    }

    @Test
    void shouldExpectOnlyTheValidRecordsPastLastWriteWins() {
        // 5 records, 2 refused: 3 valid items reach last-write-wins
        var c = counters(parse(10, 5, Map.of("INVALID_KEY", 2L), 0, 1), dedupe(3, 3, 0, 0));

        assertTrue(CompletionWatcher.transformDone(1L, c));
    }

    @Test
    void shouldNotSubtractAnObjectLevelFailureFromTheValidItems() {
        // 4 records read, then the object broke: 1 error that is not a record
        var c = counters(parse(10, 4, Map.of("CORRUPT_COMPRESSION", 1L), 1, 1), dedupe(3, 3, 0, 0));

        assertFalse(CompletionWatcher.transformDone(1L, c));
        assertEquals(4, c.validItems());
    }

    @Test
    void shouldBeDoneForAnEmptyPrefix() {
        assertTrue(CompletionWatcher.transformDone(0L, counters(StageCounters.ZERO, StageCounters.ZERO)));
    }

    @Test
    void shouldCompleteWhenNothingWasRefused() {
        var c = counters(parse(10, 5, Map.of(), 0, 1), dedupe(5, 3, 2, 0));

        assertNull(CompletionWatcher.outcome(c, 0, "ddbimport.x.errors"));
        assertEquals(new ImportCounters(10L, 5, 5, 0, 3, 2), CompletionWatcher.counters(c, 0));
    }

    @Test
    void shouldFailWithItemValidationErrorWhenTheParseStageRefusedRecords() {
        var c = counters(parse(10, 5, Map.of("INVALID_KEY", 2L), 0, 1), dedupe(3, 3, 0, 0));

        Failure f = CompletionWatcher.outcome(c, 0, "ddbimport.x.errors");

        assertEquals(FailureClassifier.itemErrors(), f);
        assertEquals(new ImportCounters(10L, 5, 3, 2, 3, 0), CompletionWatcher.counters(c, 0));
    }

    @Test
    void shouldCountTheSinksRefusedItemsAsErrors() {
        var c = counters(parse(10, 5, Map.of(), 0, 1), dedupe(5, 5, 0, 0));

        Failure f = CompletionWatcher.outcome(c, 2, "ddbimport.x.errors");

        assertEquals(FailureClassifier.itemErrors(), f);
        assertEquals(new ImportCounters(10L, 5, 3, 2, 5, 0), CompletionWatcher.counters(c, 2));
    }

    @Test
    void shouldNameObjectLevelFailures() {
        var c = counters(parse(10, 4, Map.of("CORRUPT_COMPRESSION", 1L), 1, 1), dedupe(4, 4, 0, 0));

        Failure f = CompletionWatcher.outcome(c, 0, "ddbimport.x.errors");

        assertEquals(FailureClassifier.objectErrors(1, Map.of("CORRUPT_COMPRESSION", 1L), "ddbimport.x.errors"), f);
        // the object failure is an error but not a record: all 4 records read were imported
        assertEquals(new ImportCounters(10L, 4, 4, 1, 4, 0), CompletionWatcher.counters(c, 0));
    }
}
