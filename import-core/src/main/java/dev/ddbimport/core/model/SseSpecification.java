package dev.ddbimport.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Server-side encryption settings of the created table (AWS member SSESpecification). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SseSpecification(
        @JsonProperty("Enabled") Boolean enabled,
        @JsonProperty("SSEType") String sseType,
        @JsonProperty("KMSMasterKeyId") String kmsMasterKeyId) {}
