package dev.ddbimport.core.model;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;

/**
 * The CreateTable an import issues: ImportTable's TableCreationParameters copied member by member
 * into the AWS SDK's request. One mapping, shared by the sink connector (when it creates the table)
 * and the service's orchestration, so both create the same table from the same parameters.
 */
public final class CreateTableRequests {

    private CreateTableRequests() {}

    /**
     * CreateTable from validated TableCreationParameters. Absent members stay absent (DynamoDB then
     * applies its own defaults, e.g. PROVISIONED billing); wire strings are passed on unchanged.
     */
    public static CreateTableRequest of(TableCreationParameters p) {
        CreateTableRequest.Builder b = CreateTableRequest.builder()
                .tableName(p.tableName())
                .attributeDefinitions(attributeDefinitions(p.attributeDefinitions()))
                .keySchema(keySchema(p.keySchema()))
                .billingMode(p.billingMode());
        if (p.provisionedThroughput() != null) {
            b.provisionedThroughput(provisioned(p.provisionedThroughput()));
        }
        if (p.onDemandThroughput() != null) {
            b.onDemandThroughput(onDemand(p.onDemandThroughput()));
        }
        SseSpecification sse = p.sseSpecification();
        if (sse != null) {
            b.sseSpecification(
                    s -> s.enabled(sse.enabled()).sseType(sse.sseType()).kmsMasterKeyId(sse.kmsMasterKeyId()));
        }
        if (p.globalSecondaryIndexes() != null && !p.globalSecondaryIndexes().isEmpty()) {
            List<software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex> indexes = new ArrayList<>();
            for (GlobalSecondaryIndex g : p.globalSecondaryIndexes()) {
                indexes.add(index(g));
            }
            b.globalSecondaryIndexes(indexes);
        }
        return b.build();
    }

    private static software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex index(GlobalSecondaryIndex g) {
        var b = software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex.builder()
                .indexName(g.indexName())
                .keySchema(keySchema(g.keySchema()));
        if (g.projection() != null) {
            b.projection(p -> p.projectionType(g.projection().projectionType())
                    .nonKeyAttributes(g.projection().nonKeyAttributes()));
        }
        if (g.provisionedThroughput() != null) {
            b.provisionedThroughput(provisioned(g.provisionedThroughput()));
        }
        if (g.onDemandThroughput() != null) {
            b.onDemandThroughput(onDemand(g.onDemandThroughput()));
        }
        if (g.warmThroughput() != null) {
            b.warmThroughput(t -> t.readUnitsPerSecond(g.warmThroughput().readUnitsPerSecond())
                    .writeUnitsPerSecond(g.warmThroughput().writeUnitsPerSecond()));
        }
        return b.build();
    }

    private static software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput provisioned(
            ProvisionedThroughput t) {
        return software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput.builder()
                .readCapacityUnits(t.readCapacityUnits())
                .writeCapacityUnits(t.writeCapacityUnits())
                .build();
    }

    private static software.amazon.awssdk.services.dynamodb.model.OnDemandThroughput onDemand(OnDemandThroughput t) {
        return software.amazon.awssdk.services.dynamodb.model.OnDemandThroughput.builder()
                .maxReadRequestUnits(t.maxReadRequestUnits())
                .maxWriteRequestUnits(t.maxWriteRequestUnits())
                .build();
    }

    private static List<software.amazon.awssdk.services.dynamodb.model.AttributeDefinition> attributeDefinitions(
            List<AttributeDefinition> definitions) {
        List<software.amazon.awssdk.services.dynamodb.model.AttributeDefinition> out = new ArrayList<>();
        if (definitions != null) {
            for (AttributeDefinition d : definitions) {
                out.add(software.amazon.awssdk.services.dynamodb.model.AttributeDefinition.builder()
                        .attributeName(d.attributeName())
                        .attributeType(d.attributeType())
                        .build());
            }
        }
        return out;
    }

    private static List<software.amazon.awssdk.services.dynamodb.model.KeySchemaElement> keySchema(
            List<KeySchemaElement> elements) {
        List<software.amazon.awssdk.services.dynamodb.model.KeySchemaElement> out = new ArrayList<>();
        if (elements != null) {
            for (KeySchemaElement e : elements) {
                out.add(software.amazon.awssdk.services.dynamodb.model.KeySchemaElement.builder()
                        .attributeName(e.attributeName())
                        .keyType(e.keyType())
                        .build());
            }
        }
        return out;
    }
}
