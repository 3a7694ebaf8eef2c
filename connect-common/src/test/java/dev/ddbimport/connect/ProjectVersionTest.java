package dev.ddbimport.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ProjectVersionTest {

    @Test
    void shouldReportTheBuildsProjectVersion() {
        // surefire runs in the module's folder: the pom's parent version is the project version
        assertEquals(System.getProperty("ddbimport.project.version"), ProjectVersion.get());
    }
}
