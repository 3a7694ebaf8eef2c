package dev.ddbimport.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The table an import creates. Reads the same JSON as the AWS CLI's {@code
 * --table-creation-parameters file://table.json}. Enum members (BillingMode, types) stay wire strings
 * until {@link RequestValidator} has checked them.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TableCreationParameters(
        @JsonProperty("TableName") String tableName,
        @JsonProperty("AttributeDefinitions") List<AttributeDefinition> attributeDefinitions,
        @JsonProperty("KeySchema") List<KeySchemaElement> keySchema,
        @JsonProperty("BillingMode") String billingMode,
        @JsonProperty("ProvisionedThroughput") ProvisionedThroughput provisionedThroughput,
        @JsonProperty("OnDemandThroughput") OnDemandThroughput onDemandThroughput,
        @JsonProperty("SSESpecification") SseSpecification sseSpecification,
        @JsonProperty("GlobalSecondaryIndexes") List<GlobalSecondaryIndex> globalSecondaryIndexes) {

    public TableCreationParameters {
        attributeDefinitions = ModelLists.copy(attributeDefinitions);
        keySchema = ModelLists.copy(keySchema);
        globalSecondaryIndexes = ModelLists.copy(globalSecondaryIndexes);
    }
}
