package dev.ddbimport.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** A global secondary index of the created table; its key attributes are validated on every item. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GlobalSecondaryIndex(
        @JsonProperty("IndexName") String indexName,
        @JsonProperty("KeySchema") List<KeySchemaElement> keySchema,
        @JsonProperty("Projection") Projection projection,
        @JsonProperty("ProvisionedThroughput") ProvisionedThroughput provisionedThroughput,
        @JsonProperty("OnDemandThroughput") OnDemandThroughput onDemandThroughput,
        @JsonProperty("WarmThroughput") WarmThroughput warmThroughput) {

    public GlobalSecondaryIndex {
        keySchema = ModelLists.copy(keySchema);
    }
}
