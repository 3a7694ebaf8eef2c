package dev.ddbimport.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** One element of a key schema; the key type stays the wire string (HASH or RANGE once validated). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record KeySchemaElement(
        @JsonProperty("AttributeName") String attributeName,
        @JsonProperty("KeyType") String keyType) {}
