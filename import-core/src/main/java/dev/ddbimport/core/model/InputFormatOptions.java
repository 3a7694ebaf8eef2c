package dev.ddbimport.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Format-specific options; only CSV has any, and DynamoDB rejects them for other formats. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InputFormatOptions(@JsonProperty("Csv") CsvOptions csv) {}
