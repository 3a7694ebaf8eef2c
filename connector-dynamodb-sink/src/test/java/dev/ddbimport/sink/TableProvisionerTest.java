package dev.ddbimport.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.ddbimport.core.model.ModelJson;
import dev.ddbimport.core.model.TableCreationParameters;
import dev.ddbimport.core.validate.KeySchema;
import dev.ddbimport.core.validate.ScalarType;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

class TableProvisionerTest {

    @Test
    void shouldTurnTableCreationParametersIntoCreateTable() {
        TableCreationParameters params = ModelJson.read("""
                {"TableName":"orders",
                 "AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"},
                   {"AttributeName":"ts","AttributeType":"N"},{"AttributeName":"customer","AttributeType":"S"}],
                 "KeySchema":[{"AttributeName":"id","KeyType":"HASH"},{"AttributeName":"ts","KeyType":"RANGE"}],
                 "BillingMode":"PROVISIONED","ProvisionedThroughput":{"ReadCapacityUnits":5,"WriteCapacityUnits":7},
                 "SSESpecification":{"Enabled":true,"SSEType":"KMS"},
                 "GlobalSecondaryIndexes":[{"IndexName":"by-customer",
                   "KeySchema":[{"AttributeName":"customer","KeyType":"HASH"}],
                   "Projection":{"ProjectionType":"INCLUDE","NonKeyAttributes":["total"]},
                   "ProvisionedThroughput":{"ReadCapacityUnits":1,"WriteCapacityUnits":2}}]}
                """, TableCreationParameters.class);

        CreateTableRequest r = TableProvisioner.toRequest(params);

        assertEquals("orders", r.tableName());
        assertEquals(
                List.of(
                        KeySchemaElement.builder()
                                .attributeName("id")
                                .keyType(KeyType.HASH)
                                .build(),
                        KeySchemaElement.builder()
                                .attributeName("ts")
                                .keyType(KeyType.RANGE)
                                .build()),
                r.keySchema());
        assertEquals(
                AttributeDefinition.builder()
                        .attributeName("ts")
                        .attributeType(ScalarAttributeType.N)
                        .build(),
                r.attributeDefinitions().get(1));
        assertEquals(BillingMode.PROVISIONED, r.billingMode());
        assertEquals(7L, r.provisionedThroughput().writeCapacityUnits());
        assertEquals(true, r.sseSpecification().enabled());
        assertEquals("by-customer", r.globalSecondaryIndexes().get(0).indexName());
        assertEquals(
                ProjectionType.INCLUDE,
                r.globalSecondaryIndexes().get(0).projection().projectionType());
        assertEquals(
                List.of("total"), r.globalSecondaryIndexes().get(0).projection().nonKeyAttributes());
        assertEquals(
                2L, r.globalSecondaryIndexes().get(0).provisionedThroughput().writeCapacityUnits());
        assertNull(r.onDemandThroughput());
    }

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
