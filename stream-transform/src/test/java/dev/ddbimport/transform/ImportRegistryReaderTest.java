package dev.ddbimport.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddbimport.core.pipeline.ImportRegistryEntry;
import dev.ddbimport.core.pipeline.ImportStatus;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ImportRegistryReaderTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldReadAnEntryKeyedByItsImportId() {
        ImportRegistryEntry entry = ImportRegistryEntry.inProgress(TestDefinitions.json("imp-1"));

        ImportRegistryReader.Update u = ImportRegistryReader.toUpdate(utf8("imp-1"), entry.toJson());

        assertEquals(new ImportRegistryReader.Update("imp-1", entry, null), u);
    }

    @Test
    void shouldReadATombstoneAsAnImportToForget() {
        ImportRegistryReader.Update u = ImportRegistryReader.toUpdate(utf8("imp-1"), null);

        assertEquals(new ImportRegistryReader.Update("imp-1", null, null), u);
    }

    @Test
    void shouldReportAValueThatIsNotAnEntryWithoutThrowing() {
        ImportRegistryReader.Update u = ImportRegistryReader.toUpdate(utf8("imp-1"), utf8("{\"ImportStatus\":"));

        assertEquals("imp-1", u.importId());
        assertNull(u.entry());
        assertTrue(u.problem().startsWith("Cannot read ImportRegistryEntry from JSON"), u.problem());
    }

    @Test
    void shouldReportAKeyThatIsNotTheEntrysImportId() {
        byte[] value = ImportRegistryEntry.inProgress(TestDefinitions.json("imp-2"))
                .withStatus(ImportStatus.COMPLETED, null, null)
                .toJson();

        ImportRegistryReader.Update u = ImportRegistryReader.toUpdate(utf8("imp-1"), value);

        assertNull(u.entry());
        assertEquals("the registry key 'imp-1' is not the import id of its value ('imp-2')", u.problem());
    }

    @Test
    void shouldReportAnIdThatCannotNameTopics() {
        byte[] value =
                ImportRegistryEntry.inProgress(TestDefinitions.json("imp.1")).toJson();

        ImportRegistryReader.Update u = ImportRegistryReader.toUpdate(utf8("imp.1"), value);

        assertNull(u.entry());
        assertTrue(u.problem().startsWith("import id 'imp.1' cannot name Kafka topics"), u.problem());
    }

    @Test
    void shouldReportARecordWithoutKey() {
        ImportRegistryReader.Update u = ImportRegistryReader.toUpdate(null, utf8("{}"));

        assertNull(u.importId());
        assertEquals("a registry record without a key (the key must be the import id)", u.problem());
    }
}
