package dev.ddbimport.service.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddbimport.core.model.ValidationException;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImportArnTest {

    private final ImportServiceSettings settings = ImportServiceSettings.defaults();

    @Test
    void shouldBuildDynamoDbShapedArns() {
        String id = ImportArn.newImportId(1_658_528_578_619L, new Random(1));
        assertTrue(id.matches("01658528578619-[0-9a-f]{8}"), id);
        ImportArn arn = ImportArn.of(settings, "Music", id);
        assertEquals("arn:aws:dynamodb:us-east-1:000000000000:table/Music", arn.tableArn());
        assertEquals("arn:aws:dynamodb:us-east-1:000000000000:table/Music/import/" + id, arn.toString());
        assertEquals(1_658_528_578_619L, arn.epochMillis());
    }

    @Test
    void shouldParseItsOwnArns() {
        String text = "arn:aws:dynamodb:eu-west-1:123456789012:table/my.table-1/import/01658528578619-c4d4e311";
        ImportArn arn = ImportArn.parse(text, "importArn");
        assertEquals("my.table-1", arn.tableName());
        assertEquals("01658528578619-c4d4e311", arn.importId());
        assertEquals(text, arn.toString());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "arn:aws:dynamodb:us-east-1:000000000000:table/x/import/01658528578619-c4d4e311",
                "arn:aws:dynamodb:us-east-1:000000000000:table/Music",
                "arn:aws:dynamodb:us-east-1:000000000000:table/Music/export/01658528578619-c4d4e311",
                "arn:aws:dynamodb:us-east-1:000000000000:table/Music/import/1658528578619-c4d4e311",
                "arn:aws:dynamodb:us-east-1:000000000000:table/Music/import/01658528578619-C4D4E311",
                "arn:aws:s3:us-east-1:000000000000:table/Music/import/01658528578619-c4d4e311"
            })
    void shouldRejectMalformedArnsAsInvalidImportArn(String text) {
        ValidationException e = assertThrows(ValidationException.class, () -> ImportArn.parse(text, "importArn"));
        assertEquals("Invalid Import ARN", e.getMessage());
    }

    @Test
    void shouldReportTooShortArnsAsALengthViolation() {
        ValidationException e = assertThrows(ValidationException.class, () -> ImportArn.parse("foo", "importArn"));
        assertEquals(
                "1 validation error detected: Value 'foo' at 'importArn' failed to satisfy constraint: Member must"
                        + " have length greater than or equal to 37",
                e.getMessage());
    }

    @Test
    void shouldReportAMissingArnAsNull() {
        ValidationException e = assertThrows(ValidationException.class, () -> ImportArn.parse(null, "importArn"));
        assertEquals(
                "1 validation error detected: Value null at 'importArn' failed to satisfy constraint: Member must not"
                        + " be null",
                e.getMessage());
    }
}
