package dev.ddbimport.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.SSEType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

class CreateTableRequestsTest {

    private static CreateTableRequest of(String json) {
        return CreateTableRequests.of(ModelJson.read(json, TableCreationParameters.class));
    }

    @Test
    void shouldCopyTheKeySchemaAndAttributeDefinitionsInOrder() {
        CreateTableRequest r = of("""
                {"TableName":"orders",
                 "AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"},
                   {"AttributeName":"ts","AttributeType":"N"},{"AttributeName":"blob","AttributeType":"B"}],
                 "KeySchema":[{"AttributeName":"id","KeyType":"HASH"},{"AttributeName":"ts","KeyType":"RANGE"}],
                 "BillingMode":"PAY_PER_REQUEST"}
                """);

        assertEquals("orders", r.tableName());
        assertEquals(2, r.keySchema().size());
        assertEquals("id", r.keySchema().get(0).attributeName());
        assertEquals(KeyType.HASH, r.keySchema().get(0).keyType());
        assertEquals("ts", r.keySchema().get(1).attributeName());
        assertEquals(KeyType.RANGE, r.keySchema().get(1).keyType());
        assertEquals(3, r.attributeDefinitions().size());
        assertEquals(ScalarAttributeType.S, r.attributeDefinitions().get(0).attributeType());
        assertEquals("ts", r.attributeDefinitions().get(1).attributeName());
        assertEquals(ScalarAttributeType.N, r.attributeDefinitions().get(1).attributeType());
        assertEquals(ScalarAttributeType.B, r.attributeDefinitions().get(2).attributeType());
    }

    @Test
    void shouldCopyPayPerRequestWithOnDemandThroughputAndNoProvisionedThroughput() {
        CreateTableRequest r = of("""
                {"TableName":"t","AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"}],
                 "KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],"BillingMode":"PAY_PER_REQUEST",
                 "OnDemandThroughput":{"MaxReadRequestUnits":100,"MaxWriteRequestUnits":200}}
                """);

        assertEquals(BillingMode.PAY_PER_REQUEST, r.billingMode());
        assertEquals(100L, r.onDemandThroughput().maxReadRequestUnits());
        assertEquals(200L, r.onDemandThroughput().maxWriteRequestUnits());
        assertNull(r.provisionedThroughput());
        assertNull(r.sseSpecification());
        assertFalse(r.hasGlobalSecondaryIndexes());
    }

    @Test
    void shouldCopyProvisionedBillingWithItsThroughput() {
        CreateTableRequest r = of("""
                {"TableName":"t","AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"}],
                 "KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],"BillingMode":"PROVISIONED",
                 "ProvisionedThroughput":{"ReadCapacityUnits":5,"WriteCapacityUnits":7}}
                """);

        assertEquals(BillingMode.PROVISIONED, r.billingMode());
        assertEquals(5L, r.provisionedThroughput().readCapacityUnits());
        assertEquals(7L, r.provisionedThroughput().writeCapacityUnits());
        assertNull(r.onDemandThroughput());
    }

    @Test
    void shouldLeaveAnAbsentBillingModeAbsent() {
        CreateTableRequest r = of("""
                {"TableName":"t","AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"}],
                 "KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],
                 "ProvisionedThroughput":{"ReadCapacityUnits":1,"WriteCapacityUnits":1}}
                """);

        // DynamoDB's own default (PROVISIONED) applies
        assertNull(r.billingModeAsString());
    }

    @Test
    void shouldCopyTheSseSpecification() {
        CreateTableRequest r = of("""
                {"TableName":"t","AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"}],
                 "KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],"BillingMode":"PAY_PER_REQUEST",
                 "SSESpecification":{"Enabled":true,"SSEType":"KMS","KMSMasterKeyId":"alias/imports"}}
                """);

        assertEquals(true, r.sseSpecification().enabled());
        assertEquals(SSEType.KMS, r.sseSpecification().sseType());
        assertEquals("alias/imports", r.sseSpecification().kmsMasterKeyId());
    }

    @Test
    void shouldCopyGlobalSecondaryIndexesWithProjectionsAndThroughput() {
        CreateTableRequest r = of("""
                {"TableName":"orders",
                 "AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"},
                   {"AttributeName":"customer","AttributeType":"S"},{"AttributeName":"day","AttributeType":"N"}],
                 "KeySchema":[{"AttributeName":"id","KeyType":"HASH"}],"BillingMode":"PROVISIONED",
                 "ProvisionedThroughput":{"ReadCapacityUnits":5,"WriteCapacityUnits":7},
                 "GlobalSecondaryIndexes":[
                   {"IndexName":"by-customer",
                    "KeySchema":[{"AttributeName":"customer","KeyType":"HASH"},{"AttributeName":"day","KeyType":"RANGE"}],
                    "Projection":{"ProjectionType":"INCLUDE","NonKeyAttributes":["total","status"]},
                    "ProvisionedThroughput":{"ReadCapacityUnits":1,"WriteCapacityUnits":2},
                    "WarmThroughput":{"ReadUnitsPerSecond":12000,"WriteUnitsPerSecond":4000}},
                   {"IndexName":"by-day","KeySchema":[{"AttributeName":"day","KeyType":"HASH"}],
                    "Projection":{"ProjectionType":"KEYS_ONLY"},
                    "OnDemandThroughput":{"MaxReadRequestUnits":10,"MaxWriteRequestUnits":20}}]}
                """);

        assertEquals(2, r.globalSecondaryIndexes().size());
        var byCustomer = r.globalSecondaryIndexes().get(0);
        assertEquals("by-customer", byCustomer.indexName());
        assertEquals(
                List.of("customer", "day"),
                byCustomer.keySchema().stream().map(k -> k.attributeName()).toList());
        assertEquals(KeyType.RANGE, byCustomer.keySchema().get(1).keyType());
        assertEquals(ProjectionType.INCLUDE, byCustomer.projection().projectionType());
        assertEquals(List.of("total", "status"), byCustomer.projection().nonKeyAttributes());
        assertEquals(1L, byCustomer.provisionedThroughput().readCapacityUnits());
        assertEquals(2L, byCustomer.provisionedThroughput().writeCapacityUnits());
        assertEquals(12000L, byCustomer.warmThroughput().readUnitsPerSecond());
        assertEquals(4000L, byCustomer.warmThroughput().writeUnitsPerSecond());
        assertNull(byCustomer.onDemandThroughput());

        var byDay = r.globalSecondaryIndexes().get(1);
        assertEquals("by-day", byDay.indexName());
        assertEquals(ProjectionType.KEYS_ONLY, byDay.projection().projectionType());
        assertFalse(byDay.projection().hasNonKeyAttributes());
        assertEquals(10L, byDay.onDemandThroughput().maxReadRequestUnits());
        assertEquals(20L, byDay.onDemandThroughput().maxWriteRequestUnits());
        assertNull(byDay.provisionedThroughput());
    }
}
