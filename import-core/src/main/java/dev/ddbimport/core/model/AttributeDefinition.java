package dev.ddbimport.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** A key attribute's name and type; the type stays the wire string (S, N or B once validated). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AttributeDefinition(
        @JsonProperty("AttributeName") String attributeName,
        @JsonProperty("AttributeType") String attributeType) {}
