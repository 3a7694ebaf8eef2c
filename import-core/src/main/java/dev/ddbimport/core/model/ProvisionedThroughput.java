package dev.ddbimport.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Provisioned read and write capacity of the table or an index. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProvisionedThroughput(
        @JsonProperty("ReadCapacityUnits") Long readCapacityUnits,
        @JsonProperty("WriteCapacityUnits") Long writeCapacityUnits) {}
