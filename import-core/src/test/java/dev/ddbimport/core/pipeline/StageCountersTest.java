package dev.ddbimport.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ddbimport.core.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StageCountersTest {

    private static final StageCounters PARSE =
            new StageCounters(1000, 10, 2, Map.of("MISSING_KEY", 1L, "JSON_SYNTAX", 1L), 0, 1, 0, 0, 0, 0);
    private static final StageCounters DEDUPE = new StageCounters(0, 0, 0, Map.of(), 0, 0, 8, 6, 2, 1);

    @Test
    void shouldWriteAwsStyleNamesAndLeaveOutZeros() {
        assertEquals(
                "{\"ProcessedSizeBytes\":1000,\"ProcessedItemCount\":10,\"ErrorCount\":2,"
                        + "\"ErrorsByCode\":{\"JSON_SYNTAX\":1,\"MISSING_KEY\":1},\"ObjectsCompleted\":1}",
                new String(PARSE.toJson(), StandardCharsets.UTF_8));
        assertEquals(
                "{\"ItemCount\":8,\"DistinctKeys\":6,\"DuplicatesSuperseded\":2,\"ReplaysDropped\":1}",
                new String(DEDUPE.toJson(), StandardCharsets.UTF_8));
    }

    @Test
    void shouldReadBackWhatItWrites() {
        assertEquals(PARSE, StageCounters.fromJson(PARSE.toJson()));
        assertEquals(DEDUPE, StageCounters.fromJson(DEDUPE.toJson()));
        assertEquals(StageCounters.ZERO, StageCounters.fromJson("{}".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void shouldIgnoreMembersAddedLater() {
        assertEquals(
                new StageCounters(0, 3, 0, Map.of(), 0, 0, 0, 0, 0, 0),
                StageCounters.fromJson(
                        "{\"ProcessedItemCount\":3,\"SomethingNew\":7}".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void shouldSumTheLatestSnapshotOfEveryKey() {
        StageCounters otherParse = new StageCounters(500, 5, 1, Map.of("MISSING_KEY", 1L), 1, 2, 0, 0, 0, 0);
        StageCounters total = StageCounters.sum(List.of(PARSE, DEDUPE, otherParse));
        assertEquals(
                new StageCounters(1500, 15, 3, Map.of("MISSING_KEY", 2L, "JSON_SYNTAX", 1L), 1, 3, 8, 6, 2, 1), total);
        assertEquals(2, total.errors(ErrorCode.MISSING_KEY));
        assertEquals(0, total.errors(ErrorCode.ITEM_TOO_LARGE));
    }

    @Test
    void shouldNameProgressKeysByStageAndPartition() {
        assertEquals("transform.parse/3", StageCounters.parseKey(3));
        assertEquals("transform.dedupe/0", StageCounters.dedupeKey(0));
    }
}
