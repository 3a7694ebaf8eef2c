package dev.ddbimport.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ddbimport.core.validate.KeySchema;
import dev.ddbimport.core.validate.ScalarType;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/** The table creation mapping itself is tested in import-core ({@code CreateTableRequestsTest}). */
class TableProvisionerTest {

    @Test
    void shouldReadThePrimaryKeyFromADescribedTable() {
        TableDescription t = TableDescription.builder()
                .tableName("orders")
                .attributeDefinitions(
                        AttributeDefinition.builder()
                                .attributeName("ts")
                                .attributeType("N")
                                .build(),
                        AttributeDefinition.builder()
                                .attributeName("id")
                                .attributeType("B")
                                .build())
                .keySchema(
                        KeySchemaElement.builder()
                                .attributeName("id")
                                .keyType("HASH")
                                .build(),
                        KeySchemaElement.builder()
                                .attributeName("ts")
                                .keyType("RANGE")
                                .build())
                .build();

        assertEquals(
                KeySchema.of(
                        new KeySchema.KeyAttribute("id", ScalarType.B), new KeySchema.KeyAttribute("ts", ScalarType.N)),
                TableProvisioner.keySchema(t));
    }
}
