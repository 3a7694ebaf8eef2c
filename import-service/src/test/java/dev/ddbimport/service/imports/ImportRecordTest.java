package dev.ddbimport.service.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ddbimport.core.model.AttributeDefinition;
import dev.ddbimport.core.model.ImportDefinition;
import dev.ddbimport.core.model.ImportTableRequest;
import dev.ddbimport.core.model.KeySchemaElement;
import dev.ddbimport.core.model.S3BucketSource;
import dev.ddbimport.core.model.TableCreationParameters;
import dev.ddbimport.core.pipeline.ImportRegistryEntry;
import dev.ddbimport.core.pipeline.ImportStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImportRecordTest {

    static ImportRecord sample() {
        ImportTableRequest request = new ImportTableRequest(
                "token-1",
                new S3BucketSource("bucket", null, "data/"),
                "DYNAMODB_JSON",
                null,
                "GZIP",
                new TableCreationParameters(
                        "Music",
                        List.of(new AttributeDefinition("pk", "S")),
                        List.of(new KeySchemaElement("pk", "HASH")),
                        "PAY_PER_REQUEST",
                        null,
                        null,
                        null,
                        null));
        String id = "01700000000123-0badf00d";
        String arn = "arn:aws:dynamodb:us-east-1:000000000000:table/Music/import/" + id;
        return ImportRecord.inProgress(
                ImportDefinition.of(request, arn, id),
                "arn:aws:dynamodb:us-east-1:000000000000:table/Music",
                "table-id",
                1_700_000_000_123L);
    }

    @Test
    void shouldBeReadableAsARegistryEntryByThePipelineStages() {
        ImportRecord failed =
                sample().ended(ImportStatus.FAILED, "ItemValidationError", "Some items failed", 5, ImportCounters.NONE);
        ImportRegistryEntry entry = ImportRegistryEntry.fromJson(failed.toJson());
        assertEquals(failed.entry(), entry);
        assertEquals(ImportStatus.FAILED, entry.status());
        assertEquals("ItemValidationError", entry.failureCode());
        assertEquals("01700000000123-0badf00d", entry.importId());
    }

    @Test
    void shouldRoundTripEveryMember() {
        ImportRecord ended =
                sample().ended(ImportStatus.COMPLETED, null, null, 9, new ImportCounters(10L, 3, 3, 0, 2, 1));
        assertEquals(ended, ImportRecord.fromJson(ended.toJson()));
        assertEquals(sample(), ImportRecord.fromJson(sample().toJson()));
    }

    @Test
    void shouldKeepFailureMembersOnlyForFailed() {
        ImportRecord completed = sample().ended(ImportStatus.COMPLETED, "X", "Y", 9, ImportCounters.NONE);
        assertNull(completed.failureCode());
        assertNull(completed.failureMessage());
    }

    @Test
    void shouldRefuseARunningStatusAsAnEnd() {
        assertThrows(
                IllegalArgumentException.class,
                () -> sample().ended(ImportStatus.CANCELLING, null, null, 9, ImportCounters.NONE));
    }
}
