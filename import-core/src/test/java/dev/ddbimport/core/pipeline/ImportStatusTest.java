package dev.ddbimport.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ImportStatusTest {

    @ParameterizedTest
    @EnumSource(ImportStatus.class)
    void shouldRunTheStagesOnlyWhileInProgress(ImportStatus status) {
        assertEquals(status == ImportStatus.IN_PROGRESS, status.running());
    }
}
