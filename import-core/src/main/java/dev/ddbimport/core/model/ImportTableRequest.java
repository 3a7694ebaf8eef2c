package dev.ddbimport.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An ImportTable request exactly as a client sent it (AWS JSON 1.0 member names). InputFormat and
 * InputCompressionType stay strings so that an unknown value is reported by {@link RequestValidator}
 * the way DynamoDB reports it, instead of failing to parse.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImportTableRequest(
        @JsonProperty("ClientToken") String clientToken,
        @JsonProperty("S3BucketSource") S3BucketSource s3BucketSource,
        @JsonProperty("InputFormat") String inputFormat,
        @JsonProperty("InputFormatOptions") InputFormatOptions inputFormatOptions,
        @JsonProperty("InputCompressionType") String inputCompressionType,
        @JsonProperty("TableCreationParameters") TableCreationParameters tableCreationParameters) {}
