package dev.ddbimport.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddbimport.core.error.ErrorCode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class ImportMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private double count(String name, String... tags) {
        return registry.get(name).tags(tags).counter().count();
    }

    @Test
    void shouldCountWhatTheTopologyReportsTaggedWithTheImport() {
        ImportMetrics metrics = new ImportMetrics("imp-1", registry);

        metrics.onRecords(500);
        metrics.onRecords(20);
        metrics.onDuplicate();
        metrics.onReplay();
        metrics.onReplay();

        assertEquals(520, count(ImportMetrics.RECORDS, "import", "imp-1"));
        assertEquals(1, count(ImportMetrics.DUPLICATES, "import", "imp-1"));
        assertEquals(2, count(ImportMetrics.REPLAYS, "import", "imp-1"));
    }

    @Test
    void shouldCountErrorsByCodeAndStageMakingSeriesOnlyForCodesThatOccur() {
        ImportMetrics metrics = new ImportMetrics("imp-1", registry);

        metrics.onError(ErrorCode.JSON_SYNTAX);
        metrics.onError(ErrorCode.JSON_SYNTAX);
        metrics.onError(ErrorCode.MISSING_KEY);

        assertEquals(2, count(ImportMetrics.ERRORS, "import", "imp-1", "code", "JSON_SYNTAX", "stage", "PARSE"));
        assertEquals(1, count(ImportMetrics.ERRORS, "import", "imp-1", "code", "MISSING_KEY", "stage", "VALIDATE"));
        assertEquals(2, registry.find(ImportMetrics.ERRORS).counters().size());
    }

    @Test
    void shouldKeepTwoImportsApart() {
        ImportMetrics a = new ImportMetrics("a", registry);
        ImportMetrics b = new ImportMetrics("b", registry);

        a.onRecords(3);
        b.onRecords(5);

        assertEquals(3, count(ImportMetrics.RECORDS, "import", "a"));
        assertEquals(5, count(ImportMetrics.RECORDS, "import", "b"));
    }

    @Test
    void shouldRemoveEveryMeterOfTheImportWhenClosed() {
        ImportMetrics a = new ImportMetrics("a", registry);
        ImportMetrics b = new ImportMetrics("b", registry);
        a.onError(ErrorCode.JSON_SYNTAX);
        b.onRecords(1);

        a.close();

        assertTrue(
                registry.find(ImportMetrics.RECORDS).tag("import", "a").meters().isEmpty());
        assertNull(registry.find(ImportMetrics.ERRORS).tag("import", "a").counter());
        assertEquals(1, count(ImportMetrics.RECORDS, "import", "b"));
    }

    @Test
    void shouldReportNoStoreSizeOrLagBeforeItsStreamsIsBound() {
        ImportMetrics metrics = new ImportMetrics("a", registry);

        assertTrue(Double.isNaN(metrics.storeEntries()));
        assertTrue(Double.isNaN(metrics.chunksLag()));
    }
}
