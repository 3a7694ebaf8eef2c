package dev.ddbimport.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ddbimport.core.validate.KeySchema;
import dev.ddbimport.core.validate.KeySchema.IndexKeys;
import dev.ddbimport.core.validate.KeySchema.KeyAttribute;
import dev.ddbimport.core.validate.ScalarType;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeySchemasTest {

    @Test
    void shouldTypeTableAndIndexKeysFromTheAttributeDefinitions() {
        KeySchema schema = KeySchemas.of(RequestFixtures.valid().tableCreationParameters());

        assertEquals(new KeyAttribute("pk", ScalarType.S), schema.partitionKey());
        assertEquals(new KeyAttribute("sk", ScalarType.N), schema.sortKey());
        assertEquals(List.of(new IndexKeys("byG", new KeyAttribute("g", ScalarType.B), null)), schema.indexes());
    }

    @Test
    void shouldTakeTheSortKeyByKeyTypeNotByPosition() {
        TableCreationParameters params = new TableCreationParameters(
                "t1x",
                List.of(new AttributeDefinition("h", "N"), new AttributeDefinition("r", "B")),
                List.of(new KeySchemaElement("r", "RANGE"), new KeySchemaElement("h", "HASH")),
                null,
                null,
                null,
                null,
                null);

        KeySchema schema = KeySchemas.of(params);

        assertEquals(new KeyAttribute("h", ScalarType.N), schema.partitionKey());
        assertEquals(new KeyAttribute("r", ScalarType.B), schema.sortKey());
    }

    @Test
    void shouldLeaveTheSortKeyNullForAHashOnlyTable() {
        TableCreationParameters params = new TableCreationParameters(
                "t1x",
                List.of(new AttributeDefinition("id", "S")),
                List.of(new KeySchemaElement("id", "HASH")),
                null,
                null,
                null,
                null,
                null);

        KeySchema schema = KeySchemas.of(params);

        assertNull(schema.sortKey());
        assertEquals(List.of(), schema.indexes());
    }

    @Test
    void shouldRefuseParametersThatWereNotValidated() {
        TableCreationParameters undefinedKey = new TableCreationParameters(
                "t1x",
                List.of(new AttributeDefinition("id", "S")),
                List.of(new KeySchemaElement("other", "HASH")),
                null,
                null,
                null,
                null,
                null);
        TableCreationParameters badType = new TableCreationParameters(
                "t1x",
                List.of(new AttributeDefinition("id", "SS")),
                List.of(new KeySchemaElement("id", "HASH")),
                null,
                null,
                null,
                null,
                null);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KeySchemas.of(undefinedKey));
        assertEquals(
                "Key attribute other of t1x has no AttributeDefinition; validate the request with RequestValidator"
                        + " first",
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> KeySchemas.of(badType));
    }
}
