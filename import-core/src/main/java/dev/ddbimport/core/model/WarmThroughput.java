package dev.ddbimport.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Pre-warmed throughput of an index; carried so that DescribeImport echoes it back unchanged. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WarmThroughput(
        @JsonProperty("ReadUnitsPerSecond") Long readUnitsPerSecond,
        @JsonProperty("WriteUnitsPerSecond") Long writeUnitsPerSecond) {}
