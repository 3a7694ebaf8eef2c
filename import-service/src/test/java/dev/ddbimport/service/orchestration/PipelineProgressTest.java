package dev.ddbimport.service.orchestration;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ddbimport.core.pipeline.StageCounters;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What PipelineProgress derives from the counters it read (reading itself needs a broker: the ITs). */
class PipelineProgressTest {

    private static PipelineProgress.Counters counters(
            long records, long errors, long fatal, long objects, long items, long replays) {
        StageCounters parse = new StageCounters(
                1234,
                records,
                errors,
                errors == 0 ? Map.of() : Map.of("INVALID_KEY", errors),
                fatal,
                objects,
                0,
                0,
                0,
                0);
        StageCounters dedupe = new StageCounters(0, 0, 0, Map.of(), 0, 0, items, items - replays, 0, replays);
        return new PipelineProgress.Counters(parse, dedupe);
    }

    @Test
    void shouldCountValidItemsAsRecordsMinusPerRecordErrors() {
        assertEquals(7, counters(10, 3, 0, 1, 0, 0).validItems());
        // an object-level failure is an error but not a record
        assertEquals(8, counters(10, 3, 1, 1, 0, 0).validItems());
    }

    @Test
    void shouldNotCountReplaysAsDedupedItems() {
        assertEquals(5, counters(10, 0, 0, 1, 7, 2).dedupedItems());
    }

    @Test
    void shouldDescribeProgressForTheLog() {
        var c = counters(5, 1, 0, 1, 4, 0);

        assertEquals(
                "objects 1/?, records 5 (valid 4, deduped 4), errors 1, bytes 1234",
                PipelineProgress.describe(c, null));
        assertEquals(
                "objects 1/3, records 5 (valid 4, deduped 4), errors 1, bytes 1234", PipelineProgress.describe(c, 3L));
    }
}
