package dev.ddbimport.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TransformSettingsTest {

    @Test
    void shouldDefaultTo4KiBRawRecordsOneSecondCountersAndNoListener() {
        TransformSettings d = TransformSettings.defaults();
        assertEquals(4096, d.maxRawRecordBytes());
        assertEquals(Duration.ofSeconds(1), d.countersInterval());
        assertSame(TransformListener.NONE, d.listener());
    }

    @Test
    void shouldRefuseANonPositiveCountersInterval() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> TransformSettings.defaults().withCountersInterval(Duration.ZERO));
        assertEquals("countersInterval must be positive, got PT0S", e.getMessage());
    }

    @Test
    void shouldRefuseANegativeRawRecordLimit() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> TransformSettings.defaults().withMaxRawRecordBytes(-1));
        assertEquals("maxRawRecordBytes must not be negative, got -1", e.getMessage());
    }
}
