package dev.ddbimport.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Caps on request units of an on-demand (PAY_PER_REQUEST) table or index. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OnDemandThroughput(
        @JsonProperty("MaxReadRequestUnits") Long maxReadRequestUnits,
        @JsonProperty("MaxWriteRequestUnits") Long maxWriteRequestUnits) {}
